// Drives the built faultline-cli (scan, demo, import-idx) as a user would and checks exit codes,
// messages and JSON output.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRun.h"

#include <opencv2/imgcodecs.hpp>

namespace {

using Run = faultline::testing::CliRun;
Run cli(const QStringList& args) { return faultline::testing::runCli(args, 120000); }

bool writeBytes(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

bool writePng(const QString& path, int w, int h) {
    std::vector<uchar> buf;
    cv::imencode(".png", cv::Mat(h, w, CV_8UC1, cv::Scalar(90)), buf);
    return writeBytes(path, QByteArray(reinterpret_cast<const char*>(buf.data()), int(buf.size())));
}

QByteArray idx(const QVector<int>& dims, const QByteArray& data) {
    QByteArray b(4, '\0');
    b[2] = 0x08;
    b[3] = char(dims.size());
    for (int d : dims)
        for (int s = 24; s >= 0; s -= 8) b.append(char((quint32(d) >> s) & 0xff));
    return b + data;
}

} // namespace

class TestCliData : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void helpForEachCommand_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("scan") << "scan" << "--data";
        QTest::newRow("demo") << "demo" << "--seed";
        QTest::newRow("import-idx") << "import-idx" << "/usr/share/datasets/fashion-mnist/";
    }
    void helpForEachCommand() {
        QFETCH(QString, command);
        QFETCH(QString, mentions);
        const Run r = cli({command, "--help"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(mentions.toUtf8()), r.out.constData());
    }

    void demoThenScanJson() {
        const QString out = m_dir.filePath("demo ü");
        const Run demo = cli({"demo", "--out", out, "--size", "64", "--train", "6", "--test-good", "2", "--per-defect", "1",
                              "--seed", "9", "--json"});
        QCOMPARE(demo.code, 0);
        const QJsonObject d = demo.json();
        QCOMPARE(d["images"].toInt(), 13);
        QCOMPARE(d["masks"].toInt(), 5);
        QCOMPARE(d["seed"].toString(), QStringLiteral("9"));

        const Run scan = cli({"scan", "--data", out, "--json"});
        QCOMPARE(scan.code, 0);
        const QJsonObject s = scan.json();
        QCOMPARE(s["ok"].toBool(), true);
        QCOMPARE(s["layout"].toString(), QStringLiteral("mvtec"));
        QCOMPARE(s["total"].toInt(), 13);
        QCOMPARE(s["masks"].toInt(), 5);
        const QJsonObject counts = s["counts"].toObject();
        QCOMPARE(counts["train"].toObject()["normal"].toInt() + counts["val"].toObject()["normal"].toInt(), 6);
        QCOMPARE(counts["val"].toObject()["normal"].toInt(), 1);
        QCOMPARE(counts["test"].toObject()["anomalous"].toInt(), 5);
        QCOMPARE(s["defects"].toObject()["scratch"].toInt(), 1);
        QCOMPARE(s["defects"].toObject()["good"].toInt(), 8);
        const QJsonArray kinds = s["image_kinds"].toArray();
        QCOMPARE(kinds.size(), 1);
        QCOMPARE(kinds[0].toObject()["width"].toInt(), 64);
        QCOMPARE(kinds[0].toObject()["channels"].toInt(), 1);
        QCOMPARE(kinds[0].toObject()["bit_depth"].toInt(), 8);
        QCOMPARE(kinds[0].toObject()["count"].toInt(), 13);
        QVERIFY(s["problems"].toArray().isEmpty());

        const Run again = cli({"scan", "--data", out, "--val-fraction", "0.5", "--json"});
        QCOMPARE(again.json()["counts"].toObject()["val"].toObject()["normal"].toInt(), 3);
    }

    void demoUsageAndInputErrors() {
        QCOMPARE(cli({"demo"}).code, 1);
        const Run small = cli({"demo", "--out", m_dir.filePath("x"), "--size", "7"});
        QCOMPARE(small.code, 1);
        QVERIFY(small.err.contains("--size"));
        QCOMPARE(cli({"demo", "--out", m_dir.filePath("x"), "--seed", "-4"}).code, 1);
        QVERIFY(writeBytes(m_dir.filePath("occupied/notes.txt"), "keep me"));
        const Run occupied = cli({"demo", "--out", m_dir.filePath("occupied")});
        QCOMPARE(occupied.code, 2);
        QVERIFY(occupied.err.contains("not empty"));
    }

    void scanReportsProblemFilesAndSizes() {
        const QString root = m_dir.filePath("messy");
        QVERIFY(writePng(root + "/normal/a.png", 32, 32));
        QVERIFY(writePng(root + "/normal/b.png", 32, 32));
        QVERIFY(writePng(root + "/normal/c.png", 48, 40));
        QVERIFY(writePng(root + "/anomalous/dent/d.png", 32, 32));
        QVERIFY(writeBytes(root + "/normal/empty.png", QByteArray()));
        QVERIFY(writeBytes(root + "/normal/readme.png", "not a picture at all"));
        const Run r = cli({"scan", "--data", root, "--json"});
        QCOMPARE(r.code, 0);
        const QJsonObject s = r.json();
        QCOMPARE(s["layout"].toString(), QStringLiteral("plain"));
        QCOMPARE(s["total"].toInt(), 4);
        const QJsonArray problems = s["problems"].toArray();
        QCOMPARE(problems.size(), 2);
        QCOMPARE(problems[0].toObject()["path"].toString(), QStringLiteral("normal/empty.png"));
        QVERIFY(problems[0].toObject()["reason"].toString().contains("empty file"));
        QVERIFY(problems[1].toObject()["reason"].toString().contains("not an image"));
        QCOMPARE(s["image_kinds"].toArray().size(), 2);
        QCOMPARE(s["image_kinds"].toArray()[0].toObject()["count"].toInt(), 3);

        const Run text = cli({"scan", "--data", root});
        QCOMPARE(text.code, 0);
        QVERIFY(text.out.contains("plain layout"));
        QVERIFY(text.out.contains("normal/empty.png: empty file"));
        QVERIFY(text.out.contains("2 x PNG 32x32") == false); // 3 images are 32x32
        QVERIFY(text.out.contains("3 x PNG 32x32"));
    }

    void scanUnreadableDatasets() {
        const Run missing = cli({"scan", "--data", m_dir.filePath("nowhere")});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains("nowhere: dataset folder not found"));
        QVERIFY(QDir().mkpath(m_dir.filePath("holiday/photos")));
        const Run odd = cli({"scan", "--data", m_dir.filePath("holiday"), "--json"});
        QCOMPARE(odd.code, 2);
        QCOMPARE(odd.json()["ok"].toBool(), false);
        QVERIFY(odd.json()["error"].toString().contains("layout not recognised"));
        QVERIFY(QDir().mkpath(m_dir.filePath("empty/train/good")));
        QCOMPARE(cli({"scan", "--data", m_dir.filePath("empty")}).code, 2);
        QCOMPARE(cli({"scan"}).code, 1);
        QCOMPARE(cli({"scan", "--data", m_dir.filePath("empty"), "--val-fraction", "1.5"}).code, 1);
    }

    void importIdx() {
        QByteArray pixels;
        for (int i = 0; i < 6 * 16; ++i) pixels.append(char(i));
        const QString dir = m_dir.filePath("idx");
        QVERIFY(writeBytes(dir + "/train-images", idx({6, 4, 4}, pixels)));
        QVERIFY(writeBytes(dir + "/train-labels", idx({6}, QByteArray("\x00\x01\x00\x02\x00\x09", 6))));
        QVERIFY(writeBytes(dir + "/test-images", idx({6, 4, 4}, pixels)));
        QVERIFY(writeBytes(dir + "/test-labels", idx({6}, QByteArray("\x01\x00\x03\x04\x00\x05", 6))));
        const QStringList files = {"--images", dir + "/train-images", "--labels", dir + "/train-labels",
                                   "--test-images", dir + "/test-images", "--test-labels", dir + "/test-labels"};
        const Run r = cli(QStringList{"import-idx"} + files + QStringList{"--normal-class", "0", "--out", m_dir.filePath("fm"), "--json"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["train_good"].toInt(), 3);
        QCOMPARE(r.json()["test_good"].toInt(), 2);
        QCOMPARE(r.json()["test_anomalous"].toInt(), 4);
        QCOMPARE(r.json()["normal_folder"].toString(), QStringLiteral("t-shirt_top"));
        const Run scan = cli({"scan", "--data", m_dir.filePath("fm"), "--json"});
        QCOMPARE(scan.code, 0);
        QCOMPARE(scan.json()["defects"].toObject()["trouser"].toInt(), 1);
        QCOMPARE(scan.json()["defects"].toObject()["sandal"].toInt(), 1);

        const Run badClass = cli(QStringList{"import-idx"} + files + QStringList{"--normal-class", "eleven", "--out", m_dir.filePath("fm2")});
        QCOMPARE(badClass.code, 1);
        QStringList broken = files;
        broken[1] = dir + "/absent";
        const Run missing = cli(QStringList{"import-idx"} + broken + QStringList{"--out", m_dir.filePath("fm3")});
        QCOMPARE(missing.code, 2);
        QVERIFY2(missing.err.contains("absent: file not found"), missing.err.constData());
        QVERIFY(writeBytes(dir + "/cut", idx({6, 4, 4}, pixels.left(20))));
        broken[1] = dir + "/cut";
        const Run cut = cli(QStringList{"import-idx"} + broken + QStringList{"--out", m_dir.filePath("fm4")});
        QCOMPARE(cut.code, 2);
        QVERIFY(cut.err.contains("truncated"));
        QCOMPARE(cli({"import-idx", "--normal-class", "0"}).code, 1);
    }
};

QTEST_GUILESS_MAIN(TestCliData)
#include "tst_cli_data.moc"
