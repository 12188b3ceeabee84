// Model bundles: a reloaded bundle scores exactly as the trained network did, the calibration
// can be rewritten without touching the weights, and every kind of bad file is a clear error.
#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include "core/ml/ModelBundle.h"
#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace faultline;
using namespace faultline::ml;

class TestModelBundle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void metadataDescribesTheRun();
    void reloadScoresLikeTraining_data();
    void reloadScoresLikeTraining();
    void calibrationRewriteKeepsWeights();
    void copyCarriesCommittedThreshold();
    void copyToUnwritablePlaceIsAnError();
    void badFilesAreClearErrors_data();
    void badFilesAreClearErrors();
    void otherArchitectureIsRefused();

private:
    QTemporaryDir m_dir;
    QString m_bundle;
    QVector<core::Sample> m_samples;
};

void TestModelBundle::initTestCase() {
    m_samples = testing::writeSyntheticSet(m_dir.path() + "/data", 16, 48, 12, 6);
    TrainConfig c = testing::tinyTrainConfig(m_bundle = m_dir.path() + "/model.flmodel");
    c.model = QStringLiteral("vae");
    c.latent = 8;
    const TrainResult r = trainSamples(c, m_dir.path() + "/data", m_samples);
    QVERIFY2(r.ok, qPrintable(r.error));
}

void TestModelBundle::metadataDescribesTheRun() {
    BundleMetadata meta;
    BundleCalibration cal;
    QString error;
    QVERIFY2(ModelBundle::loadHeader(m_bundle, &meta, &cal, &error), qPrintable(error));
    QCOMPARE(meta.formatVersion, ModelBundle::kFormatVersion);
    QCOMPARE(meta.model, QStringLiteral("vae"));
    QCOMPARE(meta.size, 16);
    QCOMPARE(meta.channels, 1);
    QCOMPARE(meta.trainImages, 48);
    QCOMPARE(meta.valImages, 12);
    QCOMPARE(meta.epochsRun, 2);
    QCOMPARE(meta.normalisation, QStringLiteral("unit-range"));
    QCOMPARE(meta.dataFingerprint.size(), 64);
    QVERIFY(!meta.torchVersion.isEmpty());
    QCOMPARE(meta.trainConfig.value("latent").toInt(), 8);
    // mse, topk, ssim, diff, vae, latent-knn, patch-knn, image-knn, texture-knn, knn, then the
    // classical ones: pixel-l1/l2-mean, pixel-l1/l2-nearest, ssim-nearest, three hist-*, ocsvm,
    // iforest, and fused-knn
    QCOMPARE(cal.methods.size(), 21);
    const ScoreCalibration* mse = cal.find("mse");
    QVERIFY(mse);
    QCOMPARE(mse->count, 12);
    QVERIFY(std::is_sorted(mse->scores.begin(), mse->scores.end()));
    QVERIFY(mse->quantile(0.0) == double(mse->scores.front()) && mse->quantile(1.0) == double(mse->scores.back()));
    QVERIFY(!std::isfinite(cal.threshold));
}

void TestModelBundle::reloadScoresLikeTraining_data() {
    QTest::addColumn<QString>("method");
    // defect-map belongs to the restore model and ganomaly to its own (tst_restoremodel and
    // tst_ganomaly check their round trips).
    for (const QString& m : scoreMethodNames())
        if (m != QLatin1String("defect-map") && m != QLatin1String("ganomaly")) QTest::newRow(qPrintable(m)) << m;
}

void TestModelBundle::reloadScoresLikeTraining() {
    QFETCH(QString, method);
    // The calibration holds the validation scores computed by the in-memory network at the end
    // of training; the reloaded bundle must reproduce them.
    BundleMetadata meta;
    BundleCalibration cal;
    QVERIFY(ModelBundle::loadHeader(m_bundle, &meta, &cal, nullptr));
    Scorer scorer;
    ScoreOptions o;
    o.method = method;
    o.device = "cpu";
    o.batchSize = 5; // other batches than training used: scores must not depend on the batch
    QString error;
    QVERIFY2(scorer.load(m_bundle, o, &error), qPrintable(error));
    QStringList val;
    for (const auto& s : m_samples)
        if (s.split == core::Split::Val) val << s.path;
    std::vector<float> scores;
    scorer.scoreFiles(val, [&](int, const ImageScore& s) { scores.push_back(float(s.score)); });
    std::sort(scores.begin(), scores.end());
    const ScoreCalibration* c = cal.find(method);
    QVERIFY(c);
    QCOMPARE(int(scores.size()), c->count);
    for (size_t i = 0; i < scores.size(); ++i)
        QVERIFY2(std::abs(scores[i] - c->scores[i]) <= 1e-5f * std::max(1.0f, std::abs(c->scores[i])),
                 qPrintable(QStringLiteral("%1 vs %2").arg(scores[i]).arg(c->scores[i])));
}

void TestModelBundle::calibrationRewriteKeepsWeights() {
    const QString copy = m_dir.path() + "/copy.flmodel";
    QVERIFY(QFile::copy(m_bundle, copy));
    ModelBundle before;
    QVERIFY(ModelBundle::load(copy, &before, nullptr));
    BundleCalibration cal = before.calibration;
    cal.threshold = 0.125;
    cal.thresholdMethod = "mse";
    cal.thresholdSource = "manual";
    QString error;
    QVERIFY2(ModelBundle::rewriteCalibration(copy, cal, &error), qPrintable(error));
    ModelBundle after;
    QVERIFY(ModelBundle::load(copy, &after, &error));
    QCOMPARE(after.calibration.threshold, 0.125);
    QCOMPARE(after.calibration.thresholdSource, QStringLiteral("manual"));
    QCOMPARE(after.weights, before.weights);
    QCOMPARE(after.features, before.features);
    QCOMPARE(after.metadata.payloadSha256, before.metadata.payloadSha256);
    Scorer a, b;
    QVERIFY(a.load(m_bundle, {}, nullptr));
    QVERIFY(b.load(copy, {}, nullptr));
    QCOMPARE(a.scoreFile(m_samples[0].path).score, b.scoreFile(m_samples[0].path).score);
}

void TestModelBundle::copyCarriesCommittedThreshold() {
    ModelBundle source;
    QVERIFY(ModelBundle::load(m_bundle, &source, nullptr));
    BundleCalibration cal = source.calibration;
    cal.threshold = 0.25;
    cal.thresholdMethod = "mse";
    cal.thresholdSource = "f1-max";
    cal.reviewLow = 0.2;
    cal.reviewHigh = 0.3;
    cal.thresholdNote = "line 4, \"after relighting\"";
    cal.thresholdCommitted = "2026-11-29T18:00:00Z";
    const QString exported = m_dir.path() + "/exported.flmodel";
    QString error;
    QVERIFY2(ModelBundle::copyWithCalibration(m_bundle, exported, cal, &error), qPrintable(error));
    QVERIFY(!QFile::exists(exported + ".tmp"));

    ModelBundle copy;
    QVERIFY2(ModelBundle::load(exported, &copy, &error), qPrintable(error));
    QVERIFY(copy.calibration.hasThreshold());
    QVERIFY(copy.calibration.hasReviewBand());
    QCOMPARE(copy.calibration.threshold, 0.25);
    QCOMPARE(copy.calibration.thresholdMethod, QStringLiteral("mse"));
    QCOMPARE(copy.calibration.thresholdSource, QStringLiteral("f1-max"));
    QCOMPARE(copy.calibration.reviewLow, 0.2);
    QCOMPARE(copy.calibration.reviewHigh, 0.3);
    QCOMPARE(copy.calibration.thresholdNote, cal.thresholdNote);
    QCOMPARE(copy.calibration.thresholdCommitted, cal.thresholdCommitted);
    QCOMPARE(copy.calibration.methods.size(), source.calibration.methods.size());
    QCOMPARE(copy.weights, source.weights);
    QCOMPARE(copy.features, source.features);
    QCOMPARE(copy.metadata.payloadSha256, source.metadata.payloadSha256);

    // The source is left as it was: no threshold, no band.
    BundleMetadata meta;
    BundleCalibration untouched;
    QVERIFY(ModelBundle::loadHeader(m_bundle, &meta, &untouched, &error));
    QVERIFY(!untouched.hasThreshold());
    QVERIFY(!untouched.hasReviewBand());
    QVERIFY(untouched.thresholdNote.isEmpty());

    // A threshold without a band stays without one through the JSON.
    cal.reviewLow = cal.reviewHigh = std::numeric_limits<double>::quiet_NaN();
    const BundleCalibration back = calibrationFromJson(calibrationToJson(cal));
    QCOMPARE(back.threshold, 0.25);
    QVERIFY(!back.hasReviewBand());
}

void TestModelBundle::copyToUnwritablePlaceIsAnError() {
    BundleCalibration cal;
    cal.threshold = 1.0;
    const QString target = m_dir.path() + "/no-such-folder/out.flmodel";
    QString error;
    QVERIFY(!ModelBundle::copyWithCalibration(m_bundle, target, cal, &error));
    QVERIFY2(error.contains(target), qPrintable(error));
    QVERIFY(!QFile::exists(target));
    // A damaged source is refused before anything is written.
    const QString broken = m_dir.path() + "/broken.flmodel";
    {
        QFile in(m_bundle);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray bytes = in.readAll();
        bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x5a);
        QFile out(broken);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes);
    }
    const QString fromBroken = m_dir.path() + "/from-broken.flmodel";
    QVERIFY(!ModelBundle::copyWithCalibration(broken, fromBroken, cal, &error));
    QVERIFY2(error.contains(broken), qPrintable(error));
    QVERIFY(!QFile::exists(fromBroken));
}

void TestModelBundle::badFilesAreClearErrors_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing") << "missing" << "file not found";
    QTest::newRow("empty") << "empty" << "wrong magic";
    QTest::newRow("random bytes") << "random" << "not a Faultline model bundle";
    QTest::newRow("truncated in header") << "truncated-header" << "truncated";
    QTest::newRow("truncated in weights") << "truncated-weights" << "truncated";
    QTest::newRow("other format version") << "version" << "format version 7 is not supported";
    QTest::newRow("flipped weight byte") << "flipped" << "checksum";
    QTest::newRow("trailing bytes") << "trailing" << "after its end marker";
}

void TestModelBundle::badFilesAreClearErrors() {
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QFile src(m_bundle);
    QVERIFY(src.open(QIODevice::ReadOnly));
    QByteArray bytes = src.readAll();
    const QString path = m_dir.path() + "/bad-" + kind + ".flmodel";
    if (kind == "empty") bytes.clear();
    if (kind == "random") {
        std::mt19937 rng(5);
        for (char& c : bytes) c = char(rng());
    }
    if (kind == "truncated-header") bytes.truncate(40);
    if (kind == "truncated-weights") bytes.truncate(bytes.size() - 1000);
    if (kind == "version") bytes[16] = 7;
    if (kind == "flipped") bytes[bytes.size() - 2000] = char(bytes[bytes.size() - 2000] ^ 0x40);
    if (kind == "trailing") bytes.append("junk");
    if (kind != "missing") {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes);
    }
    ModelBundle b;
    QString error;
    QVERIFY(!ModelBundle::load(path, &b, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    Scorer scorer;
    QString scorerError;
    QVERIFY(!scorer.load(path, {}, &scorerError));
    QCOMPARE(scorerError, error);
    QVERIFY(!scorer.isLoaded());
}

void TestModelBundle::otherArchitectureIsRefused() {
    ModelBundle b;
    QVERIFY(ModelBundle::load(m_bundle, &b, nullptr));
    // Valid file, but the weights belong to another network: LibTorch's error becomes ours.
    b.metadata.model = "seed-ae";
    const QString swapped = m_dir.path() + "/swapped.flmodel";
    QVERIFY(b.save(swapped, nullptr));
    Scorer scorer;
    QString error;
    QVERIFY(!scorer.load(swapped, {}, &error));
    QVERIFY2(error.contains(swapped) && error.contains("do not match the seed-ae architecture"), qPrintable(error));
    // The right architecture with other layer widths: LibTorch would load the tensors whatever
    // their shape, so the loader compares every shape and names the first that differs.
    b.metadata.model = "vae";
    QJsonObject config = b.metadata.trainConfig;
    config.insert("widths", QJsonArray{4, 8, 16});
    b.metadata.trainConfig = config;
    QVERIFY(b.save(swapped, nullptr));
    QVERIFY(!scorer.load(swapped, {}, &error));
    QVERIFY2(error.contains(swapped) && error.contains("do not match the vae architecture") &&
                 error.contains("has shape") && error.contains("but the model needs"),
             qPrintable(error));
    // An architecture this version does not know.
    b.metadata.model = "transformer";
    QVERIFY(b.save(swapped, nullptr));
    QVERIFY(!ModelBundle::load(swapped, &b, &error));
    QVERIFY2(error.contains("architecture 'transformer'"), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestModelBundle)
#include "tst_modelbundle.moc"
