// Benchmarks of the learning engine (see docs/benchmarks/ml.md for the figures and commands):
//   bench_ml fmnist [--model ae] [--classes 0-9] [--epochs 8] [--size 32] [--threads 2] [--latent 64]
//                   [--bank 4096] [--texture-bank 32768] [--batch 64] [--cache DIR] [--methods a,b,...] [--bf16]
//       Fashion-MNIST one-class protocol: train on one class's training images (a seeded tenth
//       held out for validation), score the 10,000 test images, image AUROC per score method.
//   bench_ml throughput [--threads 2]
//       seed-ae training images/s at 32x32 and 128x128, the GFLOP/s that implies, the machine's
//       measured 3x3 convolution GFLOP/s, and scoring images/s.
//   bench_ml bf16 [--threads 2]
//       ae training speed with and without bfloat16 autocast.
#include "core/eval/ScoreCurve.h"
#include "core/ml/ConvProbe.h"
#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTextStream>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <map>
#include <random>

using namespace faultline;
using namespace faultline::ml;

namespace {

QTextStream out(stdout);

QString arg(const QStringList& args, const QString& name, const QString& fallback) {
    const int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
}

QByteArray gunzip(const QString& path) {
    QProcess p;
    p.start(QStringLiteral("gzip"), {QStringLiteral("-dc"), path});
    p.waitForFinished(-1);
    if (p.exitCode() != 0) qFatal("cannot decompress %s", qPrintable(path));
    return p.readAllStandardOutput();
}

quint32 be32(const QByteArray& b, int at) {
    return (quint32(uchar(b[at])) << 24) | (quint32(uchar(b[at + 1])) << 16) | (quint32(uchar(b[at + 2])) << 8) |
           quint32(uchar(b[at + 3]));
}

// Writes the IDX images as PNG files once (the trainer and scorer read files) and returns the labels.
std::vector<int> exportSplit(const QString& dir, const QString& images, const QString& labels) {
    const QByteArray lab = gunzip(labels);
    if (be32(lab, 0) != 0x801) qFatal("%s: not an IDX label file", qPrintable(labels));
    const int n = int(be32(lab, 4));
    std::vector<int> result(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) result[size_t(i)] = uchar(lab[8 + i]);
    if (QFile::exists(dir + "/complete")) return result;
    const QByteArray img = gunzip(images);
    if (be32(img, 0) != 0x803 || int(be32(img, 4)) != n) qFatal("%s: not a matching IDX image file", qPrintable(images));
    const int rows = int(be32(img, 8)), cols = int(be32(img, 12));
    QDir().mkpath(dir);
    for (int i = 0; i < n; ++i) {
        cv::Mat m(rows, cols, CV_8UC1, const_cast<char*>(img.constData() + 16 + qsizetype(i) * rows * cols));
        cv::imwrite(QStringLiteral("%1/%2.png").arg(dir).arg(i, 5, 10, QLatin1Char('0')).toStdString(), m);
    }
    QFile done(dir + "/complete");
    done.open(QIODevice::WriteOnly);
    return result;
}

QString pngPath(const QString& dir, int i) { return QStringLiteral("%1/%2.png").arg(dir).arg(i, 5, 10, QLatin1Char('0')); }

int runFmnist(const QStringList& args) {
    const QString src = QStringLiteral("/usr/share/datasets/fashion-mnist");
    const QString cache = arg(args, "--cache", QDir::tempPath() + "/faultline-fmnist");
    const std::vector<int> trainLabels = exportSplit(cache + "/train", src + "/train-images-idx3-ubyte.gz",
                                                     src + "/train-labels-idx1-ubyte.gz");
    const std::vector<int> testLabels = exportSplit(cache + "/test", src + "/t10k-images-idx3-ubyte.gz",
                                                    src + "/t10k-labels-idx1-ubyte.gz");
    TrainConfig base;
    base.model = arg(args, "--model", "ae");
    base.size = arg(args, "--size", "32").toInt();
    base.channels = 1;
    base.epochs = arg(args, "--epochs", "8").toInt();
    base.batchSize = arg(args, "--batch", "64").toInt();
    base.threads = arg(args, "--threads", "2").toInt();
    base.latent = arg(args, "--latent", "64").toInt();
    base.memoryBankSize = arg(args, "--bank", "4096").toInt();
    base.textureBankSize = arg(args, "--texture-bank", "32768").toInt();
    const QStringList only = arg(args, "--methods", QString()).split(',', Qt::SkipEmptyParts);
    base.learningRate = arg(args, "--lr", "0.001").toDouble();
    base.patience = 0;
    base.device = QStringLiteral("cpu");
    base.progressEvery = 1000;
    base.bf16 = args.contains(QStringLiteral("--bf16"));
    const QString classes = arg(args, "--classes", "0-9");
    std::vector<int> which;
    if (classes.contains('-')) {
        for (int c = classes.section('-', 0, 0).toInt(); c <= classes.section('-', 1, 1).toInt(); ++c) which.push_back(c);
    } else {
        for (const QString& c : classes.split(',')) which.push_back(c.toInt());
    }
    QStringList testPaths;
    for (int i = 0; i < int(testLabels.size()); ++i) testPaths << pngPath(cache + "/test", i);

    out << "# Fashion-MNIST one-class, model " << base.model << ", " << base.size << " px, " << base.epochs
        << " epochs, batch " << base.batchSize << ", latent " << base.latent << ", bank " << base.memoryBankSize
        << ", texture bank " << base.textureBankSize << ", " << base.threads << " threads"
        << (base.bf16 ? ", bf16 autocast" : "") << "\n";
    const std::vector<ScoreMethod> columns{ScoreMethod::Mse,       ScoreMethod::TopK,      ScoreMethod::Ssim,
                                           ScoreMethod::VaeElbo,   ScoreMethod::LatentKnn, ScoreMethod::PatchKnn,
                                           ScoreMethod::ImageKnn,  ScoreMethod::TextureKnn, ScoreMethod::Knn};
    out << "class | train s | img/s | score s";
    for (ScoreMethod m : columns) out << " | " << scoreMethodName(m);
    out << "\n";
    out.flush();
    std::map<ScoreMethod, double> sums;
    for (int c : which) {
        QVector<core::Sample> samples;
        int k = 0;
        for (int i = 0; i < int(trainLabels.size()); ++i) {
            if (trainLabels[size_t(i)] != c) continue;
            core::Sample s;
            s.path = pngPath(cache + "/train", i);
            s.split = (k++ % 10 == 9) ? core::Split::Val : core::Split::Train; // every tenth image validates
            s.truth = core::GroundTruth::Normal;
            samples.append(s);
        }
        TrainConfig config = base;
        config.bundlePath = QStringLiteral("%1/class%2-%3%4.flmodel").arg(cache).arg(c).arg(base.model, base.bf16 ? "-bf16" : "");
        QFile::remove(config.bundlePath + ".ckpt");
        const TrainResult r = trainSamples(config, cache, samples);
        if (!r.ok) qFatal("class %d: %s", c, qPrintable(r.error));
        for (const QString& w : r.warnings) out << "  warning: " << w << "\n";
        Scorer scorer;
        ScoreOptions o;
        o.allScores = true;
        o.allScoresOf = only;
        o.method = only.isEmpty() ? QString() : only.first();
        o.wantMap = false;
        o.batchSize = 256;
        o.threads = base.threads;
        o.device = QStringLiteral("cpu");
        QString error;
        if (!scorer.load(config.bundlePath, o, &error)) qFatal("%s", qPrintable(error));
        std::map<ScoreMethod, std::vector<double>> scores;
        const ScoreRunSummary sum = scorer.scoreFiles(testPaths, [&](int, const ImageScore& s) {
            for (const auto& [m, v] : s.allScores) scores[m].push_back(v);
        });
        std::vector<core::GroundTruth> labels;
        for (int l : testLabels) labels.push_back(l == c ? core::GroundTruth::Normal : core::GroundTruth::Anomalous);
        out << c << " | " << QString::number(r.seconds, 'f', 0) << " | " << QString::number(r.imagesPerSecond, 'f', 0)
            << " | " << QString::number(sum.seconds, 'f', 0);
        for (ScoreMethod m : columns) {
            if (!scores.count(m)) {
                out << " | -";
                continue;
            }
            const double auc = core::ScoreCurve(scores[m], labels).auroc().value_or(0.0);
            sums[m] += auc;
            out << " | " << QString::number(auc, 'f', 4);
        }
        out << "\n";
        out.flush();
    }
    out << "mean | | |";
    for (ScoreMethod m : columns)
        out << " | " << (sums.count(m) ? QString::number(sums[m] / double(which.size()), 'f', 4) : QStringLiteral("-"));
    out << "\n";
    return 0;
}

// Forward FLOPs of seed-ae on one side x side image with `channels` channels.
double seedAeForwardFlops(double side, double channels) {
    auto conv = [](double cin, double cout, double s) { return 2.0 * 9.0 * cin * cout * s * s; };
    return conv(channels, 32, side) + conv(32, 64, side / 2) + conv(64, 128, side / 4) + conv(128, 128, side / 8) +
           conv(128, 64, side / 4) + conv(64, 32, side / 2) + conv(32, channels, side);
}

QVector<core::Sample> syntheticSet(const QString& dir, int side, int count) {
    QDir().mkpath(dir);
    std::mt19937 rng(1);
    QVector<core::Sample> samples;
    for (int i = 0; i < count; ++i) {
        cv::Mat m(side, side, CV_8UC1);
        cv::randu(m, 0, 255);
        const QString path = QStringLiteral("%1/%2.png").arg(dir).arg(i);
        cv::imwrite(path.toStdString(), m);
        core::Sample s;
        s.path = path;
        s.split = i % 10 == 9 ? core::Split::Val : core::Split::Train;
        s.truth = core::GroundTruth::Normal;
        samples.append(s);
    }
    return samples;
}

int runThroughput(const QStringList& args, bool bf16Compare) {
    const int threads = arg(args, "--threads", "2").toInt();
    const ConvProbeResult probe = probeConvolution(threads);
    out << "3x3 conv 128->128 at 64x64, batch 16: forward " << QString::number(probe.forwardGflops, 'f', 1)
        << " GFLOP/s, forward+backward " << QString::number(probe.trainingGflops, 'f', 1) << " GFLOP/s (" << threads
        << " threads)\n";
    const QString dir = QDir::tempPath() + "/faultline-bench-ml";
    for (int side : {32, 128}) {
        const int count = side == 32 ? 2000 : 300;
        const auto samples = syntheticSet(QStringLiteral("%1/s%2").arg(dir).arg(side), side, count);
        for (bool bf16 : bf16Compare ? std::vector<bool>{false, true} : std::vector<bool>{false}) {
            TrainConfig c;
            c.model = bf16Compare ? QStringLiteral("ae") : QStringLiteral("seed-ae");
            c.size = side;
            c.epochs = 2;
            c.batchSize = 32;
            c.threads = threads;
            c.device = QStringLiteral("cpu");
            c.bf16 = bf16;
            c.patience = 0;
            c.progressEvery = 1000;
            c.bundlePath = QStringLiteral("%1/s%2.flmodel").arg(dir).arg(side);
            QFile::remove(c.bundlePath + ".ckpt");
            const TrainResult r = trainSamples(c, dir, samples);
            if (!r.ok) qFatal("%s", qPrintable(r.error));
            const double gflops = 3.0 * seedAeForwardFlops(side, 1) * r.imagesPerSecond / 1e9;
            out << c.model << " " << side << "x" << side << (bf16 ? " bf16" : " fp32") << ": training "
                << QString::number(r.imagesPerSecond, 'f', 0) << " images/s";
            if (!bf16Compare)
                out << " = " << QString::number(gflops, 'f', 1) << " GFLOP/s ("
                    << QString::number(100.0 * gflops / probe.trainingGflops, 'f', 0) << "% of the conv probe)";
            out << "\n";
            if (bf16Compare) continue;
            QStringList paths;
            for (const auto& s : samples) paths << s.path;
            for (const char* method : {"mse", "patch-knn", "knn"}) {
                Scorer scorer;
                ScoreOptions o;
                o.method = method;
                o.threads = threads;
                o.batchSize = 64;
                o.device = QStringLiteral("cpu");
                QString error;
                if (!scorer.load(c.bundlePath, o, &error)) qFatal("%s", qPrintable(error));
                const ScoreRunSummary s = scorer.scoreFiles(paths, {});
                out << "  scoring " << method << " with maps: " << QString::number(s.scored / s.seconds, 'f', 0)
                    << " images/s\n";
            }
            out.flush();
        }
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString mode = args.size() > 1 ? args[1] : QString();
    if (mode == QLatin1String("fmnist")) return runFmnist(args);
    if (mode == QLatin1String("throughput")) return runThroughput(args, false);
    if (mode == QLatin1String("bf16")) return runThroughput(args, true);
    std::fprintf(stderr, "usage: bench_ml fmnist|throughput|bf16 [options] (see the top of bench/bench_ml.cpp)\n");
    return 1;
}
