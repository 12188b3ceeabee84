// faultline-cli drift end to end: a tiny model trained on demo fabric normals, then a fresh lot of
// normals (no drift, exit 0), the same lot 20% darker (drift, exit 3), a bundle of the older
// format without image statistics (scores still compared), and the input errors (exit 2).
#include <QDataStream>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include "../DemoLot.h"
#include "CliRun.h"

using namespace faultline;

namespace {

using Run = testing::CliRun;
Run cli(const QStringList& args) { return testing::runCli(args); }

constexpr int kSide = 64;  // demo image side in pixels

QJsonObject figure(const QJsonObject& report, const QString& key) {
    for (const QJsonValue& v : report.value("figures").toArray())
        if (v.toObject().value("key").toString() == key) return v.toObject();
    return {};
}

// Rewrites a bundle as format 1 (no header checksum) with the calibration's "reference_images"
// removed: what a bundle written before the statistics were stored looks like.
bool writeOlderBundle(const QString& from, const QString& to) {
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly)) return false;
    const QByteArray bytes = in.readAll();
    int pos = 16 + 4;  // magic, version
    QByteArray sections[2];
    for (QByteArray& section : sections) {
        const quint32 n = qFromLittleEndian<quint32>(bytes.constData() + pos);
        section = bytes.mid(pos + 4, int(n));
        pos += 4 + int(n);
    }
    pos += 32;  // the format-2 header checksum
    QJsonObject meta = QJsonDocument::fromJson(sections[0]).object();
    meta.insert("format_version", 1);
    QJsonObject cal = QJsonDocument::fromJson(sections[1]).object();
    if (!cal.contains("reference_images")) return false;
    cal.remove("reference_images");
    const QByteArray metaBytes = QJsonDocument(meta).toJson(QJsonDocument::Compact);
    const QByteArray calBytes = QJsonDocument(cal).toJson(QJsonDocument::Compact);
    QFile out(to);
    if (!out.open(QIODevice::WriteOnly)) return false;
    QDataStream s(&out);
    s.setByteOrder(QDataStream::LittleEndian);
    s.writeRawData(bytes.constData(), 16);
    s << quint32(1) << quint32(metaBytes.size());
    s.writeRawData(metaBytes.constData(), int(metaBytes.size()));
    s << quint32(calBytes.size());
    s.writeRawData(calBytes.constData(), int(calBytes.size()));
    s.writeRawData(bytes.constData() + pos, int(bytes.size() - pos));
    return s.status() == QDataStream::Ok;
}

} // namespace

class TestCliDrift : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        const QString set = m_dir.filePath("set");
        QCOMPARE(demolot::writeLot(set + "/train/good", 100, 60, kSide).size(), 60);
        QCOMPARE(demolot::writeLot(set + "/test/good", 900, 4, kSide).size(), 4);
        m_model = m_dir.filePath("m.flmodel");
        const Run t = cli({"train", "--data", set, "--out", m_model, "--size", "16", "--epochs", "1", "--batch", "16",
                           "--threads", "2", "--device", "cpu", "--val-fraction", "0.5", "--json"});
        QVERIFY2(t.code == 0, t.err.constData());
        m_valImages = t.json().value("val_images").toInt();
        QCOMPARE(m_valImages, 30);
        m_same = m_dir.filePath("lots/same");
        m_dark = m_dir.filePath("lots/dark");
        QCOMPARE(demolot::writeLot(m_same, 3000, 30, kSide).size(), 30);
        QCOMPARE(demolot::writeLot(m_dark, 3000, 30, kSide, 0.8).size(), 30);
    }

    void unchangedLotIsNotFlagged() {
        const Run r = cli({"drift", "--model", m_model, "--data", m_same, "--json", "--threads", "2"});
        QVERIFY2(r.code == 0, r.out.constData());
        const QJsonObject j = r.json();
        QCOMPARE(j.value("drift").toBool(), false);
        QCOMPARE(j.value("lot_images").toInt(), 30);
        QCOMPARE(j.value("reference_images").toInt(), m_valImages);
        QCOMPARE(j.value("alpha").toDouble(), 0.01);
        QCOMPARE(j.value("figures").toArray().size(), 6);
        for (const QJsonValue& v : j.value("figures").toArray()) {
            QVERIFY2(v.toObject().value("available").toBool(), qPrintable(v.toObject().value("explanation").toString()));
            QCOMPARE(v.toObject().value("reference_count").toInt(), m_valImages);
        }
        QCOMPARE(figure(j, "score").value("label").toString(), QStringLiteral("Score (knn)"));
    }

    void darkerLotIsFlagged() {
        const Run r = cli({"drift", "--model", m_model, "--data", m_dark, "--json", "--threads", "2"});
        QVERIFY2(r.code == 3, r.out.constData());
        const QJsonObject j = r.json();
        QCOMPARE(j.value("drift").toBool(), true);
        const QJsonObject brightness = figure(j, "brightness");
        QCOMPARE(brightness.value("drift").toBool(), true);
        QCOMPARE(brightness.value("ks_d").toDouble(), 1.0);
        QVERIFY(brightness.value("p_value").toDouble() < 0.01);
        QCOMPARE(figure(j, "width").value("drift").toBool(), false);

        // The table names every figure and the rule; a stricter alpha is the caller's to choose.
        const Run text = cli({"drift", "--model", m_model, "--data", m_dark, "--alpha", "1e-6", "--threads", "2"});
        QCOMPARE(text.code, 3);
        const QString out = QString::fromUtf8(text.out);
        for (const char* word : {"Mean brightness", "Contrast", "Sharpness", "Width", "Height", "Score (knn)", "DRIFT",
                                 "below 1e-06"})
            QVERIFY2(out.contains(QLatin1String(word)), qPrintable(out));
    }

    void olderBundleComparesScoresOnly() {
        const QString older = m_dir.filePath("older.flmodel");
        QVERIFY(writeOlderBundle(m_model, older));
        const Run r = cli({"drift", "--model", older, "--data", m_dark, "--json", "--threads", "2"});
        QVERIFY2(r.code == 0 || r.code == 3, r.err.constData());
        const QJsonObject j = r.json();
        QVERIFY(figure(j, "score").value("available").toBool());
        const QJsonObject brightness = figure(j, "brightness");
        QCOMPARE(brightness.value("available").toBool(), false);
        QVERIFY2(brightness.value("unavailable").toString().contains("older.flmodel stores no image statistics"),
                 qPrintable(brightness.value("unavailable").toString()));
        QVERIFY(brightness.value("p_value").isNull());
        const Run text = cli({"drift", "--model", older, "--data", m_same, "--threads", "2"});
        QCOMPARE(text.code, 0);
        QVERIFY(text.out.contains("unavailable: older.flmodel stores no image statistics"));
    }

    void badInputsNameTheFile() {
        const Run noModel = cli({"drift", "--model", m_dir.filePath("none.flmodel"), "--data", m_same});
        QCOMPARE(noModel.code, 2);
        QVERIFY2(noModel.errText().contains("none.flmodel"), noModel.err.constData());
        const Run noLot = cli({"drift", "--model", m_model, "--data", m_dir.filePath("lots/nope")});
        QCOMPARE(noLot.code, 2);
        QVERIFY(noLot.errText().contains("lots/nope"));
        QDir().mkpath(m_dir.filePath("lots/empty"));
        const Run empty = cli({"drift", "--model", m_model, "--data", m_dir.filePath("lots/empty")});
        QCOMPARE(empty.code, 2);
        QVERIFY(empty.errText().contains("no images"));
        const QString junk = m_dir.filePath("junk.flmodel");
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a model");
        f.close();
        const Run bad = cli({"drift", "--model", junk, "--data", m_same});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.errText().contains("junk.flmodel"));
        QCOMPARE(cli({"drift", "--model", m_model, "--data", m_same, "--alpha", "2"}).code, 1);
        QCOMPARE(cli({"drift", "--data", m_same}).code, 1);
    }

private:
    QTemporaryDir m_dir;
    QString m_model, m_same, m_dark;
    int m_valImages = 0;
};

QTEST_GUILESS_MAIN(TestCliDrift)
#include "tst_cli_drift.moc"
