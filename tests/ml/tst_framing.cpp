// Images that are not squares, through training and scoring: the bundle records how it framed its
// images and scoring repeats it exactly (the calibration is what the scorer gives), maps come
// back on the original pixels with the defect where it was drawn, aspect kept or tiled, mixed
// shapes in one set, a large JPEG decoded reduced; the training-set check ranks tiled images whole.
#include "ScoreOne.h"
#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include "core/ml/ModelBundle.h"
#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"
#include "core/ml/TrainingSuspects.h"

#include <opencv2/imgproc.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace faultline;
using namespace faultline::ml;

namespace {

constexpr double kGrain = 1.5;

// A fresh surface with a bright square, written as PNG.
QString writeDefect(const QString& path, cv::Size size, cv::Rect square, unsigned seed) {
    cv::Mat img = testing::grainTexture(size, kGrain, seed);
    img(square) += cv::Scalar(110);
    cv::imwrite(path.toStdString(), img);
    return path;
}

// Whether the map's peak lies in the square, grown by `slack` pixels.
bool peakIn(const cv::Mat& map, cv::Rect square, int slack) {
    cv::Point peak;
    cv::minMaxLoc(map, nullptr, nullptr, nullptr, &peak);
    const cv::Rect grown(square.x - slack, square.y - slack, square.width + 2 * slack, square.height + 2 * slack);
    return grown.contains(peak);
}

// The highest validation score of the bundle's default score method.
double worstValidationScore(const QString& bundle) {
    BundleMetadata meta;
    BundleCalibration cal;
    if (!ModelBundle::loadHeader(bundle, &meta, &cal, nullptr)) return 1e300;
    const ScoreCalibration* c = cal.find(meta.defaultScore);
    return c && !c->scores.empty() ? double(c->scores.back()) : 1e300;
}

} // namespace

class TestFraming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void bundleRecordsItsFraming();
    void calibrationIsWhatTheScorerGives_data();
    void calibrationIsWhatTheScorerGives();
    void wideImageMapLandsOnTheDefect();
    void tiledMapsAndRestorationsAreAtOriginalPixels();
    void mixedSizesTrainAndScoreOnTheirOwnPixels();
    void largeJpegDecodedReducedMapsOntoTheFile();
    void trainingSetCheckRanksTiledImagesWhole();
    void olderBundlesSqueeze();

private:
    QTemporaryDir m_dir;
    QString m_fit, m_tiled, m_streamed;
    QStringList m_fitVal, m_tiledVal;
};

void TestFraming::initTestCase() {
    const QString root = m_dir.path();
    // Wide images, 2.5 : 1, kept whole.
    auto wide = testing::writeGrainImages(root + "/wide", "train", core::Split::Train, 12, {120, 48}, kGrain, 10);
    const auto wideVal = testing::writeGrainImages(root + "/wide", "val", core::Split::Val, 4, {120, 48}, kGrain, 50);
    for (const auto& s : wideVal) m_fitVal << s.path;
    wide += wideVal;
    TrainConfig c = testing::tinyTrainConfig(m_fit = root + "/fit.flmodel", 64);
    c.epochs = 1;
    TrainResult r = trainSamples(c, root + "/wide", wide);
    QVERIFY2(r.ok, qPrintable(r.error));
    // Larger images cut into 32 px windows every 16 px.
    auto large = testing::writeGrainImages(root + "/large", "train", core::Split::Train, 4, {160, 112}, kGrain, 100);
    const auto largeVal = testing::writeGrainImages(root + "/large", "val", core::Split::Val, 3, {160, 112}, kGrain, 150);
    for (const auto& s : largeVal) m_tiledVal << s.path;
    large += largeVal;
    c = testing::tinyTrainConfig(m_tiled = root + "/tiled.flmodel", 32);
    c.epochs = 1;
    c.tile = 32;
    c.tilesPerImage = 20;
    r = trainSamples(c, root + "/large", large);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.trainImages, 4); // images, not windows
    QCOMPARE(r.valImages, 3);
    // The same, decoded per batch from the files (a memory budget nothing fits in).
    c.bundlePath = m_streamed = root + "/streamed.flmodel";
    c.memoryBudgetBytes = 1;
    r = trainSamples(c, root + "/large", large);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.trainImages, 4);
}

void TestFraming::bundleRecordsItsFraming() {
    BundleMetadata meta;
    BundleCalibration cal;
    QVERIFY(ModelBundle::loadHeader(m_tiled, &meta, &cal, nullptr));
    const TrainConfig c = trainConfigFromJson(meta.trainConfig);
    QCOMPARE(c.framing, QStringLiteral("fit"));
    QCOMPARE(c.tile, 32);
    QCOMPARE(framingSpec(c).effectiveStride(), 16);
    QVERIFY(ModelBundle::loadHeader(m_fit, &meta, &cal, nullptr));
    QCOMPARE(trainConfigFromJson(meta.trainConfig).tile, 0);
}

void TestFraming::calibrationIsWhatTheScorerGives_data() {
    QTest::addColumn<int>("which");
    QTest::newRow("aspect kept") << 0;
    QTest::newRow("tiles") << 1;
    QTest::newRow("tiles, streamed") << 2;
}

void TestFraming::calibrationIsWhatTheScorerGives() {
    QFETCH(int, which);
    const bool tiled = which > 0;
    const QString bundle = which == 0 ? m_fit : which == 1 ? m_tiled : m_streamed;
    Scorer scorer;
    ScoreOptions o;
    o.wantMap = false;
    o.batchSize = 7; // not the builder's batches: the windows, not the batching, make the score
    QString error;
    QVERIFY2(scorer.load(bundle, o, &error), qPrintable(error));
    std::vector<double> scores;
    scorer.scoreFiles(tiled ? m_tiledVal : m_fitVal, [&](int, const ImageScore& s) {
        QVERIFY2(s.ok, qPrintable(s.error));
        scores.push_back(s.score);
    });
    std::sort(scores.begin(), scores.end());
    const ScoreCalibration* cal = scorer.calibration().find(scorer.metadata().defaultScore);
    QVERIFY(cal);
    QCOMPARE(cal->scores.size(), scores.size());
    for (size_t i = 0; i < scores.size(); ++i)
        QVERIFY2(std::abs(cal->scores[i] - scores[i]) <= 1e-4 * std::max(1.0, std::abs(scores[i])),
                 qPrintable(QStringLiteral("%1 vs %2").arg(cal->scores[i]).arg(scores[i])));
}

void TestFraming::wideImageMapLandsOnTheDefect() {
    const cv::Rect square(88, 18, 12, 12);
    const QString path = writeDefect(m_dir.path() + "/wide-defect.png", {120, 48}, square, 900);
    const ImageScore s = testing::scoreOne(m_fit, path, false);
    QVERIFY2(s.ok, qPrintable(s.error));
    QCOMPARE(s.anomalyMap.size(), cv::Size(120, 48));
    QVERIFY(peakIn(s.anomalyMap, square, 4));
    QVERIFY(s.score > worstValidationScore(m_fit));
}

void TestFraming::tiledMapsAndRestorationsAreAtOriginalPixels() {
    const cv::Rect square(131, 88, 6, 6);
    const QString path = writeDefect(m_dir.path() + "/large-defect.png", {160, 112}, square, 901);
    const ImageScore s = testing::scoreOne(m_tiled, path);
    QVERIFY2(s.ok, qPrintable(s.error));
    QCOMPARE(s.anomalyMap.size(), cv::Size(160, 112));
    QCOMPARE(s.reconstruction.size(), cv::Size(160, 112));
    QCOMPARE(s.input.size(), cv::Size(160, 112));
    QVERIFY(peakIn(s.anomalyMap, square, 4));
    // The input shown is the file's own pixels, not a resampled copy.
    cv::Mat file = cv::imread(path.toStdString(), cv::IMREAD_GRAYSCALE), asFloat;
    file.convertTo(asFloat, CV_32F, 1.0 / 255.0);
    QVERIFY(cv::norm(asFloat, s.input, cv::NORM_INF) < 1e-6);
    QVERIFY(s.score > worstValidationScore(m_tiled));
}

void TestFraming::mixedSizesTrainAndScoreOnTheirOwnPixels() {
    // Parts cropped by a detector come in every shape: one dataset, one batch, each image's map
    // and restoration on its own pixels.
    const QString root = m_dir.path() + "/mixed";
    const std::vector<cv::Size> shapes{{120, 48}, {48, 100}, {64, 64}, {90, 70}, {33, 81}};
    QVector<core::Sample> samples;
    for (int i = 0; i < 15; ++i)
        samples += testing::writeGrainImages(root, QStringLiteral("train%1").arg(i), core::Split::Train, 1,
                                             shapes[size_t(i) % shapes.size()], kGrain, 300 + unsigned(i));
    for (int i = 0; i < 5; ++i)
        samples += testing::writeGrainImages(root, QStringLiteral("val%1").arg(i), core::Split::Val, 1, shapes[size_t(i)],
                                             kGrain, 400 + unsigned(i));
    TrainConfig c = testing::tinyTrainConfig(root + "/mixed.flmodel", 32);
    c.epochs = 1;
    const TrainResult r = trainSamples(c, root, samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.trainImages, 15);
    Scorer scorer;
    ScoreOptions o;
    o.wantReconstruction = true;
    o.batchSize = 4;
    QVERIFY(scorer.load(c.bundlePath, o, nullptr));
    QStringList paths;
    for (const auto& s : samples) paths << s.path;
    int scored = 0;
    scorer.scoreFiles(paths, [&](int i, const ImageScore& s) {
        QVERIFY2(s.ok, qPrintable(s.error));
        const cv::Size shape = shapes[size_t(i < 15 ? i % 5 : i - 15)];
        QCOMPARE(s.anomalyMap.size(), shape);
        // The restoration keeps the image's shape (its longer side is the input side).
        const double aspect = double(shape.width) / shape.height;
        QVERIFY(std::abs(double(s.reconstruction.cols) / s.reconstruction.rows - aspect) < 0.1 * aspect);
        QCOMPARE(std::max(s.reconstruction.cols, s.reconstruction.rows), 32);
        ++scored;
    });
    QCOMPARE(scored, 20);
}

void TestFraming::largeJpegDecodedReducedMapsOntoTheFile() {
    // A 2,400 x 960 JPEG is decoded at 1/8 for a 64 px input; its map still covers the file's
    // pixels, with the defect where it was drawn.
    cv::Mat big = testing::grainTexture({2400, 960}, 8 * kGrain, 950);
    const cv::Rect square(1760, 400, 96, 96);
    big(square) += cv::Scalar(110);
    const QString path = m_dir.path() + "/big.jpg";
    QVERIFY(cv::imwrite(path.toStdString(), big, {cv::IMWRITE_JPEG_QUALITY, 95}));
    const ImageScore s = testing::scoreOne(m_fit, path);
    QVERIFY2(s.ok, qPrintable(s.error));
    QCOMPARE(s.originalSize, cv::Size(2400, 960));
    QCOMPARE(s.anomalyMap.size(), cv::Size(2400, 960));
    QVERIFY(peakIn(s.anomalyMap, square, 48));
}

void TestFraming::trainingSetCheckRanksTiledImagesWhole() {
    // A tiled bundle's training images are ranked as images (their worst window), with whole
    // images left out of each fold: a planted defect ranks first, once.
    QStringList train;
    for (int i = 0; i < 9; ++i) {
        const QString path = m_dir.path() + QStringLiteral("/large/suspect_%1.png").arg(i);
        cv::imwrite(path.toStdString(), testing::grainTexture({160, 112}, kGrain, 700 + unsigned(i)));
        train << path;
    }
    train << writeDefect(m_dir.path() + "/large/suspect_planted.png", {160, 112}, cv::Rect(40, 60, 6, 6), 799);
    SuspectOptions o;
    o.folds = 3;
    const SuspectReport r = findTrainingSuspects(m_tiled, train, o);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(int(r.ranked.size()), train.size());
    QCOMPARE(r.ranked.front().path, train.last());
    QVERIFY(r.ranked.front().score > r.ranked[1].score);
}

void TestFraming::olderBundlesSqueeze() {
    // Bundles from before framing have no "framing" key: they squeezed whole images, and
    // scoring them must do the same.
    const TrainConfig old = trainConfigFromJson(QJsonObject{{"model", "ae"}, {"size", 64}});
    QCOMPARE(old.framing, QStringLiteral("stretch"));
    QCOMPARE(framingSpec(old).mode, core::FramingMode::Stretch);
    QCOMPARE(old.tile, 0);
    TrainConfig bad;
    bad.framing = "squash";
    QVERIFY(validateTrainConfig(bad).contains("squash"));
    bad.framing = "fit";
    bad.tile = 64;
    bad.tileStride = 65;
    QVERIFY(validateTrainConfig(bad).contains("stride"));
}

QTEST_GUILESS_MAIN(TestFraming)
#include "tst_framing.moc"
