// Benchmarks of the learning engine (see docs/benchmarks/ml.md for the figures and commands):
//   bench_ml fmnist [--model ae] [--classes 0-9] [--epochs 8] [--size 32] [--threads 2] [--latent 64]
//                   [--bank 4096] [--texture-bank 32768] [--batch 64] [--cache DIR] [--methods a,b,...] [--bf16]
//                   [--lr-schedule constant|step] [--texture-coreset N] [--knn-index exact|flat|ivf|hnsw]
//       Fashion-MNIST one-class protocol: train on one class's training images (a seeded tenth
//       held out for validation), score the 10,000 test images, image AUROC per score method.
//   bench_ml throughput [--threads 2]
//       seed-ae training images/s at 32x32 and 128x128, the GFLOP/s that implies, the machine's
//       measured 3x3 convolution GFLOP/s, and scoring images/s.
//   bench_ml bf16 [--threads 2]
//       ae training speed with and without bfloat16 autocast.
//   bench_ml demo --data DIR [--model restore] [--size 128] [--epochs E] [--batch 16] [--patience 0] [--seed 42]
//                 [--threads 2] [--widths 32,64,128] [--methods defect-map,diff,mse,ssim] [--bundle FILE]
//                 [--lr-schedule constant|step] [--bf16] [--framing fit|stretch] [--tile N] [--tile-stride N]
//                 [--tiles-per-image N]
//       A dataset with test/<kind> defects and ground-truth masks (the demo): trains (unless
//       --bundle names an existing bundle), then per score method image AUROC (all and per
//       defect kind), pixel AUROC and AUPRO (all and per kind), scoring images/s with maps; and
//       the reconstruction's quality: mean SSIM to the input on the test normals, mean
//       |input - reconstruction| inside and outside the ground-truth masks.
//   bench_ml knn --data DIR [--banks 32768,8192,4096,2048] [--indexes exact,flat,ivf,hnsw] [--epochs 1]
//                [--size 128] [--seed 42] [--threads 2] [--reuse]
//       The texture search of `knn`: trains an ae per texture bank size (the first the random
//       sample, the others greedy coresets of it; the network is the same seeded one each time),
//       then scores the test split with maps through every index: images/s (and the ratio to the
//       first bank with the first index, in the same run), image AUROC, pixel AUROC, index build s.
#include "core/dataset/DatasetScanner.h"
#include "core/eval/PixelMetrics.h"
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
#include <opencv2/imgproc.hpp>

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
    base.textureCoreset = arg(args, "--texture-coreset", QString::number(TrainConfig().textureCoreset)).toInt();
    base.knnIndex = arg(args, "--knn-index", "exact");
    const QStringList only = arg(args, "--methods", QString()).split(',', Qt::SkipEmptyParts);
    base.learningRate = arg(args, "--lr", "0.001").toDouble();
    base.lrSchedule = arg(args, "--lr-schedule", QString());
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
        << ", texture bank " << base.textureBankSize << " (coreset " << base.textureCoreset << ", " << base.knnIndex
        << " search), " << base.threads << " threads"
        << (base.bf16 ? ", bf16 autocast" : "") << "\n";
    // Every method there is (a bundle's unsupported ones print "-"), in ScoreMethod's order.
    std::vector<ScoreMethod> columns;
    for (const QString& name : scoreMethodNames()) {
        ScoreMethod m;
        if (parseScoreMethod(name, &m) && (only.isEmpty() || only.contains(name))) columns.push_back(m);
    }
    out << "class | train s | img/s | score s";
    for (ScoreMethod m : columns) out << " | " << scoreMethodName(m);
    out << "\n";
    out.flush();
    std::map<ScoreMethod, double> sums, lowest;
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
        config.bundlePath = QStringLiteral("%1/class%2-%3%4%5.flmodel")
                                .arg(cache)
                                .arg(c)
                                .arg(base.model, base.bf16 ? "-bf16" : "",
                                     base.textureCoreset ? QStringLiteral("-coreset%1").arg(base.textureCoreset) : QString());
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
            lowest[m] = lowest.count(m) ? std::min(lowest[m], auc) : auc;
            out << " | " << QString::number(auc, 'f', 4);
        }
        out << "\n";
        out.flush();
    }
    out << "mean | | |";
    for (ScoreMethod m : columns)
        out << " | " << (sums.count(m) ? QString::number(sums[m] / double(which.size()), 'f', 4) : QStringLiteral("-"));
    out << "\nlowest | | |";
    for (ScoreMethod m : columns)
        out << " | " << (lowest.count(m) ? QString::number(lowest[m], 'f', 4) : QStringLiteral("-"));
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


QString fixed(double v, int digits = 4) { return QString::number(v, 'f', digits); }

int runDemo(const QStringList& args) {
    const QString data = arg(args, "--data", QString());
    if (data.isEmpty()) qFatal("demo needs --data DIR");
    TrainConfig c;
    c.model = arg(args, "--model", "restore");
    c.size = arg(args, "--size", "128").toInt();
    c.epochs = arg(args, "--epochs", QString::number(defaultTrainingLength(c.model).epochs)).toInt();
    c.batchSize = arg(args, "--batch", "16").toInt(); // restore's default; the documented ae runs used it too
    c.seed = arg(args, "--seed", "42").toULongLong();
    c.threads = arg(args, "--threads", "2").toInt();
    c.device = arg(args, "--device", "cpu");
    c.patience = arg(args, "--patience", "0").toInt();
    c.bf16 = args.contains(QStringLiteral("--bf16"));
    c.lrSchedule = arg(args, "--lr-schedule", QString());
    c.framing = arg(args, "--framing", "fit");
    c.tile = arg(args, "--tile", "0").toInt();
    c.tileStride = arg(args, "--tile-stride", "0").toInt();
    c.tilesPerImage = arg(args, "--tiles-per-image", "64").toInt();
    c.progressEvery = 1000;
    if (const QString bad = validateTrainConfig(c); !bad.isEmpty()) qFatal("%s", qPrintable(bad));
    const QStringList widths = arg(args, "--widths", "32,64,128").split(',');
    c.widths.clear();
    for (const QString& w : widths) c.widths.append(w.toInt());
    const QString defaultMethods = c.model == QLatin1String("restore") ? "defect-map,diff,mse,ssim" : "mse,ssim,knn";
    const QStringList methods = arg(args, "--methods", defaultMethods).split(',', Qt::SkipEmptyParts);
    c.bundlePath = arg(args, "--bundle", QDir::tempPath() + QStringLiteral("/bench-demo-%1-s%2.flmodel").arg(c.model).arg(c.seed));

    core::ScanOptions scan;
    scan.seed = c.seed;
    const core::ScanResult scanned = core::scanDataset(data, scan);
    if (!scanned.ok) qFatal("%s", qPrintable(scanned.error));
    out << "# " << data << ": model " << c.model << ", " << c.size << " px, widths " << widths.join('/') << ", seed "
        << c.seed << ", " << c.threads << " threads" << (c.bf16 ? ", bf16" : "") << ", lr schedule "
        << effectiveLrSchedule(c) << ", framing " << c.framing
        << (c.tile > 0 ? QStringLiteral(", tiles of %1 px every %2 px").arg(c.tile).arg(framingSpec(c).effectiveStride()) : QString())
        << "\n";
    if (!QFile::exists(c.bundlePath) || !args.contains(QStringLiteral("--bundle"))) {
        QFile::remove(c.bundlePath + ".ckpt");
        const TrainResult r = train(c, scanned.dataset, [](const TrainProgress& p) {
            if (p.epochFinished)
                out << "  epoch " << p.epoch << " train " << fixed(p.trainLoss) << " val " << fixed(p.valLoss) << "\n", out.flush();
            return true;
        });
        if (!r.ok) qFatal("%s", qPrintable(r.error));
        for (const QString& w : r.warnings) out << "  warning: " << w << "\n";
        out << "trained " << r.history.size() << " epochs in " << fixed(r.seconds, 0) << " s, " << fixed(r.imagesPerSecond, 1)
            << " train images/s, best epoch " << r.bestEpoch << " (" << r.device << ")\n";
    }
    const ConvProbeResult probe = probeConvolution(c.threads);
    out << "conv probe: forward " << fixed(probe.forwardGflops, 1) << " GFLOP/s, forward+backward "
        << fixed(probe.trainingGflops, 1) << " GFLOP/s\n";

    QVector<core::Sample> test;
    for (const core::Sample& s : scanned.dataset.samples)
        if (s.split == core::Split::Test && s.truth != core::GroundTruth::Unknown) test.append(s);
    QStringList paths;
    for (const auto& s : test) paths << s.path;
    std::map<QString, int> kinds;
    for (const auto& s : test)
        if (s.truth == core::GroundTruth::Anomalous) ++kinds[s.defect];

    for (const QString& method : methods) {
        Scorer scorer;
        ScoreOptions o;
        o.method = method;
        o.threads = c.threads;
        o.batchSize = 16;
        o.device = c.device;
        o.wantReconstruction = method == methods.first();
        QString error;
        if (!scorer.load(c.bundlePath, o, &error)) qFatal("%s", qPrintable(error));
        std::vector<double> scores(size_t(test.size()));
        core::PixelMetricsAccumulator all;
        std::map<QString, core::PixelMetricsAccumulator> perKind;
        double ssimSum = 0, inside = 0, outside = 0;
        qint64 insideN = 0, outsideN = 0;
        int normals = 0;
        const ScoreRunSummary sum = scorer.scoreFiles(paths, [&](int i, const ImageScore& s) {
            const core::Sample& sample = test[i];
            scores[size_t(i)] = s.score;
            cv::Mat mask;
            if (!sample.maskPath.isEmpty()) mask = cv::imread(sample.maskPath.toStdString(), cv::IMREAD_GRAYSCALE);
            if (mask.empty()) mask = cv::Mat::zeros(s.anomalyMap.size(), CV_8UC1);
            QString why;
            all.add(s.anomalyMap, mask, &why);
            if (sample.truth == core::GroundTruth::Anomalous) {
                perKind[sample.defect].add(s.anomalyMap, mask, &why);
            }
            if (!o.wantReconstruction || s.reconstruction.empty()) return;
            cv::Mat err;
            cv::absdiff(s.input, s.reconstruction, err);
            if (err.channels() > 1) cv::cvtColor(err, err, cv::COLOR_RGB2GRAY);
            if (sample.truth == core::GroundTruth::Normal) {
                // Mean SSIM (grey, 7x7 Gaussian window sigma 1.5, as the ssim score).
                cv::Mat x = s.input, y = s.reconstruction;
                if (x.channels() > 1) cv::cvtColor(x, x, cv::COLOR_RGB2GRAY), cv::cvtColor(y, y, cv::COLOR_RGB2GRAY);
                auto blur = [](const cv::Mat& m) { cv::Mat b; cv::GaussianBlur(m, b, cv::Size(7, 7), 1.5); return b; };
                cv::Mat mx = blur(x), my = blur(y);
                cv::Mat sxx = blur(x.mul(x)) - mx.mul(mx), syy = blur(y.mul(y)) - my.mul(my), sxy = blur(x.mul(y)) - mx.mul(my);
                const double c1 = 1e-4, c2 = 9e-4;
                cv::Mat num = (2 * mx.mul(my) + c1).mul(2 * sxy + c2), den = (mx.mul(mx) + my.mul(my) + c1).mul(sxx + syy + c2);
                cv::Mat ssim;
                cv::divide(num, den, ssim);
                ssimSum += cv::mean(ssim)[0];
                ++normals;
            } else {
                cv::Mat m, w;
                cv::resize(mask, m, err.size(), 0, 0, cv::INTER_NEAREST);
                cv::Mat(m > 0).convertTo(w, CV_32F, 1.0 / 255.0);
                const double in_ = cv::sum(err.mul(w))[0];
                inside += in_;
                outside += cv::sum(err)[0] - in_;
                const qint64 in = cv::countNonZero(m);
                insideN += in;
                outsideN += qint64(m.total()) - in;
            }
        });
        std::vector<core::GroundTruth> labels;
        for (const auto& s : test) labels.push_back(s.truth);
        const core::PixelMetricsResult px = all.result();
        out << method << ": image AUROC " << fixed(core::ScoreCurve(scores, labels).auroc().value_or(0)) << ", pixel AUROC "
            << fixed(px.auroc.value_or(0)) << ", AUPRO " << fixed(px.aupro.value_or(0)) << ", scoring "
            << fixed(sum.scored / sum.seconds, 1) << " images/s with maps" << (o.wantReconstruction ? " and reconstructions" : "") << "\n";
        for (const auto& [kind, count] : kinds) {
            std::vector<double> ks;
            std::vector<core::GroundTruth> kl;
            for (int i = 0; i < test.size(); ++i)
                if (test[i].truth == core::GroundTruth::Normal || test[i].defect == kind) {
                    ks.push_back(scores[size_t(i)]);
                    kl.push_back(test[i].truth);
                }
            // Per-kind pixel metrics: that kind's defective images (the normals' pixels are in "all").
            const core::PixelMetricsResult kp = perKind[kind].result();
            out << "  " << kind << " (" << count << "): image AUROC " << fixed(core::ScoreCurve(ks, kl).auroc().value_or(0))
                << ", pixel AUROC " << fixed(kp.auroc.value_or(0)) << ", AUPRO " << fixed(kp.aupro.value_or(0)) << "\n";
        }
        if (o.wantReconstruction && normals > 0)
            out << "  reconstruction: mean SSIM to the input on " << normals << " test normals " << fixed(ssimSum / normals)
                << "; mean |input - reconstruction| inside the defect masks " << fixed(insideN ? inside / double(insideN) : 0)
                << ", outside " << fixed(outsideN ? outside / double(outsideN) : 0) << "\n";
        out.flush();
    }
    return 0;
}

int runKnn(const QStringList& args) {
    const QString data = arg(args, "--data", QString());
    if (data.isEmpty()) qFatal("knn needs --data DIR");
    TrainConfig base;
    base.model = QStringLiteral("ae");
    base.size = arg(args, "--size", "128").toInt();
    base.epochs = arg(args, "--epochs", "1").toInt();
    base.batchSize = 16;
    base.seed = arg(args, "--seed", "42").toULongLong();
    base.threads = arg(args, "--threads", "2").toInt();
    base.device = QStringLiteral("cpu");
    base.patience = 0;
    base.progressEvery = 1000;
    base.textureBankSize = 32768;
    const QStringList banks = arg(args, "--banks", "32768,8192,4096,2048").split(',', Qt::SkipEmptyParts);
    const QStringList indexes = arg(args, "--indexes", "exact,flat,ivf,hnsw").split(',', Qt::SkipEmptyParts);
    core::ScanOptions scan;
    scan.seed = base.seed;
    const core::ScanResult scanned = core::scanDataset(data, scan);
    if (!scanned.ok) qFatal("%s", qPrintable(scanned.error));
    QVector<core::Sample> test;
    for (const core::Sample& s : scanned.dataset.samples)
        if (s.split == core::Split::Test && s.truth != core::GroundTruth::Unknown) test.append(s);
    QStringList paths;
    std::vector<core::GroundTruth> labels;
    std::vector<cv::Mat> masks;
    for (const auto& s : test) {
        paths << s.path;
        labels.push_back(s.truth);
        masks.push_back(s.maskPath.isEmpty() ? cv::Mat() : cv::imread(s.maskPath.toStdString(), cv::IMREAD_GRAYSCALE));
    }
    out << "# " << data << ": ae " << base.size << " px, " << base.epochs << " epochs, seed " << base.seed << ", "
        << base.threads << " threads, " << test.size() << " test images, knn with maps\n";
    // Throughput over several passes of the test list (the first one gives the AUROCs).
    const int repeat = std::max(1, arg(args, "--repeat", "1").toInt());
    QStringList passes;
    for (int i = 0; i < repeat; ++i) passes << paths;
    out << "bank | index | train s | load s (index build) | images/s | ratio | image AUROC | pixel AUROC"
           " | decode s | scoring waited s | scoring s\n";
    out.flush();
    double baseline = 0;
    QString firstBundle;
    auto scoreWith = [&](const QString& bank, const QString& index, const QString& bundle, double trainSeconds,
                         bool reconstruction = false) {
        Scorer scorer;
        ScoreOptions o;
        o.method = QStringLiteral("knn");
        o.knnIndex = index;
        o.threads = base.threads;
        o.batchSize = 16;
        o.device = QStringLiteral("cpu");
        o.wantReconstruction = reconstruction;  // runs the network pass, as every score did before it was skipped
        QString error;
        QElapsedTimer loadClock;
        loadClock.start();
        if (!scorer.load(bundle, o, &error)) qFatal("%s", qPrintable(error));
        const double loadSeconds = loadClock.elapsed() / 1000.0;
        std::vector<double> scores(size_t(test.size()));
        core::PixelMetricsAccumulator pixels;
        const ScoreRunSummary sum = scorer.scoreFiles(passes, [&](int i, const ImageScore& s) {
            if (i >= int(test.size())) return;
            scores[size_t(i)] = s.score;
            cv::Mat mask = masks[size_t(i)].empty() ? cv::Mat::zeros(s.anomalyMap.size(), CV_8UC1) : masks[size_t(i)];
            QString why;
            pixels.add(s.anomalyMap, mask, &why);
        });
        const double rate = sum.scored / sum.seconds;
        if (baseline == 0) baseline = rate;
        out << bank << " | " << index << " | " << fixed(trainSeconds, 1) << " | " << fixed(loadSeconds, 2) << " | "
            << fixed(rate, 1) << " | " << fixed(rate / baseline, 2) << " | "
            << fixed(core::ScoreCurve(scores, labels).auroc().value_or(0)) << " | " << fixed(pixels.result().auroc.value_or(0))
            << " | " << fixed(sum.decodeSeconds, 1) << " | " << fixed(sum.waitSeconds, 1) << " | "
            << fixed(sum.scoreSeconds, 1) << "\n";
        out.flush();
    };
    for (const QString& bank : banks) {
        TrainConfig c = base;
        c.textureCoreset = bank.toInt() >= c.textureBankSize ? 0 : bank.toInt();
        c.bundlePath = QDir::tempPath() + QStringLiteral("/bench-knn-%1-s%2.flmodel").arg(bank).arg(c.seed);
        QFile::remove(c.bundlePath + ".ckpt");
        QElapsedTimer trainClock;
        trainClock.start();
        if (!args.contains(QStringLiteral("--reuse")) || !QFile::exists(c.bundlePath)) {
            const TrainResult r = train(c, scanned.dataset, {});
            if (!r.ok) qFatal("%s", qPrintable(r.error));
        }
        const double trainSeconds = trainClock.elapsed() / 1000.0;
        if (bank == banks.first() && args.contains(QStringLiteral("--network-pass")))
            scoreWith(bank + " (network pass)", indexes.first(), c.bundlePath, trainSeconds, true);
        for (const QString& index : indexes) scoreWith(bank, index, c.bundlePath, trainSeconds);
        if (bank == banks.first()) firstBundle = c.bundlePath;
    }
    // The machine is shared: the load can change during the run. The first bank with the first
    // index once more shows how far the baseline drifted.
    if (banks.size() > 1 || indexes.size() > 1) scoreWith(banks.first() + " (again)", indexes.first(), firstBundle, 0.0);
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
    if (mode == QLatin1String("demo")) return runDemo(args);
    if (mode == QLatin1String("knn")) return runKnn(args);
    std::fprintf(stderr, "usage: bench_ml fmnist|throughput|bf16|demo|knn [options] (see the top of bench/bench_ml.cpp)\n");
    return 1;
}
