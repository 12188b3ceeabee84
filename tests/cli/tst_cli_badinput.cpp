// A corpus of bad and unusual inputs, generated here, run through faultline-cli scan, train,
// score and evaluate: each gets its exit code and a message naming the file and the reason, no
// run crashes, and the good files next to a bad one are still used.
#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <functional>

#include "tests/BadInputCorpus.h"
#include "CliRun.h"

using namespace faultline::testing;

namespace {

// The shared runner with this file's shorter time-out.
CliRun cli(const QStringList& args) { return runCli(args, 120000); }

bool hasProblem(const QJsonObject& scan, const QString& path, const QString& reason) {
    for (const QJsonValue& v : scan.value(QStringLiteral("problems")).toArray()) {
        const QJsonObject p = v.toObject();
        if (p.value(QStringLiteral("path")).toString().contains(path) &&
            p.value(QStringLiteral("reason")).toString().contains(reason))
            return true;
    }
    return false;
}

QString readText(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Rewrites the metadata section (and the format version) of a format-2 model bundle, keeping the
// weights and their checksum, and writes a header checksum that matches the edit (set
// `rehash` false to leave the old one, as damage would): the layout is magic[16], u32 version,
// u32 + metadata JSON, u32 + calibration JSON, 32-byte SHA-256 of the bytes from the version
// on, then the payload.
QByteArray editBundleMetadata(const QByteArray& bundle, const std::function<void(QJsonObject&, quint32&)>& edit,
                              bool rehash = true) {
    QDataStream in(bundle);
    in.setByteOrder(QDataStream::LittleEndian);
    in.skipRawData(16);
    quint32 version = 0, length = 0;
    in >> version >> length;
    if (in.status() != QDataStream::Ok || 24 + qsizetype(length) + 4 > bundle.size()) return {};
    QJsonObject meta = QJsonDocument::fromJson(bundle.mid(24, length)).object();
    QDataStream calIn(bundle.mid(24 + length));
    calIn.setByteOrder(QDataStream::LittleEndian);
    quint32 calLength = 0;
    calIn >> calLength;
    const QByteArray cal = bundle.mid(24 + length + 4, calLength);
    const QByteArray rest = bundle.mid(24 + length + 4 + calLength + 32);
    edit(meta, version);
    const QByteArray json = QJsonDocument(meta).toJson(QJsonDocument::Compact);
    QByteArray covered;
    QDataStream s(&covered, QIODevice::WriteOnly);
    s.setByteOrder(QDataStream::LittleEndian);
    s << version << quint32(json.size());
    s.writeRawData(json.constData(), int(json.size()));
    s << quint32(cal.size());
    s.writeRawData(cal.constData(), int(cal.size()));
    const QByteArray hash = rehash ? QCryptographicHash::hash(covered, QCryptographicHash::Sha256)
                                   : bundle.mid(24 + length + 4 + calLength, 32);
    return bundle.left(16) + covered + hash + rest;
}

// Offset of the calibration JSON in a format-2 bundle.
qsizetype calibrationOffset(const QByteArray& bundle) {
    QDataStream in(bundle);
    in.setByteOrder(QDataStream::LittleEndian);
    in.skipRawData(20);
    quint32 length = 0;
    in >> length;
    return 24 + qsizetype(length) + 4;
}

} // namespace

class TestCliBadInput : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_model;
    QString m_clean;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // One tiny model, trained once and reused by every scoring row.
        m_clean = m_dir.filePath(QStringLiteral("clean"));
        for (int i = 0; i < 6; ++i)
            QVERIFY(writeBytes(QStringLiteral("%1/normal/n%2.png").arg(m_clean).arg(i), encode(".png", pattern(32, 32))));
        m_model = m_dir.filePath(QStringLiteral("tiny.flmodel"));
        const CliRun t = cli({"train", "--data", m_clean, "--out", m_model, "--size", "16", "--epochs", "1", "--threads", "2"});
        QVERIFY2(!t.crashed && t.code == 0, qPrintable(t.errText()));
        QVERIFY(QFileInfo(m_model).size() > 0);
    }

    // Each row: a dataset of four good images plus one odd file in normal/. Bad files are
    // reported by scan (with the reason) and by score (on stderr), the good ones are counted and scored.
    // score exits 2 whenever an input was skipped, whether the scan left it out or decoding failed.
    void oddImage_data() {
        QTest::addColumn<QString>("file");     // relative to the dataset root
        QTest::addColumn<int>("bad");          // index into badImageFiles(), -1: the bytes below
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");   // empty: the file is usable
        QTest::addColumn<int>("scoreExit");
        QTest::addColumn<QString>("scoreReason");

        const QVector<BadFile> corpus = badImageFiles();
        for (int i = 0; i < corpus.size(); ++i)
            QTest::newRow(qPrintable(corpus[i].name)) << corpus[i].file << i << QByteArray() << corpus[i].reason << 2
                                                      << corpus[i].reason;
        const QByteArray png = encode(".png", pattern(32, 32));
        QTest::newRow("corrupt pixel data") << "normal/damaged.png" << -1 << pngCorruptData() << QString() << 2 << "cannot decode PNG";
        QTest::newRow("16-bit png") << "normal/deep.png" << -1 << encode(".png", pattern(32, 32, CV_16UC1)) << QString() << 0 << QString();
        QImage palette(32, 32, QImage::Format_Indexed8);
        palette.setColorTable({qRgb(0, 0, 0), qRgb(200, 30, 30), qRgb(30, 200, 30)});
        palette.fill(1);
        QTest::newRow("palette png") << "normal/palette.png" << -1 << qimagePng(palette) << QString() << 0 << QString();
        QImage alpha(32, 32, QImage::Format_ARGB32);
        alpha.fill(qRgba(10, 120, 200, 100));
        QTest::newRow("alpha png") << "normal/alpha.png" << -1 << qimagePng(alpha) << QString() << 0 << QString();
        QTest::newRow("1x1 image") << "normal/dot.png" << -1 << encode(".png", pattern(1, 1)) << QString() << 0 << QString();
        QTest::newRow("other size") << "normal/wide.jpg" << -1 << encode(".jpg", pattern(48, 20)) << QString() << 0 << QString();
        QTest::newRow("non-ascii and spaces") << QStringLiteral("normal/Prüfteil Nr 7 – größe.png") << -1 << png << QString() << 0 << QString();
    }

    void oddImage() {
        QFETCH(QString, file);
        QFETCH(int, bad);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        QFETCH(int, scoreExit);
        QFETCH(QString, scoreReason);
        const QString root = m_dir.filePath(QStringLiteral("odd/") + QString(QTest::currentDataTag()).replace(' ', '_'));
        writeGoodFiles(root);
        if (bad >= 0) QVERIFY(writeBadFile(root, badImageFiles()[bad]));
        else QVERIFY(writeBytes(root + QLatin1Char('/') + file, bytes));
        const bool isBad = !reason.isEmpty();

        const CliRun scan = cli({"scan", "--data", root, "--json"});
        QVERIFY2(!scan.crashed && scan.code == 0, qPrintable(scan.errText()));
        const QJsonObject js = scan.json();
        QCOMPARE(js.value(QStringLiteral("total")).toInt(), isBad ? 4 : 5);
        if (isBad) QVERIFY2(hasProblem(js, QFileInfo(file).fileName(), reason), scan.out.constData());
        else QVERIFY2(js.value(QStringLiteral("problems")).toArray().isEmpty(), scan.out.constData());

        // Outside the dataset: an output inside the folder being read is refused.
        const QString csv = root + QStringLiteral(".csv");
        const CliRun score = cli({"score", "--model", m_model, "--data", root, "--out", csv, "--threads", "2"});
        QVERIFY(!score.crashed);
        QVERIFY2(score.code == scoreExit, qPrintable(QStringLiteral("exit %1: %2").arg(score.code).arg(score.errText())));
        if (!scoreReason.isEmpty()) {
            QVERIFY2(score.errText().contains(QFileInfo(file).fileName()) && score.errText().contains(scoreReason), qPrintable(score.errText()));
            QVERIFY2(score.errText().contains(QStringLiteral("1 file(s) skipped")), qPrintable(score.errText()));
        }
        const QString rows = readText(csv);
        for (const char* good : {"normal/g0.png", "normal/g1.png", "normal/g2.png", "anomalous/a0.png"})
            QVERIFY2(rows.contains(good), qPrintable(rows));
        QCOMPARE(rows.contains(QFileInfo(file).fileName()), !isBad && scoreExit == 0);
    }

    // Both kinds of skipped input in one run: --json lists each with its reason, the rest is scored.
    void scoreJsonListsEverySkippedFile() {
        const QString root = m_dir.filePath(QStringLiteral("skipped"));
        writeGoodFiles(root);
        QVERIFY(writeBytes(root + QStringLiteral("/normal/zero.png"), {}));
        QVERIFY(writeBytes(root + QStringLiteral("/normal/damaged.png"), pngCorruptData()));
        const QString csv = root + QStringLiteral(".csv");
        const CliRun r = cli({"score", "--model", m_model, "--data", root, "--out", csv, "--threads", "2", "--json"});
        QVERIFY(!r.crashed);
        QVERIFY2(r.code == 2, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
        QVERIFY2(r.errText().contains(QStringLiteral("2 file(s) skipped (1 left out by the dataset scan, 1 could not be decoded")),
                 qPrintable(r.errText()));
        const QJsonObject js = r.json();
        QCOMPARE(js.value(QStringLiteral("scored")).toInt(), 4);
        const QJsonArray failed = js.value(QStringLiteral("failed")).toArray();
        QCOMPARE(failed.size(), 2);
        QVERIFY2(failed[0].toString().contains(QStringLiteral("zero.png: empty file")), r.out.constData());
        QVERIFY2(failed[1].toString().contains(QStringLiteral("damaged.png")) &&
                     failed[1].toString().contains(QStringLiteral("cannot decode PNG")),
                 r.out.constData());
        QCOMPARE(readText(csv).count(QLatin1Char('\n')), 5); // header + the four good images
    }

    void unreadableFile() {
        if (::geteuid() == 0) QSKIP("running as root: file permissions do not stop root from reading");
        const QString root = m_dir.filePath(QStringLiteral("unreadable"));
        writeGoodFiles(root);
        const QString locked = root + QStringLiteral("/normal/locked.png");
        QVERIFY(writeBytes(locked, encode(".png", pattern(32, 32))));
        QVERIFY(QFile::setPermissions(locked, QFileDevice::Permissions()));
        const CliRun scan = cli({"scan", "--data", root, "--json"});
        QVERIFY(!scan.crashed);
        QCOMPARE(scan.code, 0);
        QVERIFY2(hasProblem(scan.json(), QStringLiteral("locked.png"), QStringLiteral("cannot open")), scan.out.constData());
        QCOMPARE(scan.json().value(QStringLiteral("total")).toInt(), 4);
    }

    // Training on a dataset that holds every kind of bad file: each is named on stderr, the rest trains.
    void trainSkipsBadFiles() {
        const QString root = m_dir.filePath(QStringLiteral("mixed"));
        writeGoodFiles(root);
        const QByteArray png = encode(".png", pattern(32, 32));
        QVERIFY(writeBytes(root + QStringLiteral("/normal/zero.png"), {}));
        QVERIFY(writeBytes(root + QStringLiteral("/normal/cut.png"), png.left(png.size() / 2)));
        QVERIFY(writeBytes(root + QStringLiteral("/normal/bomb.png"), pngBomb()));
        const QString out = m_dir.filePath(QStringLiteral("mixed.flmodel"));
        const CliRun t = cli({"train", "--data", root, "--out", out, "--size", "16", "--epochs", "1", "--threads", "2", "--json"});
        QVERIFY(!t.crashed);
        // Skipped input is exit 2, as in score and evaluate; the bundle is still written.
        QVERIFY2(t.code == 2, qPrintable(t.errText()));
        QVERIFY2(t.errText().contains(QStringLiteral("3 file(s) left out by the dataset scan")), qPrintable(t.errText()));
        for (const char* name : {"zero.png: empty file", "cut.png: truncated PNG", "bomb.png: too large"})
            QVERIFY2(t.errText().contains(QLatin1String(name)), qPrintable(t.errText()));
        const QJsonObject js = t.json();
        // Three good normals; the plain layout keeps one of them for the test split, the rest train.
        QVERIFY2(js.value(QStringLiteral("train_images")).toInt() + js.value(QStringLiteral("val_images")).toInt() == 2, t.out.constData());
        QVERIFY(QFileInfo(out).size() > 0);
    }

    void datasetLevel_data() {
        QTest::addColumn<QStringList>("args"); // {DATA} is the prepared folder
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("reason");
        QTest::newRow("scan empty dataset") << QStringList{"scan", "--data", "{DATA}"} << "empty" << 2 << "found no subfolders";
        QTest::newRow("train empty dataset") << QStringList{"train", "--data", "{DATA}", "--out", "{DATA}.flmodel"} << "empty" << 2
                                             << "found no subfolders";
        QTest::newRow("train without normals") << QStringList{"train", "--data", "{DATA}", "--out", "{DATA}.flmodel", "--size", "16", "--epochs", "1"}
                                               << "anomalous-only" << 3 << "no normal training images";
        QTest::newRow("train on one image") << QStringList{"train", "--data", "{DATA}", "--out", "{DATA}.flmodel", "--size", "16", "--epochs", "1"}
                                            << "one-image" << 3 << "only 1 normal training image and no validation image";
    }

    void datasetLevel() {
        QFETCH(QStringList, args);
        QFETCH(QString, kind);
        QFETCH(int, exitCode);
        QFETCH(QString, reason);
        const QString root = m_dir.filePath(QStringLiteral("level/") + kind);
        QVERIFY(QDir().mkpath(root));
        if (kind == QLatin1String("one-image"))
            QVERIFY(writeBytes(root + QStringLiteral("/train/good/000.png"), encode(".png", pattern(32, 32))));
        if (kind == QLatin1String("anomalous-only"))
            for (int i = 0; i < 3; ++i)
                QVERIFY(writeBytes(QStringLiteral("%1/anomalous/a%2.png").arg(root).arg(i), encode(".png", pattern(32, 32))));
        args.replaceInStrings(QStringLiteral("{DATA}"), root);
        const CliRun r = cli(args);
        QVERIFY(!r.crashed);
        QVERIFY2(r.code == exitCode, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
        QVERIFY2(r.errText().contains(reason), qPrintable(r.errText()));
        if (kind == QLatin1String("empty")) QVERIFY2(r.errText().contains(root), qPrintable(r.errText()));
    }

    void badScoresCsv_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("goodRows"); // rows still evaluated, -1: none expected (file refused)
        const QByteArray header = "path,split,defect,label,score\n";
        const QByteArray good = "a.png,test,good,0,0.1\nb.png,test,crack,1,0.9\nc.png,test,good,0,0.2\nd.png,test,crack,1,0.8\n";
        QTest::newRow("missing column") << QByteArray("path,split,defect,label\na.png,test,good,0\n") << 2 << "lacks column(s) score" << -1;
        // Skipped rows are exit 2, as in `score`; the good rows are still evaluated.
        QTest::newRow("non-numeric score") << header + good + "e.png,test,good,0,high\n" << 2 << ":6: score 'high' is not a number" << 4;
        QTest::newRow("nan score") << header + good + "e.png,test,good,0,nan\n" << 2 << ":6: score 'nan' is not" << 4;
        QTest::newRow("bad label") << header + good + "e.png,test,good,maybe,0.5\n" << 2 << ":6: bad label 'maybe'" << 4;
        // An unquoted decimal comma: read as score 1 before, refused with its line now.
        QTest::newRow("extra field") << header + good + "b2.png,test,,0,1,5\n" << 2 << ":6: row has 6 fields but the header has 5" << 4;
        QTest::newRow("short row") << header + good + "b3.png,test,,0\n" << 2 << ":6: row has 4 field(s) but the header has 5" << 4;
        QTest::newRow("empty file") << QByteArray() << 2 << "no header line" << -1;
        QTest::newRow("header only") << header << 2 << "no score rows after the header" << -1;
        QTest::newRow("no usable row") << header + "a.png,test,good,0,nan\n" << 2 << "none of its 1 row(s) is usable" << -1;
        QTest::newRow("no line breaks") << QByteArray(3 << 20, 'a') << 2 << "line 1 is longer than 1048576 bytes" << -1;
        QByteArray garbage(512, '\0');
        for (int i = 0; i < garbage.size(); ++i) garbage[i] = char((i * 131 + 7) % 256);
        QTest::newRow("binary garbage") << garbage << 2 << "" << -1;
    }

    void badScoresCsv() {
        QFETCH(QByteArray, content);
        QFETCH(int, exitCode);
        QFETCH(QString, reason);
        QFETCH(int, goodRows);
        const QString path = m_dir.filePath(QStringLiteral("csv/%1.csv").arg(QString(QTest::currentDataTag()).replace(' ', '_')));
        QVERIFY(writeBytes(path, content));
        const CliRun r = cli({"evaluate", "--scores", path, "--json", "--bootstrap", "10"});
        QVERIFY(!r.crashed);
        QVERIFY2(r.code == exitCode, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
        QVERIFY2(r.errText().contains(path) && r.errText().contains(reason), qPrintable(r.errText()));
        if (goodRows >= 0) {
            QCOMPARE(r.json().value(QStringLiteral("bad_rows")).toArray().size(), 1);
            // The good rows are still evaluated: all four, perfectly separated.
            QCOMPARE(r.json().value(QStringLiteral("n")).toInt(), goodRows);
            QCOMPARE(r.json().value(QStringLiteral("image_auroc")).toDouble(), 1.0);
        }
    }

    void badModelBundle_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("reason");
        QTest::newRow("truncated bundle") << "truncated" << "truncated";
        QTest::newRow("random bytes") << "random" << "not a Faultline model bundle";
        QTest::newRow("text file") << "text" << "not a Faultline model bundle";
        QTest::newRow("newer format version") << "version" << "format version 3 is not supported";
        QTest::newRow("versions disagree") << "version-header" << "disagrees with itself about the format version";
        QTest::newRow("other architecture") << "vae" << "do not match the vae architecture";
        QTest::newRow("other layer widths") << "widths" << "do not match the ae architecture";
        QTest::newRow("other input size") << "size" << "do not match the ae architecture";
        QTest::newRow("unknown architecture") << "transformer" << "architecture 'transformer' is not one this version knows";
        // One flipped bit in the committed threshold or the metadata: refused, not read as another value.
        QTest::newRow("calibration bit flip") << "calibration-bit" << "calibration section is damaged (header checksum mismatch)";
        QTest::newRow("metadata edited, old checksum") << "stale-hash" << "header checksum mismatch";
        QTest::newRow("damaged default score") << "default-score" << "unknown score method 'msx'";
        QTest::newRow("named pipe") << "fifo" << "is a named pipe (FIFO), not a regular file";
    }

    // A bad bundle is refused before anything is scored: exit 2 (input error), the file and the
    // reason on stderr, no CSV written.
    void badModelBundle() {
        QFETCH(QString, kind);
        QFETCH(QString, reason);
        QFile real(m_model);
        QVERIFY(real.open(QIODevice::ReadOnly));
        const QByteArray whole = real.readAll();
        QByteArray bytes;
        if (kind == QLatin1String("truncated")) bytes = whole.left(whole.size() * 2 / 3);
        else if (kind == QLatin1String("text")) bytes = "model: autoencoder\nsize: 16\n";
        else if (kind == QLatin1String("calibration-bit")) {
            bytes = whole;
            const qsizetype at = calibrationOffset(whole) + 5;
            bytes[at] = char(bytes[at] ^ 0x04);
        } else if (kind == QLatin1String("stale-hash")) {
            bytes = editBundleMetadata(whole, [](QJsonObject& meta, quint32&) { meta.insert(QStringLiteral("epochs_run"), 7); },
                                       /*rehash=*/false);
        } else if (kind == QLatin1String("default-score")) {
            bytes = editBundleMetadata(whole, [](QJsonObject& meta, quint32&) {
                meta.insert(QStringLiteral("default_score"), QStringLiteral("msx"));
            });
        } else if (kind == QLatin1String("fifo")) {
            // made below: a pipe with no writer would block open() forever
        } else if (kind == QLatin1String("random")) {
            bytes.resize(4096);
            for (int i = 0; i < bytes.size(); ++i) bytes[i] = char((i * 2654435761u) >> 13);
        } else {
            bytes = editBundleMetadata(whole, [&](QJsonObject& meta, quint32& version) {
                if (kind == QLatin1String("version")) {
                    version = 3;
                    meta.insert(QStringLiteral("format_version"), 3);
                } else if (kind == QLatin1String("version-header")) {
                    meta.insert(QStringLiteral("format_version"), 1);
                } else if (kind == QLatin1String("size")) {
                    meta.insert(QStringLiteral("size"), 32);
                } else if (kind == QLatin1String("widths")) {
                    // The weights were trained with widths 32/64/128; the metadata now names a smaller network.
                    QJsonObject config = meta.value(QStringLiteral("train_config")).toObject();
                    config.insert(QStringLiteral("widths"), QJsonArray{8, 16, 32});
                    meta.insert(QStringLiteral("train_config"), config);
                } else {
                    meta.insert(QStringLiteral("model"), kind);
                }
            });
            QVERIFY(!bytes.isEmpty());
        }
        const QString path = m_dir.filePath(QStringLiteral("bundles/%1.flmodel").arg(kind));
        if (kind == QLatin1String("fifo")) {
            QDir().mkpath(QFileInfo(path).path());
            QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
        } else {
            QVERIFY(writeBytes(path, bytes));
        }
        const QString csv = m_dir.filePath(QStringLiteral("bundles/%1.csv").arg(kind));
        const CliRun r = runCli({"score", "--model", path, "--data", m_clean, "--out", csv}, 30000);
        QVERIFY(!r.crashed);
        QVERIFY2(r.code == 2, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
        QVERIFY2(r.errText().contains(path) && r.errText().contains(reason), qPrintable(r.errText()));
        QVERIFY(!QFile::exists(csv));
    }

    // Format 1 (no header checksum) is still read: old bundles keep scoring.
    void formatOneBundleStillScores() {
        QFile real(m_model);
        QVERIFY(real.open(QIODevice::ReadOnly));
        const QByteArray whole = real.readAll();
        const QByteArray edited = editBundleMetadata(whole, [](QJsonObject& meta, quint32& version) {
            version = 1;
            meta.insert(QStringLiteral("format_version"), 1);
        });
        QVERIFY(!edited.isEmpty());
        // Drop the header checksum: format 1 has none.
        const qsizetype hashAt = calibrationOffset(edited) + [&] {
            QDataStream in(edited.mid(calibrationOffset(edited) - 4));
            in.setByteOrder(QDataStream::LittleEndian);
            quint32 n = 0;
            in >> n;
            return qsizetype(n);
        }();
        const QByteArray v1 = edited.left(hashAt) + edited.mid(hashAt + 32);
        const QString path = m_dir.filePath(QStringLiteral("format1.flmodel"));
        QVERIFY(writeBytes(path, v1));
        const CliRun r = cli({"score", "--model", path, "--data", m_clean, "--out", m_dir.filePath(QStringLiteral("format1.csv"))});
        QVERIFY2(!r.crashed && r.code == 0, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
    }

    // Anything but a regular file is refused before it is opened: a FIFO with no writer used to
    // block open() forever, /dev/zero to fill memory until std::bad_alloc aborted the process.
    void pipesAndDevicesAreRefused_data() {
        QTest::addColumn<QStringList>("args"); // {FIFO} is a named pipe with no writer
        QTest::addColumn<QString>("reason");
        QTest::newRow("evaluate fifo") << QStringList{"evaluate", "--scores", "{FIFO}"} << "is a named pipe (FIFO)";
        QTest::newRow("evaluate /dev/zero") << QStringList{"evaluate", "--scores", "/dev/zero"} << "is a character device";
        QTest::newRow("import-idx fifo") << QStringList{"import-idx", "--images", "{FIFO}", "--out", "{OUT}"} << "is a named pipe (FIFO)";
    }

    void pipesAndDevicesAreRefused() {
        QFETCH(QStringList, args);
        QFETCH(QString, reason);
        const QString fifo = m_dir.filePath(QStringLiteral("pipe-%1").arg(QString(QTest::currentDataTag()).replace(' ', '_').replace('/', '_')));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        args.replaceInStrings(QStringLiteral("{FIFO}"), fifo);
        args.replaceInStrings(QStringLiteral("{OUT}"), fifo + QStringLiteral("-out"));
        const CliRun r = runCli(args, 30000);
        QVERIFY2(!r.crashed, "faultline-cli hung or crashed");
        QVERIFY2(r.code == 2, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
        QVERIFY2(r.errText().contains(reason), qPrintable(r.errText()));
    }

    // IDX images of 0x0 pixels: the message says so (it said "expected 3 dimensions, found 3").
    void idxZeroSizedImages() {
        QByteArray idx("\0\0\x08\x03", 4);
        for (quint32 d : {1u, 0u, 0u}) {
            QByteArray be;
            QDataStream(&be, QIODevice::WriteOnly) << d;
            idx += be;
        }
        QByteArray labels("\0\0\x08\x01\0\0\0\x01\0", 9);
        const QString images = m_dir.filePath(QStringLiteral("zero-images.idx"));
        const QString labelFile = m_dir.filePath(QStringLiteral("zero-labels.idx"));
        QVERIFY(writeBytes(images, idx));
        QVERIFY(writeBytes(labelFile, labels));
        const CliRun r = cli({"import-idx", "--images", images, "--labels", labelFile, "--test-images", images,
                              "--test-labels", labelFile, "--out", m_dir.filePath(QStringLiteral("zero-import"))});
        QVERIFY(!r.crashed);
        QVERIFY2(r.code == 2, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
        QVERIFY2(r.errText().contains(QStringLiteral("the images are 0x0 pixels")), qPrintable(r.errText()));
    }

    // Two training images: one is held out for validation, and the scores CSV labels it "val".
    void twoTrainingImagesHoldOneOut() {
        const QString root = m_dir.filePath(QStringLiteral("two"));
        for (const char* rel : {"train/good/000.png", "train/good/001.png", "test/good/000.png", "test/crack/000.png"})
            QVERIFY(writeBytes(root + QLatin1Char('/') + QLatin1String(rel), encode(".png", pattern(32, 32))));
        const QString model = m_dir.filePath(QStringLiteral("two.flmodel"));
        const CliRun t = cli({"train", "--data", root, "--out", model, "--size", "16", "--epochs", "1", "--threads", "2", "--json"});
        QVERIFY2(!t.crashed && t.code == 0, qPrintable(t.errText()));
        QCOMPARE(t.json().value(QStringLiteral("train_images")).toInt(), 1);
        QCOMPARE(t.json().value(QStringLiteral("val_images")).toInt(), 1);
        const QString csv = m_dir.filePath(QStringLiteral("two.csv"));
        const CliRun r = cli({"score", "--model", model, "--data", root, "--out", csv, "--threads", "2"});
        QVERIFY2(!r.crashed && r.code == 0, qPrintable(r.errText()));
        const QString rows = readText(csv);
        QCOMPARE(rows.count(QStringLiteral(",val,")), 1);
        QCOMPARE(rows.count(QStringLiteral(",train,")), 1);
    }

    // Validation fraction 0 on a dataset without val images: training holds out its fallback
    // share, and scoring labels exactly those images "val", not "train".
    void zeroValidationFractionLabelsTheHeldOutImagesVal() {
        const QString root = m_dir.filePath(QStringLiteral("zero-val"));
        for (int i = 0; i < 20; ++i)
            QVERIFY(writeBytes(root + QStringLiteral("/train/good/%1.png").arg(i, 3, 10, QLatin1Char('0')),
                               encode(".png", pattern(32, 32))));
        QVERIFY(writeBytes(root + QStringLiteral("/test/good/000.png"), encode(".png", pattern(32, 32))));
        const QString model = m_dir.filePath(QStringLiteral("zero-val.flmodel"));
        const CliRun t = cli({"train", "--data", root, "--out", model, "--size", "16", "--epochs", "1", "--threads", "2",
                              "--val-fraction", "0", "--json"});
        QVERIFY2(!t.crashed && t.code == 0, qPrintable(t.errText()));
        QCOMPARE(t.json().value(QStringLiteral("val_images")).toInt(), 2);
        QCOMPARE(t.json().value(QStringLiteral("train_images")).toInt(), 18);
        const QString csv = m_dir.filePath(QStringLiteral("zero-val.csv"));
        const CliRun r = cli({"score", "--model", model, "--data", root, "--out", csv, "--threads", "2"});
        QVERIFY2(!r.crashed && r.code == 0, qPrintable(r.errText()));
        const QString rows = readText(csv);
        QCOMPARE(rows.count(QStringLiteral(",val,")), 2);
        QCOMPARE(rows.count(QStringLiteral(",train,")), 18);
    }

    // Scores near the largest double: every threshold that overflows says so, none prints inf.
    void evaluateHugeScores() {
        const QString path = m_dir.filePath(QStringLiteral("huge.csv"));
        QVERIFY(writeBytes(path, "path,split,defect,label,score\n"
                                 "v0.png,val,good,0,-1.7e308\nv1.png,val,good,0,1.7e308\nv2.png,val,good,0,-1.6e308\n"
                                 "v3.png,val,good,0,1.6e308\na.png,test,good,0,-1.7e308\nb.png,test,crack,1,1.7e308\n"));
        for (const char* spec : {"iqr", "mean-sigma:3"}) {
            const CliRun r = cli({"evaluate", "--scores", path, "--threshold", spec, "--bootstrap", "10"});
            QVERIFY(!r.crashed);
            QVERIFY2(!QString::fromUtf8(r.out).contains(QStringLiteral("inf")), r.out.constData());
            QVERIFY2(r.errText().contains(QStringLiteral("undefined: overflow")), qPrintable(r.errText()));
            QCOMPARE(r.code, 3); // a requested threshold that cannot be computed
        }
    }

    // A path listed twice with different labels is a warning naming both lines.
    void evaluateWarnsOnConflictingDuplicates() {
        const QString path = m_dir.filePath(QStringLiteral("dup.csv"));
        QVERIFY(writeBytes(path, "path,split,defect,label,score\na.png,test,good,0,0.1\nb.png,test,crack,1,0.9\n"
                                 "a.png,test,crack,1,0.1\n"));
        const CliRun r = cli({"evaluate", "--scores", path, "--bootstrap", "10"});
        QVERIFY(!r.crashed);
        QVERIFY2(r.errText().contains(QStringLiteral(":4: a.png is listed again with label '1' (line 2 gave '0')")),
                 qPrintable(r.errText()));
    }

    void badTrainArguments_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("reason");
        QTest::newRow("size not a multiple of 8") << QStringList{"--size", "12"} << "size 12 must be a multiple of 8";
        QTest::newRow("zero epochs") << QStringList{"--epochs", "0"} << "--epochs 0";
        QTest::newRow("negative rate") << QStringList{"--lr", "-1"} << "--lr -1";
        QTest::newRow("two widths") << QStringList{"--model", "restore", "--widths", "8,16"} << "--widths 8,16: expected three";
        QTest::newRow("width zero") << QStringList{"--model", "restore", "--widths", "0,16,32"} << "encoder width 0";
        QTest::newRow("unknown model") << QStringList{"--model", "draem"} << "model 'draem' is unknown (expected seed-ae, ae, vae, restore";
        QTest::newRow("backbone without file") << QStringList{"--model", "backbone"} << "needs a TorchScript file";
        QTest::newRow("backbone layer named twice") << QStringList{"--backbone", "x.pt", "--backbone-layers", "layer2,layer2"}
                                                    << "named twice";
    }

    void badTrainArguments() {
        QFETCH(QStringList, extra);
        QFETCH(QString, reason);
        const QString out = m_dir.filePath(QStringLiteral("args.flmodel"));
        const CliRun r = cli(QStringList{"train", "--data", m_clean, "--out", out} + extra);
        QVERIFY(!r.crashed);
        QVERIFY2(r.code == 1, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
        QVERIFY2(r.errText().contains(reason), qPrintable(r.errText()));
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestCliBadInput)
#include "tst_cli_badinput.moc"
