// GANomaly (`ganomaly`): the generator learns to reconstruct normal stripes, its code distance
// ranks planted squares above held-out normals, and the trainer's guarantees hold with the
// discriminator's own optimiser: cancel within a batch, resume that continues exactly (D's
// optimiser state is in the checkpoint), a bundle that reloads and scores identically, bf16,
// and a discriminator that wins is re-initialised and reported.
#include "ResumeCheck.h"
#include "ScoreMany.h"
#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

using namespace faultline;
using namespace faultline::ml;
using testing::pathsOf;
using testing::scoresOf;

namespace {

constexpr int kSide = 32; // test image side: three strided levels, trains in seconds

TrainConfig ganomalyConfig(const QString& dir, const QString& name) {
    TrainConfig c = testing::tinyTrainConfig(dir + QLatin1Char('/') + name, kSide);
    c.model = QStringLiteral("ganomaly");
    c.learningRate = 2e-4; // GANomaly's
    c.patience = 0;
    return c;
}

// The share of (anomalous, normal) pairs the score orders correctly: the AUROC.
double pairwiseAuroc(const std::vector<ImageScore>& bad, const std::vector<ImageScore>& good) {
    int pairs = 0;
    double above = 0;
    for (const auto& b : bad)
        for (const auto& g : good) {
            ++pairs;
            above += b.score > g.score ? 1.0 : b.score == g.score ? 0.5 : 0.0;
        }
    return pairs ? above / pairs : 0.0;
}

} // namespace

class TestGanomaly : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void learnsAndRanksPlantedSquares();
    void bundleReloadsAndScoresIdentically();
    void cancelAndResumeHold();
    void bf16TrainsAndScores();
    void winningDiscriminatorIsReported();
    void tooSmallInputIsRefused();
};

void TestGanomaly::learnsAndRanksPlantedSquares() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", kSide, 96, 16, 12);
    TrainConfig c = ganomalyConfig(dir.path(), "m.flmodel");
    c.epochs = 20;
    c.widths = {16, 32, 64};
    const TrainResult r = trainSamples(c, dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    // At a sane learning rate nothing is said about the adversarial game.
    for (const QString& w : r.warnings) QVERIFY2(!w.contains(QLatin1String("discriminator")), qPrintable(w));
    // The reconstruction objective falls (validation: L1 + code distance, no adversarial term).
    QVERIFY2(r.history.last().valLoss < 0.7 * r.history.first().valLoss,
             qPrintable(QStringLiteral("%1 -> %2").arg(r.history.first().valLoss).arg(r.history.last().valLoss)));
    Scorer scorer;
    QString error;
    QVERIFY2(scorer.load(c.bundlePath, {}, &error), qPrintable(error));
    QCOMPARE(scorer.method(), ScoreMethod::Ganomaly); // the model's default score
    QVERIFY(scorer.calibration().find(QStringLiteral("ganomaly")));
    QVERIFY(scorer.calibration().find(QStringLiteral("mse")));
    QVERIFY(scorer.calibration().find(QStringLiteral("patch-knn")));

    const QStringList bad = pathsOf(samples, core::GroundTruth::Anomalous);
    const QStringList good = pathsOf(samples, core::GroundTruth::Normal).filter(QStringLiteral("val_"));
    for (const QString& method : {QStringLiteral("ganomaly"), QStringLiteral("mse")}) {
        const double auroc = pairwiseAuroc(scoresOf(c.bundlePath, bad, method), scoresOf(c.bundlePath, good, method));
        qInfo("%s AUROC %.3f", qPrintable(method), auroc);
        QVERIFY2(auroc >= 0.9, qPrintable(QStringLiteral("%1: AUROC %2").arg(method).arg(auroc)));
    }
    // The reconstruction feeds the Reconstruction pane: the input's size, in [0, 1].
    const ImageScore s = scoresOf(c.bundlePath, bad.mid(0, 1), QStringLiteral("ganomaly")).front();
    QVERIFY(s.ok);
    QCOMPARE(s.reconstruction.size(), cv::Size(kSide, kSide));
    double lo = 0, hi = 0;
    cv::minMaxLoc(s.reconstruction, &lo, &hi);
    QVERIFY(lo >= 0.0 && hi <= 1.0 && hi > lo);
}

void TestGanomaly::bundleReloadsAndScoresIdentically() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", kSide, 32, 8, 6);
    TrainConfig c = ganomalyConfig(dir.path(), "m.flmodel");
    const TrainResult r = trainSamples(c, dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    const QStringList paths = pathsOf(samples, core::GroundTruth::Anomalous) + pathsOf(samples, core::GroundTruth::Normal).mid(0, 6);
    for (const QString& method : {QStringLiteral("ganomaly"), QStringLiteral("mse")}) {
        const auto a = scoresOf(c.bundlePath, paths, method, /*batch=*/32);
        const auto b = scoresOf(c.bundlePath, paths, method, /*batch=*/32);
        const auto single = scoresOf(c.bundlePath, paths, method, /*batch=*/1);
        for (size_t i = 0; i < a.size(); ++i) {
            QVERIFY(a[i].ok && std::isfinite(a[i].score));
            QCOMPARE(b[i].score, a[i].score);
            QCOMPARE(cv::norm(a[i].reconstruction, b[i].reconstruction, cv::NORM_INF), 0.0);
            // Eval mode (BatchNorm's running statistics): no dependence on the batch.
            QVERIFY2(std::abs(single[i].score - a[i].score) <= 1e-4 * std::max(1.0, std::abs(a[i].score)),
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(method).arg(single[i].score).arg(a[i].score)));
        }
    }
    // The calibration written at training time is what the reloaded bundle gives the validation images.
    Scorer scorer;
    QString error;
    QVERIFY2(scorer.load(c.bundlePath, {}, &error), qPrintable(error));
    const QStringList val = pathsOf(samples, core::GroundTruth::Normal).filter(QStringLiteral("val_"));
    std::vector<float> sorted;
    for (const auto& s : scoresOf(c.bundlePath, val, QStringLiteral("ganomaly"))) sorted.push_back(float(s.score));
    std::sort(sorted.begin(), sorted.end());
    const ScoreCalibration* cal = scorer.calibration().find(QStringLiteral("ganomaly"));
    QVERIFY(cal);
    QCOMPARE(cal->scores.size(), sorted.size());
    for (size_t i = 0; i < sorted.size(); ++i)
        QVERIFY(std::abs(cal->scores[i] - sorted[i]) <= 1e-4f * std::max(1.0f, std::abs(sorted[i])));
}

void TestGanomaly::cancelAndResumeHold() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", kSide, 48, 8, 6);
    TrainConfig cancelled = ganomalyConfig(dir.path(), "cancelled.flmodel");
    cancelled.epochs = 50;
    TrainConfig whole = ganomalyConfig(dir.path(), "whole.flmodel");
    whole.epochs = 3;
    // Generator, discriminator and D's optimiser continue exactly: the resumed run's scores are
    // the uninterrupted run's (a fresh D optimiser would move D, and through it G, differently).
    testing::checkCancelAndResume(cancelled, whole, dir.path(), samples, pathsOf(samples, core::GroundTruth::Anomalous),
                                  {"ganomaly", "mse"});
}

void TestGanomaly::bf16TrainsAndScores() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", kSide, 32, 8, 4);
    TrainConfig c = ganomalyConfig(dir.path(), "bf16.flmodel");
    c.bf16 = true;
    const TrainResult r = trainSamples(c, dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(std::isfinite(r.bestValLoss));
    for (const auto& s : scoresOf(c.bundlePath, pathsOf(samples, core::GroundTruth::Anomalous), QStringLiteral("ganomaly")))
        QVERIFY(s.ok && std::isfinite(s.score));
}

void TestGanomaly::winningDiscriminatorIsReported() {
    // Salt-and-pepper noise that a one-value code cannot reconstruct, and learning rates far above
    // GANomaly's 0.0002: at 1 the discriminator's loss reaches zero (it has won and is
    // re-initialised), at 100 it explodes (it diverged). Both runs finish and say so.
    QTemporaryDir dir;
    const QString data = dir.path() + "/data";
    QDir().mkpath(data);
    QVector<core::Sample> samples;
    cv::RNG rng(7);
    for (int i = 0; i < 168; ++i) {
        core::Sample s;
        s.path = data + QStringLiteral("/noise_%1.png").arg(i);
        cv::Mat noise(kSide, kSide, CV_8UC1);
        rng.fill(noise, cv::RNG::UNIFORM, 0, 2);
        cv::imwrite(s.path.toStdString(), noise * 255);
        s.split = i < 160 ? core::Split::Train : core::Split::Val;
        s.truth = core::GroundTruth::Normal;
        samples << s;
    }
    const auto warningsAt = [&](double lr) {
        TrainConfig c = ganomalyConfig(dir.path(), QStringLiteral("lr%1.flmodel").arg(lr));
        c.learningRate = lr;
        c.latent = 1;
        c.epochs = 20;
        const TrainResult r = trainSamples(c, dir.path(), samples);
        return r.ok ? r.warnings.join(QLatin1String(" | ")) : QStringLiteral("failed: ") + r.error;
    };
    const QString won = warningsAt(1.0);
    QVERIFY2(won.contains(QLatin1String("discriminator won")) && won.contains(QLatin1String("re-initialised")), qPrintable(won));
    const QString diverged = warningsAt(100.0);
    QVERIFY2(diverged.contains(QLatin1String("adversarial training diverged")), qPrintable(diverged));
}

void TestGanomaly::tooSmallInputIsRefused() {
    TrainConfig c = ganomalyConfig(QDir::tempPath(), "small.flmodel");
    c.size = 8;
    const QString why = validateTrainConfig(c);
    QVERIFY2(why.contains(QLatin1String("ganomaly")) && why.contains(QLatin1String("16")), qPrintable(why));
}

QTEST_GUILESS_MAIN(TestGanomaly)
#include "tst_ganomaly.moc"
