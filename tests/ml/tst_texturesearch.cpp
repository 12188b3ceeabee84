// The texture bank's coreset and search index through training and scoring: a bundle trained
// with them reloads and scores exactly as its calibration recorded, a planted defect still ranks
// above every normal, the exact bundle searched through FAISS's flat index scores the same, and
// an unknown index name is refused with the bundle named. `knn` without a reconstruction asked
// for skips the network and scores exactly as with it.
#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include "core/ml/KnnIndex.h"
#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace faultline;
using namespace faultline::ml;

namespace {

struct Run {
    std::vector<double> val, bad;
};

Run scoreSet(const QString& bundle, const QVector<core::Sample>& samples, const QString& index = {}) {
    Scorer scorer;
    ScoreOptions o;
    o.wantMap = false;
    o.threads = 2;
    o.knnIndex = index;
    Run r;
    QString error;
    if (!scorer.load(bundle, o, &error)) qFatal("%s", qPrintable(error));
    for (const auto& s : samples) {
        if (s.split == core::Split::Train) continue;
        (s.split == core::Split::Val ? r.val : r.bad).push_back(scorer.scoreFile(s.path).score);
    }
    return r;
}

} // namespace

class TestTextureSearch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void bundleScoresAsCalibrated_data();
    void bundleScoresAsCalibrated();
    void exactBundleThroughFlatIndex();
    void unknownIndexRefused();
    void oldConfigsSearchExactly();
    void knnNeedsNoNetworkPass();

private:
    QTemporaryDir m_dir;
    QVector<core::Sample> m_samples;
};

void TestTextureSearch::initTestCase() {
    // Stripes of random phase: unaligned, so `knn` is texture-knn; a bright square is the defect.
    m_samples = testing::writeSyntheticSet(m_dir.path() + "/stripes", 32, 64, 16, 8, 3);
}

void TestTextureSearch::bundleScoresAsCalibrated_data() {
    QTest::addColumn<QString>("index");
    QTest::addColumn<int>("coreset");
    QTest::newRow("exact, 512-window coreset") << QStringLiteral("exact") << 512;
    QTest::newRow("flat, 512-window coreset") << QStringLiteral("flat") << 512;
    QTest::newRow("ivf, 512-window coreset") << QStringLiteral("ivf") << 512;
    QTest::newRow("hnsw, whole sample") << QStringLiteral("hnsw") << 0;
}

void TestTextureSearch::bundleScoresAsCalibrated() {
    QFETCH(QString, index);
    QFETCH(int, coreset);
    const QString bundle = m_dir.path() + QStringLiteral("/%1-%2.flmodel").arg(index).arg(coreset);
    TrainConfig c = testing::tinyTrainConfig(bundle, 32);
    c.epochs = 1;
    c.knnIndex = index;
    c.textureCoreset = coreset;
    QVERIFY(validateTrainConfig(c).isEmpty());
    const TrainResult r = trainSamples(c, m_dir.path(), m_samples);
    QVERIFY2(r.ok, qPrintable(r.error));

    const Run a = scoreSet(bundle, m_samples), b = scoreSet(bundle, m_samples);
    QCOMPARE(a.val, b.val);
    QCOMPARE(a.bad, b.bad);
    // The planted squares rank above every normal.
    QVERIFY2(*std::min_element(a.bad.begin(), a.bad.end()) > *std::max_element(a.val.begin(), a.val.end()),
             qPrintable(index));
    // The validation scores stored at training (thresholds are set on them) are the reloaded ones.
    Scorer scorer;
    QVERIFY(scorer.load(bundle, ScoreOptions(), nullptr));
    QCOMPARE(trainConfigFromJson(scorer.metadata().trainConfig).knnIndex, index);
    QCOMPARE(trainConfigFromJson(scorer.metadata().trainConfig).textureCoreset, coreset);
    const ScoreCalibration* cal = nullptr;
    for (const ScoreCalibration& k : scorer.calibration().methods)
        if (k.method == QLatin1String("knn")) cal = &k;
    QVERIFY(cal);
    std::vector<double> sorted = a.val;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(cal->scores.size(), sorted.size());
    for (size_t i = 0; i < sorted.size(); ++i)
        QVERIFY2(std::abs(cal->scores[i] - sorted[i]) <= 1e-4 * std::max(1.0, std::abs(sorted[i])),
                 qPrintable(QStringLiteral("%1: %2 vs %3").arg(index).arg(cal->scores[i]).arg(sorted[i])));
}

void TestTextureSearch::exactBundleThroughFlatIndex() {
    const QString bundle = m_dir.path() + "/exact-512.flmodel";
    QVERIFY(QFileInfo::exists(bundle));
    const Run exact = scoreSet(bundle, m_samples), flat = scoreSet(bundle, m_samples, QStringLiteral("flat"));
    QCOMPARE(exact.val.size(), flat.val.size());
    for (size_t i = 0; i < exact.val.size(); ++i) QVERIFY(std::abs(exact.val[i] - flat.val[i]) <= 1e-4);
    for (size_t i = 0; i < exact.bad.size(); ++i) QVERIFY(std::abs(exact.bad[i] - flat.bad[i]) <= 1e-4);
}

void TestTextureSearch::unknownIndexRefused() {
    const QString bundle = m_dir.path() + "/exact-512.flmodel";
    Scorer scorer;
    ScoreOptions o;
    o.knnIndex = QStringLiteral("annoy");
    QString error;
    QVERIFY(!scorer.load(bundle, o, &error));
    QVERIFY2(error.contains(bundle) && error.contains(QStringLiteral("annoy")), qPrintable(error));
    TrainConfig c = testing::tinyTrainConfig(bundle);
    c.knnIndex = QStringLiteral("annoy");
    QVERIFY(validateTrainConfig(c).contains(QStringLiteral("annoy")));
    c.knnIndex = QStringLiteral("exact");
    c.textureCoreset = c.textureBankSize + 1;
    QVERIFY(validateTrainConfig(c).contains(QStringLiteral("coreset")));
}

void TestTextureSearch::oldConfigsSearchExactly() {
    // New training keeps the documented default bank, a 2,048-window coreset (docs/ml.md)...
    QCOMPARE(TrainConfig().textureCoreset, 2048);
    QCOMPARE(trainConfigFromJson(trainConfigToJson(TrainConfig())).textureCoreset, 2048);
    // ...while a bundle's config from before coresets and indexes reads as the random sample,
    // searched exactly.
    QJsonObject old = trainConfigToJson(TrainConfig());
    old.remove(QStringLiteral("knn_index"));
    old.remove(QStringLiteral("texture_coreset"));
    const TrainConfig c = trainConfigFromJson(old);
    QCOMPARE(c.knnIndex, QStringLiteral("exact"));
    QCOMPARE(c.textureCoreset, 0);
}

void TestTextureSearch::knnNeedsNoNetworkPass() {
    QVERIFY(!methodNeedsNetwork(ScoreMethod::Knn));
    QVERIFY(!methodNeedsNetwork(ScoreMethod::TextureKnn));
    QVERIFY(methodNeedsNetwork(ScoreMethod::Mse));
    QVERIFY(methodNeedsNetwork(ScoreMethod::ImageKnn));  // its map is the reconstruction error
    QVERIFY(methodNeedsNetwork(ScoreMethod::OcSvm));     // on the encoder's code

    // The same scores and maps whether the network runs (a reconstruction is asked for, as the
    // inspection view does) or not (a scoring run); only the reconstruction is missing.
    const QString bundle = m_dir.path() + "/exact-512.flmodel";
    QVERIFY(QFileInfo::exists(bundle));
    auto load = [&](bool recon, Scorer* scorer) {
        ScoreOptions o;
        o.threads = 2;
        o.wantReconstruction = recon;
        QString error;
        QVERIFY2(scorer->load(bundle, o, &error), qPrintable(error));
    };
    Scorer with, without;
    load(true, &with);
    load(false, &without);
    QCOMPARE(without.method(), ScoreMethod::Knn);
    int compared = 0;
    for (const core::Sample& s : m_samples) {
        if (s.split == core::Split::Train) continue;
        const ImageScore a = with.scoreFile(s.path), b = without.scoreFile(s.path);
        QVERIFY(a.ok && b.ok);
        QCOMPARE(a.score, b.score);
        QCOMPARE(cv::norm(a.anomalyMap, b.anomalyMap, cv::NORM_INF), 0.0);
        QVERIFY(!a.reconstruction.empty());
        QVERIFY(b.reconstruction.empty());
        ++compared;
    }
    QVERIFY(compared >= 16);
}

QTEST_GUILESS_MAIN(TestTextureSearch)
#include "tst_texturesearch.moc"
