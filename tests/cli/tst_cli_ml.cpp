// faultline-cli train and score end to end on a tiny generated MVTec-style dataset (an
// autoencoder, and PatchCore on the TorchScript backbone in tests/data), plus the argument
// checks a user meets first.
#include "core/eval/ScoresCsv.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRun.h"
#include "StripesDataset.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <random>

using namespace faultline;

namespace {

using Run = testing::CliRun;
Run cli(const QStringList& args) { return testing::runCli(args); }

} // namespace

class TestCliMl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void trainThenScore();
    void inputSizeComesFromTheImages();
    void backboneTrainThenScore();
    void ganomalyTrainThenScore();
    void badBackboneIsAnInputError_data();
    void badBackboneIsAnInputError();
    void badArgumentsAreUsageErrors_data();
    void badArgumentsAreUsageErrors();
    void badInputsAreInputErrors();

private:
    QTemporaryDir m_dir;
    QString m_data, m_model;
};

void TestCliMl::initTestCase() {
    m_data = m_dir.path() + "/set";
    m_model = m_dir.path() + "/m.flmodel";
    testing::makeStripesDataset(m_data);
}

void TestCliMl::trainThenScore() {
    const Run t = cli({"train", "--data", m_data, "--out", m_model, "--size", "16", "--epochs", "2", "--batch", "8",
                       "--threads", "2", "--device", "cpu", "--val-fraction", "0.2", "--json"});
    QVERIFY2(t.code == 0, t.err.constData());
    const QJsonObject summary = QJsonDocument::fromJson(t.out).object();
    QVERIFY2(summary.value("ok").toBool(), t.out.constData());
    QCOMPARE(summary.value("train_images").toInt(), 32);
    QCOMPARE(summary.value("val_images").toInt(), 8);
    QCOMPARE(summary.value("epochs_run").toInt(), 2);
    QVERIFY(QFile::exists(m_model));

    const QString csv = m_dir.path() + "/scores.csv";
    const QString maps = m_dir.path() + "/maps";
    const Run s = cli({"score", "--model", m_model, "--data", m_data, "--out", csv, "--maps", maps, "--threads", "2"});
    QVERIFY2(s.code == 0, s.err.constData());
    const core::ScoresReadResult read = core::readScoresCsv(csv);
    QVERIFY2(read.ok, qPrintable(read.error));
    QVERIFY(read.problems.isEmpty());
    QCOMPARE(read.records.size(), 52); // 32 train + 8 val + 6 good + 6 anomalous test images
    int val = 0, anomalous = 0;
    double anomalousSum = 0, normalTestSum = 0;
    for (const core::ScoreRecord& r : read.records) {
        QVERIFY2(!r.path.startsWith('/') && !r.path.contains('\\'), qPrintable(r.path));
        QVERIFY(std::isfinite(r.score));
        if (r.split == core::Split::Val) ++val;
        if (r.label == core::GroundTruth::Anomalous) {
            ++anomalous;
            anomalousSum += r.score;
            QCOMPARE(r.defect, QStringLiteral("square"));
        } else if (r.split == core::Split::Test) {
            normalTestSum += r.score;
        }
        const QString map = maps + "/" + r.path.left(r.path.lastIndexOf('.')) + ".tiff";
        const cv::Mat m = cv::imread(map.toStdString(), cv::IMREAD_UNCHANGED);
        QVERIFY2(!m.empty(), qPrintable(map));
        QCOMPARE(m.type(), CV_32FC1);
        QCOMPARE(m.size(), cv::Size(32, 32)); // the original size, not the model's 16
    }
    QCOMPARE(val, 8);
    QCOMPARE(anomalous, 6);
    QVERIFY(anomalousSum / 6 > normalTestSum / 6);

    const QString testOnly = m_dir.path() + "/test.csv";
    const Run s2 = cli({"score", "--model", m_model, "--data", m_data, "--out", testOnly, "--split", "test", "--score",
                        "mse", "--json"});
    QVERIFY2(s2.code == 0, s2.err.constData());
    QCOMPARE(QJsonDocument::fromJson(s2.out).object().value("method").toString(), QStringLiteral("mse"));
    QCOMPARE(core::readScoresCsv(testOnly).records.size(), 12);
}

// Without --size the images' own side is used (small images are not enlarged to 128), the
// choice is said before training and recorded in the bundle, and scoring repeats it.
void TestCliMl::inputSizeComesFromTheImages() {
    const QString model = m_dir.path() + "/own-size.flmodel";
    const Run t = cli({"train", "--data", m_data, "--out", model, "--epochs", "1", "--batch", "8", "--threads", "2",
                       "--device", "cpu", "--json"});
    QVERIFY2(t.code == 0, t.err.constData());
    const QJsonObject summary = QJsonDocument::fromJson(t.out).object();
    QCOMPARE(summary.value("size").toInt(), testing::kStripesSide);
    QVERIFY2(summary.value("size_reason").toString().contains("not enlarged"), t.out.constData());
    QCOMPARE(summary.value("framing").toString(), QStringLiteral("fit"));
    QCOMPARE(summary.value("tile").toInt(), 0);
    const Run plain = cli({"train", "--data", m_data, "--out", model, "--epochs", "1", "--batch", "8", "--threads", "2",
                           "--device", "cpu"});
    QVERIFY2(plain.code == 0, plain.err.constData());
    QVERIFY2(plain.err.contains(QStringLiteral("Input size %1 px: the images are %1 x %1 px").arg(testing::kStripesSide).toUtf8()),
             plain.err.constData());
    const QString csv = m_dir.path() + "/own-size.csv";
    const Run s = cli({"score", "--model", model, "--data", m_data, "--out", csv, "--threads", "2"});
    QVERIFY2(s.code == 0, s.err.constData());
    QVERIFY(core::readScoresCsv(csv).ok);

    // Tiles asked for: trained on windows, said before training, and scoring repeats them.
    const QString tiled = m_dir.path() + "/tiled.flmodel";
    const Run tt = cli({"train", "--data", m_data, "--out", tiled, "--epochs", "1", "--batch", "8", "--threads", "2",
                        "--device", "cpu", "--size", "16", "--tile", "16"});
    QVERIFY2(tt.code == 0, tt.err.constData());
    QVERIFY2(tt.err.contains("tiles of 16 px every 8 px"), tt.err.constData());
    const Run ts = cli({"score", "--model", tiled, "--data", m_data, "--out", m_dir.path() + "/tiled.csv", "--threads", "2",
                        "--json"});
    QVERIFY2(ts.code == 0, ts.err.constData());
    QCOMPARE(QJsonDocument::fromJson(ts.out).object().value("tile").toInt(), 16);
}

// A pretrained backbone: fitted, not trained; score and compare read the bundle alone.
void TestCliMl::backboneTrainThenScore() {
    const QString model = m_dir.path() + "/backbone.flmodel";
    const QString backbone = QStringLiteral(FAULTLINE_TEST_DATA "/tiny_backbone.pt");
    const Run t = cli({"train", "--data", m_data, "--out", model, "--backbone", backbone, "--backbone-layers",
                       "layer1,layer2", "--size", "32", "--threads", "2", "--device", "cpu", "--texture-coreset", "0",
                       "--val-fraction", "0.2"});
    QVERIFY2(t.code == 0, t.err.constData());
    QVERIFY2(t.err.contains("layer1 4 x 16 x 16, layer2 8 x 8 x 8"), t.err.constData());
    QVERIFY2(t.out.contains("Fitted the memory banks on 32 images") && t.out.contains("embedded"), t.out.constData());
    const Run j = cli({"train", "--data", m_data, "--out", model, "--model", "backbone", "--backbone", backbone,
                       "--size", "32", "--threads", "2", "--device", "cpu", "--texture-coreset", "0", "--json"});
    QVERIFY2(j.code == 0, j.err.constData());
    const QJsonObject summary = j.json();
    QCOMPARE(summary.value("model").toString(), QStringLiteral("backbone"));
    QCOMPARE(summary.value("backbone").toString(), backbone);
    QCOMPARE(summary.value("epochs_run").toInt(), 0);

    const QString csv = m_dir.path() + "/backbone.csv";
    const Run s = cli({"score", "--model", model, "--data", m_data, "--out", csv, "--threads", "2", "--json"});
    QVERIFY2(s.code == 0, s.err.constData());
    QCOMPARE(s.json().value("method").toString(), QStringLiteral("patch-knn"));
    const core::ScoresReadResult read = core::readScoresCsv(csv);
    QVERIFY2(read.ok, qPrintable(read.error));
    QCOMPARE(read.records.size(), 52);
    double anomalous = 0, normal = 0;
    for (const core::ScoreRecord& r : read.records) {
        QVERIFY(std::isfinite(r.score));
        if (r.split != core::Split::Test) continue;
        (r.label == core::GroundTruth::Anomalous ? anomalous : normal) += r.score / 6;
    }
    QVERIFY2(anomalous > normal, qPrintable(QStringLiteral("%1 vs %2").arg(anomalous).arg(normal)));

    const Run c = cli({"compare", "--model", model, "--data", m_data, "--methods", "patch-knn,latent-knn,ocsvm,iforest",
                       "--resamples", "20", "--threads", "2", "--device", "cpu", "--json"});
    QVERIFY2(c.code == 0, c.err.constData());
    const QJsonArray rows = c.json().value("rows").toArray();
    QCOMPARE(rows.size(), 4);
    for (const QJsonValue& row : rows) QCOMPARE(row.toObject().value("model").toString(), QStringLiteral("backbone"));
}

// GANomaly from the command line: trained, scored with its code distance by default, and its
// scores side by side with the others in compare.
void TestCliMl::ganomalyTrainThenScore() {
    const QString model = m_dir.path() + "/ganomaly.flmodel";
    const Run t = cli({"train", "--data", m_data, "--out", model, "--model", "ganomaly", "--size", "16", "--epochs", "3",
                       "--batch", "8", "--threads", "2", "--device", "cpu", "--val-fraction", "0.2", "--json"});
    QVERIFY2(t.code == 0, t.err.constData());
    QCOMPARE(t.json().value("model").toString(), QStringLiteral("ganomaly"));
    QCOMPARE(t.json().value("epochs_run").toInt(), 3);
    const QString csv = m_dir.path() + "/ganomaly.csv";
    const Run s = cli({"score", "--model", model, "--data", m_data, "--out", csv, "--split", "test", "--threads", "2", "--json"});
    QVERIFY2(s.code == 0, s.err.constData());
    QCOMPARE(s.json().value("method").toString(), QStringLiteral("ganomaly"));
    const core::ScoresReadResult read = core::readScoresCsv(csv);
    QVERIFY2(read.ok, qPrintable(read.error));
    QCOMPARE(read.records.size(), 12);
    for (const core::ScoreRecord& r : read.records) QVERIFY(std::isfinite(r.score) && r.score >= 0.0);
    const Run c = cli({"compare", "--model", model, "--data", m_data, "--methods", "ganomaly,mse", "--resamples", "20",
                       "--threads", "2", "--device", "cpu", "--json"});
    QVERIFY2(c.code == 0, c.err.constData());
    const QJsonArray rows = c.json().value("rows").toArray();
    QCOMPARE(rows.size(), 2);
    QStringList methods;
    for (const QJsonValue& row : rows) methods << row.toObject().value("method").toString();
    QVERIFY2(methods.contains("ganomaly") && methods.contains("mse"), qPrintable(methods.join(',')));
    QVERIFY(rows[0].toObject().value("default").toBool() == (methods[0] == QLatin1String("ganomaly")));
}

void TestCliMl::badBackboneIsAnInputError_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("layers");
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing") << m_dir.path() + "/resnet18.pt" << "layer2" << "file not found";
    QTest::newRow("state_dict") << QStringLiteral(FAULTLINE_TEST_DATA "/tiny_state_dict.pt") << "layer2"
                                << "holds no TorchScript code";
    QTest::newRow("unknown layer") << QStringLiteral(FAULTLINE_TEST_DATA "/tiny_backbone.pt") << "layer2,layer9"
                                   << "has no layer 'layer9'";
}

void TestCliMl::badBackboneIsAnInputError() {
    QFETCH(QString, file);
    QFETCH(QString, layers);
    QFETCH(QString, reason);
    const QString out = m_dir.path() + "/bad-backbone.flmodel";
    const Run r = cli({"train", "--data", m_data, "--out", out, "--backbone", file, "--backbone-layers", layers, "--size",
                       "32", "--device", "cpu"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.errText().contains(file) && r.errText().contains(reason), r.err.constData());
    QVERIFY(!QFile::exists(out));
}

void TestCliMl::badArgumentsAreUsageErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QStringList base{"train", "--data", "/nonexistent", "--out", "/tmp/x.flmodel"};
    QTest::newRow("size not multiple of 8") << (base + QStringList{"--size", "30"}) << "multiple of 8";
    QTest::newRow("zero epochs") << (base + QStringList{"--epochs", "0"}) << "--epochs 0";
    QTest::newRow("negative lr") << (base + QStringList{"--lr", "-1"}) << "--lr -1";
    QTest::newRow("text batch") << (base + QStringList{"--batch", "many"}) << "--batch many";
    QTest::newRow("two channels") << (base + QStringList{"--channels", "2"}) << "--channels 2";
    QTest::newRow("unknown model") << (base + QStringList{"--model", "gan"}) << "model 'gan'";
    QTest::newRow("backbone for ae") << (base + QStringList{"--model", "ae", "--backbone", "r.pt"}) << "--backbone is for";
    QTest::newRow("unknown device") << (base + QStringList{"--device", "tpu"}) << "device 'tpu'";
    QTest::newRow("val fraction 1") << (base + QStringList{"--val-fraction", "1"}) << "--val-fraction 1";
    QTest::newRow("unknown framing") << (base + QStringList{"--framing", "squash"}) << "framing 'squash'";
    QTest::newRow("stride over tile") << (base + QStringList{"--tile", "64", "--tile-stride", "65"}) << "tile stride 65";
    QTest::newRow("tiny tile") << (base + QStringList{"--tile", "4"}) << "tile 4";
    QTest::newRow("missing out") << QStringList{"train", "--data", "/tmp"} << "--out MODEL";
    QTest::newRow("score bad split") << QStringList{"score", "--model", "m", "--data", "d", "--out", "o", "--split", "dev"}
                                     << "--split dev";
}

void TestCliMl::badArgumentsAreUsageErrors() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = cli(args);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.errText().contains(message), r.err.constData());
}

void TestCliMl::badInputsAreInputErrors() {
    const Run missing = cli({"train", "--data", m_dir.path() + "/nope", "--out", m_dir.path() + "/n.flmodel"});
    QCOMPARE(missing.code, 2);
    QVERIFY2(missing.errText().contains("nope"), missing.err.constData());

    const QString junk = m_dir.path() + "/junk.flmodel";
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(4096, 'x'));
    f.close();
    const Run bad = cli({"score", "--model", junk, "--data", m_data, "--out", m_dir.path() + "/s.csv"});
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.errText().contains(junk) && bad.errText().contains("not a Faultline model"),
             bad.err.constData());
    QVERIFY(!QFile::exists(m_dir.path() + "/s.csv"));
}

QTEST_GUILESS_MAIN(TestCliMl)
#include "tst_cli_ml.moc"
