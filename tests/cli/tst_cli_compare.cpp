// faultline-cli compare: one row per score method of each model, the image metrics with their
// bootstrap intervals, pixel AUROC from the dataset's masks, and the same AUROC that scoring the
// dataset and ranking its test images gives.
#include "core/eval/ScoreCurve.h"
#include "core/eval/ScoresCsv.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRun.h"
#include "StripesDataset.h"

#include <cmath>

using namespace faultline;

class TestCliCompare : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyMethodGetsARow();
    void agreesWithScoring();
    void badArguments_data();
    void badArguments();

private:
    QTemporaryDir m_dir;
    QString m_data, m_ae, m_vae;
    QJsonObject m_report;
};

void TestCliCompare::initTestCase() {
    m_data = m_dir.path() + "/set";
    testing::makeStripesDataset(m_data);
    m_ae = m_dir.path() + "/ae.flmodel";
    m_vae = m_dir.path() + "/vae.flmodel";
    for (const auto& [model, out] : {std::pair{"ae", m_ae}, std::pair{"vae", m_vae}}) {
        const testing::CliRun t = testing::runCli({"train", "--data", m_data, "--out", out, "--model", model, "--size", "16",
                                                   "--epochs", "1", "--batch", "8", "--threads", "2", "--device", "cpu",
                                                   "--latent", "8", "--widths", "8,16,16"});
        QVERIFY2(t.code == 0, t.err.constData());
    }
    const testing::CliRun c = testing::runCli({"compare", "--model", m_ae, "--model", m_vae, "--data", m_data,
                                               "--threads", "2", "--device", "cpu", "--resamples", "200", "--json"});
    QVERIFY2(c.code == 0, c.err.constData());
    m_report = c.json();
    QVERIFY2(!m_report.isEmpty(), c.out.constData());
}

void TestCliCompare::everyMethodGetsARow() {
    const QJsonArray rows = m_report.value("rows").toArray();
    QVERIFY(m_report.value("masks").toBool());
    QStringList ae, vae;
    for (const QJsonValue& v : rows) {
        const QJsonObject r = v.toObject();
        (r.value("model").toString() == "ae" ? ae : vae) << r.value("method").toString();
        QCOMPARE(r.value("images").toInt(), 12); // the labelled test images: 6 good, 6 with a square
        QCOMPARE(r.value("anomalous").toInt(), 6);
        for (const char* metric : {"auroc", "average_precision", "f1_max", "recall_at_fpr"}) {
            const QJsonObject m = r.value(metric).toObject();
            const double value = m.value("value").toDouble(-1), low = m.value("low").toDouble(-1), high = m.value("high").toDouble(-1);
            QVERIFY2(low >= 0 && low <= value + 1e-12 && value <= high + 1e-12 && high <= 1.0,
                     qPrintable(QStringLiteral("%1 %2: %3 [%4, %5]").arg(r.value("method").toString(), metric).arg(value).arg(low).arg(high)));
        }
        const double pixel = r.value("pixel_auroc").toDouble(-1);
        QVERIFY2(pixel >= 0.0 && pixel <= 1.0, qPrintable(r.value("method").toString()));
        const QJsonObject pi = r.value("pixel_auroc_interval").toObject();
        QCOMPARE(pi.value("value").toDouble(-1), pixel);
        QVERIFY2(pi.value("low").toDouble(-1) >= 0.0 && pi.value("low").toDouble() <= pi.value("high").toDouble() &&
                     pi.value("high").toDouble() <= 1.0,
                 qPrintable(r.value("method").toString()));
        QVERIFY(r.value("images_per_second").toDouble() > 0.0);
    }
    for (const char* m : {"mse", "knn", "pixel-l2-mean", "ssim-nearest", "hist-correl", "ocsvm", "iforest", "fused-knn"}) {
        QVERIFY2(ae.contains(m), m);
        QVERIFY2(vae.contains(m), m);
    }
    QVERIFY(vae.contains("vae"));
    QVERIFY(!ae.contains("vae"));
    QCOMPARE(ae.size(), 20); // 10 network and nearest-neighbour scores + 10 classical ones
    QCOMPARE(vae.size(), 21); // and vae
    // The square is brighter than any stripe: against the nearest normal (which needs no training,
    // so this does not depend on the network) it stands out. Measured 1.0 for both.
    for (const QJsonValue& v : rows) {
        const QString m = v.toObject().value("method").toString();
        if (m == "pixel-l2-nearest" || m == "ssim-nearest")
            QVERIFY2(v.toObject().value("auroc").toObject().value("value").toDouble() >= 0.9, qPrintable(m));
    }
}

void TestCliCompare::agreesWithScoring() {
    // `score` with the default method, then the test rows ranked: the same AUROC as compare's row.
    const QString csv = m_dir.path() + "/scores.csv";
    const testing::CliRun s = testing::runCli({"score", "--model", m_ae, "--data", m_data, "--out", csv, "--split", "test",
                                               "--threads", "2", "--device", "cpu"});
    QVERIFY2(s.code == 0, s.err.constData());
    const core::ScoresReadResult read = core::readScoresCsv(csv);
    QVERIFY(read.ok);
    std::vector<double> scores;
    std::vector<core::GroundTruth> labels;
    for (const core::ScoreRecord& r : read.records) {
        scores.push_back(r.score);
        labels.push_back(r.label);
    }
    const double expected = *core::ScoreCurve(scores, labels).auroc();
    bool found = false;
    for (const QJsonValue& v : m_report.value("rows").toArray()) {
        const QJsonObject r = v.toObject();
        if (r.value("model").toString() != "ae" || !r.value("default").toBool()) continue;
        found = true;
        QCOMPARE(r.value("method").toString(), QStringLiteral("knn"));
        QVERIFY(std::abs(r.value("auroc").toObject().value("value").toDouble() - expected) < 1e-9);
    }
    QVERIFY(found);
}

void TestCliCompare::badArguments_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("no model") << QStringList{"compare", "--data", "x"} << 1 << "needs --model";
    QTest::newRow("bad split") << QStringList{"compare", "--model", "m", "--data", "x", "--split", "train"} << 1 << "--split";
    QTest::newRow("bad method") << QStringList{"compare", "--model", "m", "--data", "x", "--methods", "mse,nope"} << 1 << "'nope'";
    QTest::newRow("missing model") << QStringList{"compare", "--model", "/nonexistent/m.flmodel", "--data", "x"} << 2
                                   << "/nonexistent/m.flmodel";
    // The one-class SVM's parameters are train options.
    QTest::newRow("train ocsvm nu 0") << QStringList{"train", "--data", "x", "--out", "y.flmodel", "--ocsvm-nu", "0"} << 1
                                      << "--ocsvm-nu 0";
    QTest::newRow("train ocsvm gamma") << QStringList{"train", "--data", "x", "--out", "y.flmodel", "--ocsvm-gamma", "-1"}
                                       << 1 << "--ocsvm-gamma -1";
}

void TestCliCompare::badArguments() {
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, message);
    const testing::CliRun r = testing::runCli(args);
    QCOMPARE(r.code, code);
    QVERIFY2(r.errText().contains(message), r.err.constData());
}

QTEST_GUILESS_MAIN(TestCliCompare)
#include "tst_cli_compare.moc"
