// The nearest-neighbour scores that read the pixels themselves: texture-knn finds a local defect
// wherever it sits in a texture, image-knn finds a part out of place, and `knn` (the default)
// decides from the training images alone which of the two applies.
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

// A bright disc fixed at the centre (a part in its fixture); `moved` shifts it by a quarter of
// the side, which changes no local detail: every window still shows background or a disc edge.
cv::Mat partImage(int size, std::mt19937& rng, bool moved) {
    std::normal_distribution<float> noise(0.f, 4.f);
    cv::Mat img(size, size, CV_8UC1, cv::Scalar(40));
    const int shift = moved ? size / 4 : 0;
    cv::circle(img, cv::Point(size / 2 + shift, size / 2), size / 5, cv::Scalar(200), cv::FILLED);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) img.at<uchar>(y, x) = cv::saturate_cast<uchar>(img.at<uchar>(y, x) + noise(rng));
    return img;
}

QVector<core::Sample> writePartSet(const QString& dir, int size, int normals, int val, int anomalies) {
    std::mt19937 rng(5);
    QDir().mkpath(dir);
    QVector<core::Sample> samples;
    auto add = [&](const QString& name, core::Split split, bool moved) {
        core::Sample s;
        s.path = dir + QLatin1Char('/') + name;
        cv::imwrite(s.path.toStdString(), partImage(size, rng, moved));
        s.split = split;
        s.truth = moved ? core::GroundTruth::Anomalous : core::GroundTruth::Normal;
        samples.append(s);
    };
    for (int i = 0; i < normals; ++i) add(QStringLiteral("train_%1.png").arg(i), core::Split::Train, false);
    for (int i = 0; i < val; ++i) add(QStringLiteral("val_%1.png").arg(i), core::Split::Val, false);
    for (int i = 0; i < anomalies; ++i) add(QStringLiteral("moved_%1.png").arg(i), core::Split::Test, true);
    return samples;
}

TrainConfig smallConfig(const QString& bundle) {
    TrainConfig c = testing::tinyTrainConfig(bundle, 32);
    c.epochs = 1;
    return c;
}

struct Scored {
    std::vector<double> normal, anomalous;
};

Scored scoreSplits(const QString& bundle, const QString& method, const QVector<core::Sample>& samples) {
    Scorer scorer;
    ScoreOptions o;
    o.method = method;
    o.wantMap = false;
    Scored r;
    if (!scorer.load(bundle, o, nullptr)) return r;
    for (const auto& s : samples) {
        if (s.split == core::Split::Train) continue;
        const ImageScore score = scorer.scoreFile(s.path);
        (s.truth == core::GroundTruth::Anomalous ? r.anomalous : r.normal).push_back(score.score);
    }
    return r;
}

// Every anomaly above every validation normal.
bool separates(const Scored& s) {
    return !s.normal.empty() && !s.anomalous.empty() &&
           *std::min_element(s.anomalous.begin(), s.anomalous.end()) > *std::max_element(s.normal.begin(), s.normal.end());
}

} // namespace

class TestNeighbourScores : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void textureDefectFoundAnywhere();
    void misplacedPartFound();
    void knnIsTheDefault();
    void calibrationMatchesScoring();

private:
    QTemporaryDir m_dir;
};

void TestNeighbourScores::textureDefectFoundAnywhere() {
    // Stripes of random phase: no two images line up, and the square sits anywhere.
    const auto samples = testing::writeSyntheticSet(m_dir.path() + "/stripes", 32, 64, 16, 12, 3);
    const QString bundle = m_dir.path() + "/stripes.flmodel";
    const TrainResult r = trainSamples(smallConfig(bundle), m_dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    Scorer scorer;
    QVERIFY(scorer.load(bundle, ScoreOptions{}, nullptr));
    QVERIFY2(!scorer.knnUsesWholeImage(), "shifted stripes are as normal as the originals: the images are not aligned");
    QVERIFY(!r.imagesAligned);
    QVERIFY(separates(scoreSplits(bundle, "texture-knn", samples)));
    QVERIFY(separates(scoreSplits(bundle, "knn", samples)));
}

void TestNeighbourScores::misplacedPartFound() {
    const auto samples = writePartSet(m_dir.path() + "/parts", 32, 48, 16, 12);
    const QString bundle = m_dir.path() + "/parts.flmodel";
    const TrainResult r = trainSamples(smallConfig(bundle), m_dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    Scorer scorer;
    QVERIFY(scorer.load(bundle, ScoreOptions{}, nullptr));
    QVERIFY2(scorer.knnUsesWholeImage(), "a part fixed at the centre is aligned");
    QVERIFY(r.imagesAligned);
    QVERIFY(separates(scoreSplits(bundle, "image-knn", samples)));
    QVERIFY(separates(scoreSplits(bundle, "knn", samples)));
}

void TestNeighbourScores::knnIsTheDefault() {
    const QString bundle = m_dir.path() + "/stripes.flmodel";
    QVERIFY(QFileInfo::exists(bundle));
    Scorer scorer;
    QVERIFY(scorer.load(bundle, ScoreOptions{}, nullptr));
    QCOMPARE(scorer.metadata().defaultScore, QStringLiteral("knn"));
    QCOMPARE(scoreMethodName(scorer.method()), QStringLiteral("knn"));
}

void TestNeighbourScores::calibrationMatchesScoring() {
    // The bundle's validation scores for the knn methods (thresholds are set on them) are what
    // the scorer gives the same images, for a texture and for aligned parts alike.
    for (const char* set : {"stripes", "parts"}) {
        const QString bundle = m_dir.path() + QStringLiteral("/%1.flmodel").arg(set);
        QVERIFY(QFileInfo::exists(bundle));
        QStringList val;
        for (const QFileInfo& f : QDir(m_dir.path() + QLatin1Char('/') + set).entryInfoList({"val_*.png"}, QDir::Files, QDir::Name))
            val << f.absoluteFilePath();
        for (const char* method : {"image-knn", "texture-knn", "knn"}) {
            Scorer scorer;
            ScoreOptions o;
            o.method = method;
            o.wantMap = false;
            QVERIFY(scorer.load(bundle, o, nullptr));
            std::vector<float> scored;
            scorer.scoreFiles(val, [&](int, const ImageScore& s) { scored.push_back(float(s.score)); });
            std::sort(scored.begin(), scored.end());
            const ScoreCalibration* cal = nullptr;
            for (const ScoreCalibration& c : scorer.calibration().methods)
                if (c.method == QLatin1String(method)) cal = &c;
            QVERIFY2(cal, method);
            QCOMPARE(cal->scores.size(), scored.size());
            for (size_t i = 0; i < scored.size(); ++i)
                QVERIFY2(std::abs(cal->scores[i] - scored[i]) <= 1e-4f * std::max(1.0f, std::abs(scored[i])),
                         qPrintable(QStringLiteral("%1 %2: %3 vs %4").arg(set, method).arg(cal->scores[i]).arg(scored[i])));
        }
    }
}

QTEST_GUILESS_MAIN(TestNeighbourScores)
#include "tst_neighbourscores.moc"
