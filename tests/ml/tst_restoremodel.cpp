// The restoration model (`restore`): the simulated anomalies mark exactly the pixels they change,
// the restoration learns, the defect map finds a defect it never saw in training, and the
// trainer's guarantees (cancel, resume, bundle round trip, bf16) hold for both of its networks.
#include "ResumeCheck.h"
#include "ScoreMany.h"
#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"
#include "core/ml/AnomalySimulation.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

using namespace faultline;
using namespace faultline::ml;
using testing::pathsOf;
using testing::scoresOf;

namespace {

constexpr int kSide = 32; // test image side: large enough for the square, small enough to train in seconds

TrainConfig restoreConfig(const QString& dir, const QString& name) {
    TrainConfig c = testing::tinyTrainConfig(dir + QLatin1Char('/') + name, kSide);
    c.model = QStringLiteral("restore");
    c.patience = 0;
    return c;
}

std::vector<cv::Mat> stripeImages(int n, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<cv::Mat> images;
    for (int i = 0; i < n; ++i) {
        cv::Mat f;
        testing::stripeImage(kSide, rng, /*anomalous=*/false).convertTo(f, CV_32F, 1.0 / 255.0);
        images.push_back(f);
    }
    return images;
}

bool sameImages(const std::vector<cv::Mat>& a, const std::vector<cv::Mat>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (cv::norm(a[i], b[i], cv::NORM_INF) != 0.0) return false;
    return true;
}

} // namespace

class TestRestoreModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void simulatedMasksCoverChangedPixels();
    void restorationLossFalls();
    void defectMapFindsUnseenSquare();
    void bundleReloadsAndScoresIdentically();
    void cancelAndResumeHold();
    void bf16TrainsAndScores();
    void colourRestorationKeepsItsChannels();
    void trainsAFixedLengthByDefault();
};

void TestRestoreModel::simulatedMasksCoverChangedPixels() {
    const std::vector<cv::Mat> clean = stripeImages(64, 5);
    const SimulatedImages sim = simulateAnomalyImages(clean, 11);
    QCOMPARE(sim.images.size(), clean.size());
    QCOMPARE(sim.masks.size(), clean.size());
    int corrupted = 0;
    for (size_t i = 0; i < clean.size(); ++i) {
        QCOMPARE(sim.images[i].size(), clean[i].size());
        double lo = 0, hi = 0;
        cv::minMaxLoc(sim.images[i], &lo, &hi);
        QVERIFY(lo >= 0.0 && hi <= 1.0);
        cv::Mat changed = (cv::abs(sim.images[i] - clean[i]) > 0); // 255 where any change
        const cv::Mat& mask = sim.masks[i];
        QCOMPARE(cv::countNonZero((mask != 0) & (mask != 255)), 0); // binary
        // Mask area equals the number of changed pixels, and they are the same pixels.
        QCOMPARE(cv::countNonZero(mask), cv::countNonZero(changed));
        QCOMPARE(cv::countNonZero(mask != changed), 0);
        if (cv::countNonZero(mask) > 0) ++corrupted;
    }
    // About half the images are corrupted (the rest teach the networks to leave normals alone).
    QVERIFY2(corrupted >= 20 && corrupted <= 44, qPrintable(QString::number(corrupted)));
    // Seeded: the same seed gives the same images; another seed other ones.
    const SimulatedImages again = simulateAnomalyImages(clean, 11);
    QVERIFY(sameImages(again.images, sim.images) && sameImages(again.masks, sim.masks));
    QVERIFY(!sameImages(simulateAnomalyImages(clean, 12).masks, sim.masks));
}

void TestRestoreModel::restorationLossFalls() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", kSide, 64, 16, 0);
    TrainConfig c = restoreConfig(dir.path(), "m.flmodel");
    c.epochs = 4;
    c.bundlePath.clear();
    QVector<double> reported;
    const TrainResult r = trainSamples(c, dir.path(), samples, [&](const TrainProgress& p) {
        if (p.refreshed && !p.epochFinished) reported << p.trainLoss;
        return true;
    });
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY2(reported.last() < 0.7 * reported.first(),
             qPrintable(QStringLiteral("first %1 last %2").arg(reported.first()).arg(reported.last())));
    QVERIFY2(r.history.last().valLoss < r.history.first().valLoss,
             qPrintable(QStringLiteral("val %1 %2").arg(r.history.first().valLoss).arg(r.history.last().valLoss)));
}

void TestRestoreModel::defectMapFindsUnseenSquare() {
    // The simulation never draws squares; the map must still point at the bright square.
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", kSide, 96, 16, 12);
    TrainConfig c = restoreConfig(dir.path(), "m.flmodel");
    c.epochs = 8;
    const TrainResult r = trainSamples(c, dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    const QStringList bad = pathsOf(samples, core::GroundTruth::Anomalous);
    const QStringList good = pathsOf(samples, core::GroundTruth::Normal).filter(QStringLiteral("val_"));
    const auto badScores = scoresOf(c.bundlePath, bad, QStringLiteral("defect-map"));
    const auto goodScores = scoresOf(c.bundlePath, good, QStringLiteral("defect-map"));
    int found = 0;
    for (int i = 0; i < bad.size(); ++i) {
        const ImageScore& s = badScores[size_t(i)];
        QVERIFY(s.ok);
        // Where the square is: the only pixels at 255 (the stripes stay below).
        const cv::Mat img = cv::imread(bad[i].toStdString(), cv::IMREAD_GRAYSCALE);
        cv::Point peak;
        cv::minMaxLoc(s.inputMap, nullptr, nullptr, nullptr, &peak);
        const cv::Rect near(peak.x - 2, peak.y - 2, 5, 5);
        cv::Mat window = img(near & cv::Rect(0, 0, img.cols, img.rows));
        double maxValue = 0;
        cv::minMaxLoc(window, nullptr, &maxValue);
        if (maxValue >= 255) ++found;
    }
    QVERIFY2(found >= bad.size() * 3 / 4, qPrintable(QStringLiteral("%1 of %2").arg(found).arg(bad.size())));
    // And the image score ranks the defective images above the normal ones.
    int pairs = 0, above = 0;
    for (const auto& b : badScores)
        for (const auto& g : goodScores) {
            ++pairs;
            if (b.score > g.score) ++above;
        }
    QVERIFY2(above >= pairs * 9 / 10, qPrintable(QStringLiteral("%1 of %2 pairs").arg(above).arg(pairs)));
}

void TestRestoreModel::bundleReloadsAndScoresIdentically() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", kSide, 32, 8, 6);
    TrainConfig c = restoreConfig(dir.path(), "m.flmodel");
    const TrainResult r = trainSamples(c, dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    Scorer scorer;
    ScoreOptions o;
    o.device = QStringLiteral("cpu");
    QString error;
    QVERIFY2(scorer.load(c.bundlePath, o, &error), qPrintable(error));
    QCOMPARE(scorer.metadata().model, QStringLiteral("restore"));
    QCOMPARE(scorer.method(), ScoreMethod::DefectMap); // the bundle's default for this model
    QVERIFY(scorer.calibration().find(QStringLiteral("defect-map")));
    QVERIFY(scorer.calibration().find(QStringLiteral("diff")));

    const QStringList paths = pathsOf(samples, core::GroundTruth::Anomalous) + pathsOf(samples, core::GroundTruth::Normal).mid(0, 6);
    for (const QString& method : {QStringLiteral("defect-map"), QStringLiteral("diff"), QStringLiteral("mse")}) {
        const auto a = scoresOf(c.bundlePath, paths, method, /*batch=*/32);
        const auto b = scoresOf(c.bundlePath, paths, method, /*batch=*/32);
        const auto single = scoresOf(c.bundlePath, paths, method, /*batch=*/1);
        for (size_t i = 0; i < a.size(); ++i) {
            QVERIFY(a[i].ok && std::isfinite(a[i].score));
            QCOMPARE(b[i].score, a[i].score);
            QCOMPARE(cv::norm(a[i].anomalyMap, b[i].anomalyMap, cv::NORM_INF), 0.0);
            QCOMPARE(cv::norm(a[i].reconstruction, b[i].reconstruction, cv::NORM_INF), 0.0);
            // Eval mode: an image's score does not depend on the other images in its batch.
            QVERIFY2(std::abs(single[i].score - a[i].score) <= 1e-4 * std::max(1.0, std::abs(a[i].score)),
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(method).arg(single[i].score).arg(a[i].score)));
        }
    }
    // The calibration written at training time is what the reloaded bundle gives the validation images.
    const QStringList val = pathsOf(samples, core::GroundTruth::Normal).filter(QStringLiteral("val_"));
    const auto valScores = scoresOf(c.bundlePath, val, QStringLiteral("defect-map"));
    std::vector<float> sorted;
    for (const auto& s : valScores) sorted.push_back(float(s.score));
    std::sort(sorted.begin(), sorted.end());
    const ScoreCalibration* cal = scorer.calibration().find(QStringLiteral("defect-map"));
    QCOMPARE(cal->scores.size(), sorted.size());
    for (size_t i = 0; i < sorted.size(); ++i) QVERIFY(std::abs(cal->scores[i] - sorted[i]) <= 1e-4f);
}

void TestRestoreModel::cancelAndResumeHold() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", kSide, 48, 8, 6);
    TrainConfig cancelled = restoreConfig(dir.path(), "cancelled.flmodel");
    cancelled.epochs = 50;
    // Both networks (and the simulation's random stream) continue exactly: the restoration (mse)
    // and the defect map give the scores of the uninterrupted run.
    testing::checkCancelAndResume(cancelled, restoreConfig(dir.path(), "whole.flmodel"), dir.path(), samples,
                                  pathsOf(samples, core::GroundTruth::Anomalous), {"defect-map", "mse"});
}

void TestRestoreModel::bf16TrainsAndScores() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", kSide, 32, 8, 4);
    TrainConfig c = restoreConfig(dir.path(), "bf16.flmodel");
    c.bf16 = true;
    const TrainResult r = trainSamples(c, dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(std::isfinite(r.bestValLoss));
    const QStringList bad = pathsOf(samples, core::GroundTruth::Anomalous);
    for (const QString& method : {QStringLiteral("defect-map"), QStringLiteral("diff")}) {
        const auto scores = scoresOf(c.bundlePath, bad, method);
        for (const auto& s : scores) QVERIFY(s.ok && std::isfinite(s.score));
    }
}

void TestRestoreModel::colourRestorationKeepsItsChannels() {
    // On the CPU the networks run channels-last; what the scorer hands out is still each colour
    // where it belongs. Three channels at different levels, following one stripe pattern.
    QTemporaryDir dir;
    QDir().mkpath(dir.path() + "/data");
    std::mt19937 rng(5);
    QVector<core::Sample> samples;
    for (int i = 0; i < 48; ++i) {
        const cv::Mat grey = testing::stripeImage(kSide, rng, /*anomalous=*/false);
        cv::Mat r = 128 + grey / 2, g = grey / 4, b(grey.size(), CV_8U, cv::Scalar(100));
        cv::Mat bgr;
        cv::merge(std::vector<cv::Mat>{b, g, r}, bgr);
        core::Sample s;
        s.path = dir.path() + QStringLiteral("/data/%1.png").arg(i);
        s.split = i < 40 ? core::Split::Train : core::Split::Val;
        s.truth = core::GroundTruth::Normal;
        QVERIFY(cv::imwrite(s.path.toStdString(), bgr));
        samples.append(s);
    }
    TrainConfig c = restoreConfig(dir.path(), "rgb.flmodel");
    c.channels = 3;
    c.epochs = 30;
    const TrainResult r = trainSamples(c, dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    QStringList val;
    for (const auto& s : samples)
        if (s.split == core::Split::Val) val << s.path;
    double own = 0, swapped = 0;
    for (const auto& s : scoresOf(c.bundlePath, val, QStringLiteral("mse"))) {
        QVERIFY(s.ok);
        QCOMPARE(s.reconstruction.channels(), 3);
        std::vector<cv::Mat> in, out;
        cv::split(s.input, in);
        cv::split(s.reconstruction, out);
        double level[3], restored[3];
        for (int ch = 0; ch < 3; ++ch) {
            level[ch] = cv::mean(in[size_t(ch)])[0];
            restored[ch] = cv::mean(out[size_t(ch)])[0];
            own += cv::norm(in[size_t(ch)], out[size_t(ch)], cv::NORM_L1);
            swapped += cv::norm(in[size_t(ch)], out[size_t((ch + 1) % 3)], cv::NORM_L1);
        }
        // Each restored channel is nearest to its own channel's level (0.79, 0.12 and 0.39).
        for (int ch = 0; ch < 3; ++ch)
            for (int other = 0; other < 3; ++other)
                QVERIFY2(other == ch || std::abs(restored[ch] - level[ch]) < std::abs(restored[ch] - level[other]),
                         qPrintable(QStringLiteral("channel %1: restored %2, input levels %3 %4 %5")
                                        .arg(ch).arg(restored[ch]).arg(level[0]).arg(level[1]).arg(level[2])));
    }
    QVERIFY2(own < 0.5 * swapped, qPrintable(QStringLiteral("error %1, against the next channel %2").arg(own).arg(swapped)));
}

void TestRestoreModel::trainsAFixedLengthByDefault() {
    // restore trains its whole schedule (no early stop) in batches of 16; the others stop early.
    const TrainingLength restore = defaultTrainingLength(QStringLiteral("restore"));
    QCOMPARE(restore.patience, 0);
    QCOMPARE(restore.batchSize, 16);
    QVERIFY(restore.epochs > TrainConfig{}.epochs);
    TrainConfig c;
    c.model = QStringLiteral("restore");
    applyDefaultTrainingLength(&c);
    QCOMPARE(c.epochs, restore.epochs);
    QCOMPARE(c.batchSize, restore.batchSize);
    QCOMPARE(c.patience, 0);
    c.model = QStringLiteral("ae");
    applyDefaultTrainingLength(&c);
    QCOMPARE(c.epochs, TrainConfig{}.epochs);
    QCOMPARE(c.batchSize, TrainConfig{}.batchSize);
    QCOMPARE(c.patience, TrainConfig{}.patience);
}

QTEST_GUILESS_MAIN(TestRestoreModel)
#include "tst_restoremodel.moc"
