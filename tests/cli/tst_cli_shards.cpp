// Scoring past one machine: `score --shard K/N` slices, `merge-scores` joins the slices into
// the CSV of one unsharded run, byte for byte, and refuses shards that do not belong together.
// Also: the commands that need no network start without loading LibTorch.
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "CliRun.h"
#include "StripesDataset.h"

using namespace faultline;

namespace {

using Run = testing::CliRun;
Run cli(const QStringList& args) { return testing::runCli(args); }

QByteArray bytesOf(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The shared libraries the dynamic loader initialised for one CLI run (glibc's LD_DEBUG=libs).
QByteArray librariesLoaded(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("libs"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(FAULTLINE_CLI_PATH), args);
    if (!p.waitForFinished(60000)) return {};
    return p.readAllStandardError();
}

} // namespace

class TestCliShards : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void shardsMergeToTheUnshardedCsv();
    void shardsOfAnotherModelAreRefused();
    void missingOrRepeatedShardsAreRefused();
    void badShardSpecIsAUsageError();
    void lightCommandsDoNotLoadLibTorch();
    void imageCodecsLoadOnlyWhenPixelsAreTouched();

private:
    QString path(const QString& name) const { return m_dir.path() + QLatin1Char('/') + name; }
    Run scoreShard(const QString& model, int k, int n, const QString& out) {
        return cli({"score", "--model", model, "--data", m_data, "--out", out, "--threads", "1", "--threshold", "0.05",
                    "--shard", QStringLiteral("%1/%2").arg(k).arg(n)});
    }

    QTemporaryDir m_dir;
    QString m_data, m_model;
};

void TestCliShards::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_data = path("set");
    m_model = path("m.flmodel");
    testing::makeStripesDataset(m_data);
    const Run t = cli({"train", "--data", m_data, "--out", m_model, "--size", "16", "--epochs", "1", "--batch", "8",
                       "--threads", "1", "--device", "cpu"});
    QVERIFY2(t.code == 0, t.err.constData());
}

void TestCliShards::shardsMergeToTheUnshardedCsv() {
    const Run whole = cli({"score", "--model", m_model, "--data", m_data, "--out", path("whole.csv"), "--threads", "1",
                           "--threshold", "0.05"});
    QVERIFY2(whole.code == 0, whole.err.constData());
    QVERIFY(!QFile::exists(path("whole.csv.shard.json")));
    QStringList shards;
    int rows = 0;
    for (int k = 0; k < 3; ++k) {
        shards << path(QStringLiteral("part%1.csv").arg(k));
        const Run s = scoreShard(m_model, k, 3, shards.last());
        QVERIFY2(s.code == 0, s.err.constData());
        QVERIFY(QFile::exists(shards.last() + ".shard.json"));
        rows += bytesOf(shards.last()).count('\n') - 1;
    }
    QCOMPARE(rows, bytesOf(path("whole.csv")).count('\n') - 1);  // every sample in exactly one shard
    // Given in any order, the shards merge to the unsharded CSV exactly.
    const Run m = cli({"merge-scores", "--out", path("merged.csv"), shards[2], shards[0], shards[1]});
    QVERIFY2(m.code == 0, m.err.constData());
    QVERIFY(!bytesOf(path("merged.csv")).isEmpty());
    QCOMPARE(bytesOf(path("merged.csv")), bytesOf(path("whole.csv")));
}

void TestCliShards::shardsOfAnotherModelAreRefused() {
    const QString other = path("other.flmodel");
    const Run t = cli({"train", "--data", m_data, "--out", other, "--size", "16", "--epochs", "1", "--batch", "8",
                       "--threads", "1", "--device", "cpu", "--seed", "7"});
    QVERIFY2(t.code == 0, t.err.constData());
    QVERIFY(scoreShard(m_model, 0, 2, path("a0.csv")).code == 0);
    QVERIFY(scoreShard(other, 1, 2, path("a1.csv")).code == 0);
    const Run m = cli({"merge-scores", "--out", path("mixed.csv"), path("a0.csv"), path("a1.csv")});
    QCOMPARE(m.code, 2);
    QVERIFY2(m.errText().contains("different models"), m.err.constData());
    QVERIFY(!QFile::exists(path("mixed.csv")));
}

void TestCliShards::missingOrRepeatedShardsAreRefused() {
    QVERIFY(scoreShard(m_model, 0, 3, path("b0.csv")).code == 0);
    QVERIFY(scoreShard(m_model, 1, 3, path("b1.csv")).code == 0);
    const Run missing = cli({"merge-scores", "--out", path("b.csv"), path("b0.csv"), path("b1.csv")});
    QCOMPARE(missing.code, 2);
    QVERIFY2(missing.errText().contains("missing shard(s) 2"), missing.err.constData());
    const Run twice = cli({"merge-scores", "--out", path("b.csv"), path("b0.csv"), path("b1.csv"), path("b1.csv")});
    QCOMPARE(twice.code, 2);
    QVERIFY2(twice.errText().contains("given twice"), twice.err.constData());
    // A shard CSV that lost rows (an image that failed to score) cannot pass as complete.
    QByteArray cut = bytesOf(path("b1.csv"));
    cut.truncate(cut.lastIndexOf('\n', cut.size() - 2) + 1);
    QFile f(path("b1.csv"));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(cut);
    f.close();
    QVERIFY(scoreShard(m_model, 2, 3, path("b2.csv")).code == 0);
    const Run shortShard = cli({"merge-scores", "--out", path("b.csv"), path("b0.csv"), path("b1.csv"), path("b2.csv")});
    QCOMPARE(shortShard.code, 2);
    QVERIFY2(shortShard.errText().contains("b1.csv holds"), shortShard.err.constData());
    QVERIFY(!QFile::exists(path("b.csv")));
    // A CSV from an unsharded run has no manifest.
    const Run plain = cli({"merge-scores", "--out", path("b.csv"), path("whole.csv")});
    QCOMPARE(plain.code, 2);
    QVERIFY2(plain.errText().contains("shard manifest"), plain.err.constData());
}

void TestCliShards::badShardSpecIsAUsageError() {
    for (const QString& spec : {QStringLiteral("3/3"), QStringLiteral("-1/2"), QStringLiteral("1"), QStringLiteral("a/b"),
                                QStringLiteral("0/0")}) {
        const Run bad = cli({"score", "--model", m_model, "--data", m_data, "--out", path("x.csv"), "--shard", spec});
        QVERIFY2(bad.code == 1, qPrintable(spec));
        QVERIFY2(bad.errText().contains("--shard"), bad.err.constData());
    }
}

void TestCliShards::lightCommandsDoNotLoadLibTorch() {
    const QByteArray heavy = librariesLoaded({"train", "--help"});
    QVERIFY2(heavy.contains("libtorch"), "LD_DEBUG=libs shows no libtorch even for train: the check sees nothing");
    for (const QStringList& args : {QStringList{"scan", "--help"}, QStringList{"scan", "--data", m_data},
                                    QStringList{"evaluate", "--help"}, QStringList{"merge-scores", "--help"},
                                    QStringList{"demo", "--help"}, QStringList{"import-idx", "--help"}}) {
        const QByteArray loaded = librariesLoaded(args);
        QVERIFY2(!loaded.isEmpty(), qPrintable(args.join(' ')));
        QVERIFY2(!loaded.contains("libtorch"), qPrintable(args.join(' ') + " loaded LibTorch"));
    }
}

// OpenCV's codecs bring about 140 libraries; commands that never decode or encode an image
// (scan reads headers itself, evaluate and merge-scores read CSV) start without them.
void TestCliShards::imageCodecsLoadOnlyWhenPixelsAreTouched() {
    const QString demo = path(QStringLiteral("codecs-demo"));
    const QByteArray writer = librariesLoaded({"demo", "--out", demo});
    QVERIFY2(writer.contains("faultline-codecs.so") && writer.contains("libopencv_imgcodecs"),
             "demo writes PNGs, yet LD_DEBUG=libs shows no image codecs: the check sees nothing");
    QVERIFY(QFileInfo::exists(demo + QStringLiteral("/train/good")));
    for (const QStringList& args : {QStringList{"scan", "--help"}, QStringList{"scan", "--data", m_data},
                                    QStringList{"evaluate", "--help"}, QStringList{"merge-scores", "--help"}}) {
        const QByteArray loaded = librariesLoaded(args);
        QVERIFY2(!loaded.isEmpty(), qPrintable(args.join(' ')));
        QVERIFY2(!loaded.contains("libopencv_imgcodecs"), qPrintable(args.join(' ') + " loaded OpenCV's image codecs"));
    }
}

QTEST_GUILESS_MAIN(TestCliShards)
#include "tst_cli_shards.moc"
