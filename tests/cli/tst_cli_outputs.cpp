// Outputs that would destroy or pollute an input, outputs that cannot be written, and damaged
// checkpoints, through faultline-cli: each is refused before any work starts (or, for a write
// failure, named with the file and the operating system's reason), and no input is touched.
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

#include "tests/BadInputCorpus.h"
#include "CliRun.h"

using namespace faultline::testing;

namespace {

QByteArray readBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray sha(const QString& path) { return QCryptographicHash::hash(readBytes(path), QCryptographicHash::Sha256); }

// Runs faultline-cli under `ulimit -f 0` (SIGXFSZ ignored): every write of a byte fails with EFBIG,
// as a full disk fails with ENOSPC, while creating empty files still works.
CliRun runWithoutFileSpace(const QStringList& args) {
    QProcess p;
    QStringList quoted;
    for (const QString& a : args) quoted << QLatin1Char('\'') + a + QLatin1Char('\'');
    p.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("ulimit -f 0; trap '' XFSZ; exec '%1' %2")
                                                                  .arg(QStringLiteral(FAULTLINE_CLI_PATH), quoted.join(' '))});
    CliRun r;
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit) return r;
    r.crashed = false;
    r.code = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestCliOutputs : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_data;  // MVTec layout: train/good, test/good, test/crack, with TIFF images in test/good
    QString m_model;

    QString path(const QString& rel) const { return m_dir.filePath(rel); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_data = path(QStringLiteral("data"));
        for (int i = 0; i < 6; ++i)
            QVERIFY(writeBytes(QStringLiteral("%1/train/good/%2.png").arg(m_data).arg(i, 3, 10, QLatin1Char('0')),
                               encode(".png", pattern(32, 32))));
        for (int i = 0; i < 2; ++i) {
            QVERIFY(writeBytes(QStringLiteral("%1/test/good/%2.tiff").arg(m_data).arg(i, 3, 10, QLatin1Char('0')),
                               encode(".tiff", pattern(32, 32))));
            QVERIFY(writeBytes(QStringLiteral("%1/test/crack/%2.png").arg(m_data).arg(i, 3, 10, QLatin1Char('0')),
                               encode(".png", pattern(32, 32))));
        }
        m_model = path(QStringLiteral("m.flmodel"));
        const CliRun t = runCli({"train", "--data", m_data, "--out", m_model, "--size", "16", "--epochs", "1", "--threads", "2"});
        QVERIFY2(!t.crashed && t.code == 0, qPrintable(t.errText()));
    }

    // Each row would have replaced an input (or dropped files into the dataset) and exited 0.
    void outputOntoInput_data() {
        QTest::addColumn<QStringList>("args"); // {DATA}, {MODEL}
        QTest::addColumn<QString>("victim");   // a file that must come out unchanged
        QTest::addColumn<QString>("reason");
        QTest::newRow("score csv onto an image") << QStringList{"score", "--model", "{MODEL}", "--data", "{DATA}", "--out", "{DATA}/test/crack/000.png"}
                                                 << "{DATA}/test/crack/000.png" << "lies inside the dataset folder";
        QTest::newRow("score csv onto the model") << QStringList{"score", "--model", "{MODEL}", "--data", "{DATA}", "--out", "{MODEL}"}
                                                  << "{MODEL}" << "is the model bundle, which this run reads";
        QTest::newRow("score csv onto the model by another name")
            << QStringList{"score", "--model", "{MODEL}", "--data", "{DATA}", "--out", "{DATA}/../m.flmodel"} << "{MODEL}"
            << "is the model bundle";
        QTest::newRow("score csv inside the dataset") << QStringList{"score", "--model", "{MODEL}", "--data", "{DATA}", "--out", "{DATA}/scores.csv"}
                                                      << "{DATA}/test/good/000.tiff" << "lies inside the dataset folder";
        QTest::newRow("maps into the dataset") << QStringList{"score", "--model", "{MODEL}", "--data", "{DATA}", "--out", "{DATA}.csv", "--maps", "{DATA}"}
                                               << "{DATA}/test/good/000.tiff" << "--maps names the dataset folder";
        QTest::newRow("maps inside the dataset") << QStringList{"score", "--model", "{MODEL}", "--data", "{DATA}", "--out", "{DATA}.csv", "--maps", "{DATA}/test"}
                                                 << "{DATA}/test/good/000.tiff" << "lies inside the dataset folder";
        QTest::newRow("train bundle onto an image") << QStringList{"train", "--data", "{DATA}", "--out", "{DATA}/train/good/000.png", "--size", "16", "--epochs", "1"}
                                                    << "{DATA}/train/good/000.png" << "lies inside the dataset folder";
    }

    void outputOntoInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, victim);
        QFETCH(QString, reason);
        args.replaceInStrings(QStringLiteral("{DATA}"), m_data);
        args.replaceInStrings(QStringLiteral("{MODEL}"), m_model);
        victim.replace(QStringLiteral("{DATA}"), m_data).replace(QStringLiteral("{MODEL}"), m_model);
        const QByteArray before = sha(victim);
        const QStringList entriesBefore = QDir(m_data).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
        const CliRun r = runCli(args);
        QVERIFY(!r.crashed);
        QVERIFY2(r.code == 1, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
        QVERIFY2(r.errText().contains(reason), qPrintable(r.errText()));
        QCOMPARE(sha(victim), before);
        QCOMPARE(QDir(m_data).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), entriesBefore);
        QVERIFY(!QFile::exists(m_data + QStringLiteral("/train/good/000.png.ckpt")));
        // The next scan still finds exactly the 10 images.
        const CliRun scan = runCli({"scan", "--data", m_data, "--json"});
        QCOMPARE(scan.json().value(QStringLiteral("total")).toInt(), 10);
    }

    // x.png and x.jpg would both write the map x.tiff: refused, naming both.
    void mapNameCollision() {
        const QString root = path(QStringLiteral("twins"));
        QVERIFY(writeBytes(root + QStringLiteral("/test/good/x.png"), encode(".png", pattern(32, 32))));
        QVERIFY(writeBytes(root + QStringLiteral("/test/good/x.jpg"), encode(".jpg", pattern(32, 32))));
        QVERIFY(writeBytes(root + QStringLiteral("/train/good/a.png"), encode(".png", pattern(32, 32))));
        const QString maps = path(QStringLiteral("twin-maps"));
        const CliRun r = runCli({"score", "--model", m_model, "--data", root, "--out", path(QStringLiteral("twins.csv")), "--maps", maps});
        QVERIFY(!r.crashed);
        QVERIFY2(r.code == 1, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
        QVERIFY2(r.errText().contains(QStringLiteral("test/good/x.jpg and test/good/x.png would both write this map")) ||
                     r.errText().contains(QStringLiteral("test/good/x.png and test/good/x.jpg would both write this map")),
                 qPrintable(r.errText()));
        QVERIFY(!QFile::exists(path(QStringLiteral("twins.csv"))));
    }

    // An output that cannot be written fails at once, before training or scoring.
    void unwritableOutput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("reason");
        QTest::newRow("train into a missing folder") << QStringList{"train", "--data", "{DATA}", "--out", "/nonexistent-faultline/m.flmodel", "--size", "16", "--epochs", "50"}
                                                     << "the folder /nonexistent-faultline does not exist";
        QTest::newRow("score into a missing folder") << QStringList{"score", "--model", "{MODEL}", "--data", "{DATA}", "--out", "/nonexistent-faultline/s.csv"}
                                                     << "the folder /nonexistent-faultline does not exist";
        QTest::newRow("score csv is a folder") << QStringList{"score", "--model", "{MODEL}", "--data", "{DATA}", "--out", "{TMP}"}
                                               << "is a folder; give a file name";
        QTest::newRow("train bundle is a folder") << QStringList{"train", "--data", "{DATA}", "--out", "{TMP}", "--size", "16"}
                                                  << "is a folder; give a file name";
        QTest::newRow("maps under a file") << QStringList{"score", "--model", "{MODEL}", "--data", "{DATA}", "--out", "{TMP}/s.csv", "--maps", "{MODEL}/maps"}
                                           << "cannot create the folder";
    }

    void unwritableOutput() {
        QFETCH(QStringList, args);
        QFETCH(QString, reason);
        args.replaceInStrings(QStringLiteral("{DATA}"), m_data);
        args.replaceInStrings(QStringLiteral("{MODEL}"), m_model);
        args.replaceInStrings(QStringLiteral("{TMP}"), m_dir.path());
        const CliRun r = runCli(args);
        QVERIFY(!r.crashed);
        QVERIFY2(r.code == 1, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
        QVERIFY2(r.errText().contains(reason), qPrintable(r.errText()));
        QVERIFY2(!r.errText().contains(QStringLiteral("Training")), "work started before the output was checked");
    }

    void readOnlyFolder() {
        if (::geteuid() == 0) QSKIP("running as root: folder permissions do not stop root from writing");
        const QString locked = path(QStringLiteral("locked"));
        QVERIFY(QDir().mkpath(locked));
        QVERIFY(QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        const CliRun r = runCli({"score", "--model", m_model, "--data", m_data, "--out", locked + QStringLiteral("/s.csv")});
        QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY(!r.crashed);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.errText().contains(QStringLiteral("cannot write in")) && r.errText().contains(QStringLiteral("Permission denied")),
                 qPrintable(r.errText()));
    }

    // A write that fails half-way (here EFBIG from ulimit -f, as ENOSPC from a full disk) names
    // the file and the operating system's reason; it used to say "Unknown error".
    void writeFailureNamesTheReason_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("file");
        QTest::newRow("score csv") << QStringList{"score", "--model", "{MODEL}", "--data", "{DATA}", "--out", "{TMP}/full.csv"} << "{TMP}/full.csv";
        QTest::newRow("train bundle") << QStringList{"train", "--data", "{DATA}", "--out", "{TMP}/full.flmodel", "--size", "16", "--epochs", "1", "--threads", "2"}
                                      << "{TMP}/full.flmodel";
    }

    void writeFailureNamesTheReason() {
        QFETCH(QStringList, args);
        QFETCH(QString, file);
        for (QStringList* list : {&args})
            for (QString& a : *list)
                a.replace(QStringLiteral("{DATA}"), m_data).replace(QStringLiteral("{MODEL}"), m_model).replace(QStringLiteral("{TMP}"), m_dir.path());
        file.replace(QStringLiteral("{TMP}"), m_dir.path());
        const CliRun r = runWithoutFileSpace(args);
        QVERIFY(!r.crashed);
        QVERIFY2(r.code == 3, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
        QVERIFY2(r.errText().contains(file) && r.errText().contains(QStringLiteral("File too large")), qPrintable(r.errText()));
        QVERIFY2(!r.errText().contains(QStringLiteral("Unknown error")), qPrintable(r.errText()));
        QVERIFY(!QFile::exists(file));
    }

    // A real full disk: a small tmpfs filled to the last byte (needs root to mount; skipped,
    // saying so, where mounting is not allowed). The error names the file and "No space left".
    void fullDiskNamesTheFileAndTheReason() {
        const QString mnt = path(QStringLiteral("full-disk"));
        QVERIFY(QDir().mkpath(mnt));
        if (::geteuid() != 0 || QProcess::execute(QStringLiteral("mount"), {"-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt}) != 0)
            QSKIP("mounting a small tmpfs needs root here");
        struct Unmount {
            QString at;
            ~Unmount() { QProcess::execute(QStringLiteral("umount"), {at}); }
        } unmount{mnt};
        {
            QFile filler(mnt + QStringLiteral("/filler"));
            QVERIFY(filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
            const QByteArray block(4096, 'x');
            while (filler.write(block) == block.size()) {}
            while (filler.write(block.constData(), 1) == 1) {}
        }
        const QString csv = mnt + QStringLiteral("/scores.csv");
        const CliRun r = runCli({"score", "--model", m_model, "--data", m_data, "--out", csv});
        QVERIFY(!r.crashed);
        QVERIFY2(r.code == 3, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
        QVERIFY2(r.errText().contains(csv) && r.errText().contains(QStringLiteral("No space left on device")), qPrintable(r.errText()));
        QVERIFY(!QFile::exists(csv));
        const QString bundle = mnt + QStringLiteral("/m.flmodel");
        const CliRun t = runCli({"train", "--data", m_data, "--out", bundle, "--size", "16", "--epochs", "1", "--threads", "2"});
        QVERIFY(!t.crashed);
        QVERIFY2(t.code == 3, qPrintable(QStringLiteral("exit %1: %2").arg(t.code).arg(t.errText())));
        QVERIFY2(t.errText().contains(QStringLiteral("No space left on device")), qPrintable(t.errText()));
        QVERIFY(!QFile::exists(bundle));
    }

    // An output on a read-only mount: refused before any work with the OS reason (it used to say
    // "Existing file ... is not writable"). Needs root to mount; skipped, saying so, otherwise.
    void readOnlyMountNamesTheReason() {
        const QString mnt = path(QStringLiteral("read-only"));
        QVERIFY(QDir().mkpath(mnt));
        if (::geteuid() != 0 ||
            QProcess::execute(QStringLiteral("mount"), {"-t", "tmpfs", "-o", "size=64k,ro", "tmpfs", mnt}) != 0)
            QSKIP("mounting a read-only tmpfs needs root here");
        struct Unmount {
            QString at;
            ~Unmount() { QProcess::execute(QStringLiteral("umount"), {at}); }
        } unmount{mnt};
        const QString csv = mnt + QStringLiteral("/scores.csv");
        const CliRun r = runCli({"score", "--model", m_model, "--data", m_data, "--out", csv});
        QVERIFY(!r.crashed);
        QVERIFY2(r.code != 0 && r.errText().contains(csv) && r.errText().contains(QStringLiteral("Read-only file system")),
                 qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.errText())));
        QVERIFY(!r.errText().contains(QStringLiteral("Existing file")));
    }

    // A checkpoint with one flipped byte resumed silently into another model; now it is refused by name.
    void damagedCheckpointIsRefused_data() {
        QTest::addColumn<int>("where"); // byte offset from the end, or -1: the magic
        QTest::newRow("flipped weight byte") << 2000;
        QTest::newRow("flipped byte near the end") << 40;
        QTest::newRow("damaged magic") << -1;
    }

    void damagedCheckpointIsRefused() {
        QFETCH(int, where);
        const QString out = path(QStringLiteral("ckpt-%1.flmodel").arg(where));
        const QStringList train{"train", "--data", m_data, "--out", out, "--size", "16", "--epochs", "1", "--threads", "2"};
        const CliRun first = runCli(train);
        QVERIFY2(!first.crashed && first.code == 0, qPrintable(first.errText()));
        const QString ckpt = out + QStringLiteral(".ckpt");
        QByteArray bytes = readBytes(ckpt);
        QVERIFY(bytes.size() > 4096);
        const qsizetype at = where < 0 ? 3 : bytes.size() - where;
        bytes[at] = char(bytes[at] ^ 0x01);
        QVERIFY(writeBytes(ckpt, bytes));
        const CliRun resumed = runCli(train + QStringList{"--epochs", "2", "--resume", "--json"});
        QVERIFY(!resumed.crashed);
        QVERIFY2(resumed.code == 3, qPrintable(QStringLiteral("exit %1: %2").arg(resumed.code).arg(resumed.errText())));
        QVERIFY2(resumed.errText().contains(ckpt) &&
                     resumed.errText().contains(where < 0 ? QStringLiteral("wrong magic bytes") : QStringLiteral("checksum mismatch")),
                 qPrintable(resumed.errText()));
        QVERIFY(!resumed.json().value(QStringLiteral("resumed")).toBool());
    }

    // The GUI's and the CLI's readers share the FIFO guard; the dataset scan already skips pipes.
    void fifoCheckpointIsRefused() {
        const QString out = path(QStringLiteral("fifo.flmodel"));
        QVERIFY(::mkfifo(QFile::encodeName(out + QStringLiteral(".ckpt")).constData(), 0600) == 0);
        const CliRun r = runCli({"train", "--data", m_data, "--out", out, "--size", "16", "--epochs", "1", "--threads", "2", "--resume"}, 60000);
        QVERIFY2(!r.crashed, "train hung on the named pipe");
        QCOMPARE(r.code, 3);
        QVERIFY2(r.errText().contains(QStringLiteral("is a named pipe (FIFO)")), qPrintable(r.errText()));
    }
};

QTEST_GUILESS_MAIN(TestCliOutputs)
#include "tst_cli_outputs.moc"
