// A defect of 8 x 8 pixels on a 2,000 x 2,000 surface: shrunk whole to 128 px it is half a
// pixel and drowns in the surface's own variation; cut into full-resolution tiles it is found,
// and the stitched map points at it.
#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"

#include <opencv2/imgproc.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace faultline;
using namespace faultline::ml;

namespace {

constexpr int kSide = 2000;
constexpr double kGrain = 6.0;           // coarse enough to keep its variation when shrunk 16 times
const cv::Rect kDefect(1203, 517, 8, 8);

struct Scored {
    double defect = 0.0;
    double worstNormal = -1e300;
    cv::Point peak;
};

Scored scoreAll(const QString& bundle, const QStringList& normals, const QString& defect) {
    Scored out;
    Scorer scorer;
    ScoreOptions o;
    o.batchSize = 64;
    if (!scorer.load(bundle, o, nullptr)) return out;
    scorer.scoreFiles(normals + QStringList{defect}, [&](int i, const ImageScore& s) {
        if (!s.ok) return;
        if (i == normals.size()) {
            out.defect = s.score;
            cv::minMaxLoc(s.anomalyMap, nullptr, nullptr, nullptr, &out.peak);
        } else {
            out.worstNormal = std::max(out.worstNormal, s.score);
        }
    });
    return out;
}

} // namespace

class TestTiling : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void smallDefectFoundByTilesMissedByShrinking();

private:
    QTemporaryDir m_dir;
    QString m_tiled, m_whole, m_defect;
    QStringList m_normals;
};

void TestTiling::initTestCase() {
    const QString root = m_dir.path();
    auto samples = testing::writeGrainImages(root + "/data", "train", core::Split::Train, 4, {kSide, kSide}, kGrain, 1);
    samples += testing::writeGrainImages(root + "/data", "val", core::Split::Val, 2, {kSide, kSide}, kGrain, 20);
    for (const auto& s : testing::writeGrainImages(root + "/test", "good", core::Split::Test, 3, {kSide, kSide}, kGrain, 40))
        m_normals << s.path;
    cv::Mat img = testing::grainTexture({kSide, kSide}, kGrain, 60);
    img(kDefect) += cv::Scalar(70);
    m_defect = root + "/test/defect.png";
    QVERIFY(cv::imwrite(m_defect.toStdString(), img));

    TrainConfig c = testing::tinyTrainConfig(m_tiled = root + "/tiled.flmodel", 128);
    c.epochs = 1;
    c.tile = 128;
    c.tileStride = 128; // no overlap: a quarter of the windows, for the test's time
    c.tilesPerImage = 32;
    TrainResult r = trainSamples(c, root + "/data", samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    c = testing::tinyTrainConfig(m_whole = root + "/whole.flmodel", 128);
    c.epochs = 1;
    r = trainSamples(c, root + "/data", samples);
    QVERIFY2(r.ok, qPrintable(r.error));
}

void TestTiling::smallDefectFoundByTilesMissedByShrinking() {
    const Scored tiled = scoreAll(m_tiled, m_normals, m_defect);
    const Scored whole = scoreAll(m_whole, m_normals, m_defect);
    const cv::Point centre(kDefect.x + kDefect.width / 2, kDefect.y + kDefect.height / 2);
    auto distance = [&](cv::Point p) { return std::hypot(double(p.x - centre.x), double(p.y - centre.y)); };
    qInfo("tiles: defect %.4g, worst normal %.4g, peak %.0f px from the defect", tiled.defect, tiled.worstNormal,
          distance(tiled.peak));
    qInfo("whole: defect %.4g, worst normal %.4g, peak %.0f px from the defect", whole.defect, whole.worstNormal,
          distance(whole.peak));
    QVERIFY(tiled.defect > tiled.worstNormal);
    QVERIFY(distance(tiled.peak) < 16);
    // Shrunk, the defect is no longer what stands out: a normal surface scores as high, and the
    // map's peak is elsewhere.
    QVERIFY(whole.defect < whole.worstNormal);
    QVERIFY(distance(whole.peak) > 100);
}

QTEST_GUILESS_MAIN(TestTiling)
#include "tst_tiling.moc"
