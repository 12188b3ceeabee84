// Scoring with a bundle: maps at the original image size, reconstructions at the model size,
// anomalies scored above normals, unreadable files named, cancel honoured, results independent
// of the batch an image is scored in.
#include "ScoreOne.h"
#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"

#include <opencv2/imgproc.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <numeric>

using namespace faultline;
using namespace faultline::ml;

class TestScorer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void mapsAtOriginalSize();
    void anomaliesScoreHigher_data();
    void anomaliesScoreHigher();
    void batchDoesNotChangeScores();
    void unreadableFileIsNamedAndOthersScored();
    void cancelStopsAtNextBatch();
    void unknownOrUnsupportedMethodIsAnError();

private:
    QTemporaryDir m_dir;
    QString m_bundle;
    QStringList m_normals, m_anomalies;
};

void TestScorer::initTestCase() {
    const auto samples = testing::writeSyntheticSet(m_dir.path() + "/data", 32, 64, 16, 16);
    for (const auto& s : samples)
        if (s.split == core::Split::Test) m_anomalies << s.path;
        else if (s.split == core::Split::Val) m_normals << s.path;
    TrainConfig c = testing::tinyTrainConfig(m_bundle = m_dir.path() + "/m.flmodel", 32);
    c.epochs = 3;
    c.memoryBankSize = 256;
    const TrainResult r = trainSamples(c, m_dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
}

void TestScorer::mapsAtOriginalSize() {
    std::mt19937 rng(9);
    cv::Mat wide = testing::stripeImage(48, rng, true);
    cv::Mat img;
    cv::resize(wide, img, cv::Size(48, 40));
    const QString path = m_dir.path() + "/odd.png";
    QVERIFY(cv::imwrite(path.toStdString(), img));
    const ImageScore s = testing::scoreOne(m_bundle, path);
    QVERIFY2(s.ok, qPrintable(s.error));
    QCOMPARE(s.originalSize, cv::Size(48, 40));
    QCOMPARE(s.anomalyMap.size(), cv::Size(48, 40));
    QCOMPARE(s.anomalyMap.type(), CV_32FC1);
    QCOMPARE(s.inputMap.size(), cv::Size(32, 32));
    // 48 x 40 fitted into 32 px keeps its aspect: 32 x 27, shown without the padding.
    QCOMPARE(s.reconstruction.size(), cv::Size(32, 27));
    QCOMPARE(s.reconstruction.type(), CV_32FC1);
    QCOMPARE(s.input.size(), cv::Size(32, 27));
    double lo = 0, hi = 0;
    cv::minMaxLoc(s.reconstruction, &lo, &hi);
    QVERIFY(lo >= 0.0 && hi <= 1.0);
    cv::minMaxLoc(s.anomalyMap, &lo, &hi);
    QVERIFY(lo >= 0.0 && hi > lo);
    // In-memory images go through the same path.
    cv::Mat rgb;
    cv::cvtColor(img, rgb, cv::COLOR_GRAY2RGB);
    Scorer scorer;
    QVERIFY(scorer.load(m_bundle, ScoreOptions{}, nullptr));
    const ImageScore m = scorer.scoreImage(rgb);
    QVERIFY(m.ok);
    QVERIFY(std::abs(m.score - s.score) < 1e-4 * std::max(1.0, s.score));
}

void TestScorer::anomaliesScoreHigher_data() {
    QTest::addColumn<QString>("method");
    for (const char* m : {"mse", "topk", "ssim", "latent-knn", "patch-knn", "image-knn", "texture-knn", "knn"}) QTest::newRow(m) << QString(m);
}

void TestScorer::anomaliesScoreHigher() {
    QFETCH(QString, method);
    Scorer scorer;
    ScoreOptions o;
    o.method = method;
    o.wantMap = false;
    QVERIFY(scorer.load(m_bundle, o, nullptr));
    auto meanScore = [&](const QStringList& paths) {
        double sum = 0;
        scorer.scoreFiles(paths, [&](int, const ImageScore& s) { sum += s.score; });
        return sum / paths.size();
    };
    const double normal = meanScore(m_normals), anomalous = meanScore(m_anomalies);
    QVERIFY2(anomalous > normal, qPrintable(QStringLiteral("%1 <= %2").arg(anomalous).arg(normal)));
}

void TestScorer::batchDoesNotChangeScores() {
    Scorer scorer;
    ScoreOptions o;
    o.batchSize = 7;
    QVERIFY(scorer.load(m_bundle, o, nullptr));
    const QStringList all = m_normals + m_anomalies;
    std::vector<double> batched(size_t(all.size()), -1.0);
    const ScoreRunSummary sum = scorer.scoreFiles(all, [&](int i, const ImageScore& s) { batched[size_t(i)] = s.score; });
    QCOMPARE(sum.scored, int(all.size()));
    QCOMPARE(sum.failed, 0);
    for (int i = 0; i < all.size(); ++i) {
        const double single = scorer.scoreFile(all[i]).score;
        QVERIFY2(std::abs(single - batched[size_t(i)]) <= 1e-5 * std::max(1.0, single), qPrintable(all[i]));
    }
}

void TestScorer::unreadableFileIsNamedAndOthersScored() {
    const QString broken = m_dir.path() + "/broken.png";
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("\x89PNG\r\n\x1a\n truncated");
    f.close();
    Scorer scorer;
    QVERIFY(scorer.load(m_bundle, {}, nullptr));
    QStringList paths{m_normals[0], broken, m_normals[1]};
    QVector<ImageScore> got(3);
    const ScoreRunSummary sum = scorer.scoreFiles(paths, [&](int i, const ImageScore& s) { got[i] = s; });
    QCOMPARE(sum.scored, 2);
    QCOMPARE(sum.failed, 1);
    QVERIFY(got[0].ok && got[2].ok);
    QVERIFY(!got[1].ok);
    QVERIFY2(got[1].error.contains("broken.png"), qPrintable(got[1].error));
}

void TestScorer::cancelStopsAtNextBatch() {
    Scorer scorer;
    ScoreOptions o;
    o.batchSize = 4;
    QVERIFY(scorer.load(m_bundle, o, nullptr));
    QStringList many;
    for (int i = 0; i < 10; ++i) many += m_normals;
    int sunk = 0, calls = 0;
    const ScoreRunSummary sum = scorer.scoreFiles(
        many, [&](int, const ImageScore&) { ++sunk; }, [&](qint64, qint64) { return ++calls < 2; });
    QVERIFY(sum.cancelled);
    QCOMPARE(calls, 2);
    QCOMPARE(sunk, 8);
}

void TestScorer::unknownOrUnsupportedMethodIsAnError() {
    Scorer scorer;
    ScoreOptions o;
    o.method = "magic";
    QString error;
    QVERIFY(!scorer.load(m_bundle, o, &error));
    QVERIFY2(error.contains("unknown score method 'magic'") && error.contains("patch-knn"), qPrintable(error));
    o.method = "vae";
    QVERIFY(!scorer.load(m_bundle, o, &error));
    QVERIFY2(error.contains("not available for a ae model"), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestScorer)
#include "tst_scorer.moc"
