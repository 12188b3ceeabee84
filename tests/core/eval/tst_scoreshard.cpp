// Shard slices partition a run; merging hand-made shard CSVs gives exactly what writeScoresCsv
// writes for the whole run; manifests that disagree are refused by name.
#include "core/eval/ScoreShard.h"
#include "core/eval/ScoreShardMerge.h"
#include "core/eval/ScoresCsv.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace faultline::core;

namespace {

QVector<ScoreRecord> run(int n) {
    QVector<ScoreRecord> records;
    for (int i = 0; i < n; ++i) {
        ScoreRecord r;
        r.path = QStringLiteral("test/%1/%2.png").arg(i % 3 ? "good" : "scratch, wide").arg(i, 3, 10, QLatin1Char('0'));
        r.split = Split::Test;
        r.defect = i % 3 ? QString() : QStringLiteral("scratch, wide");
        r.label = i % 3 ? GroundTruth::Normal : GroundTruth::Anomalous;
        r.score = 0.1 * i + 1e-9 * i * i;
        records.append(r);
    }
    std::sort(records.begin(), records.end(), [](const ScoreRecord& a, const ScoreRecord& b) { return a.path < b.path; });
    return records;
}

QByteArray bytesOf(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

ShardManifest manifest(int k, int n, int total, int assigned) {
    ShardManifest m;
    m.shard = {k, n};
    m.bundleSha256 = QStringLiteral("ab12");
    m.method = QStringLiteral("knn");
    m.split = QStringLiteral("all");
    m.total = total;
    m.assigned = assigned;
    return m;
}

// Writes the shards of `records` as score --shard would; returns their CSV paths.
QStringList writeShards(const QString& dir, const QVector<ScoreRecord>& records, int n, const QStringList& verdicts) {
    QStringList paths;
    for (int k = 0; k < n; ++k) {
        QVector<ScoreRecord> part;
        QStringList partVerdicts;
        for (int i = 0; i < records.size(); ++i)
            if (ShardSpec{k, n}.contains(i)) {
                part.append(records[i]);
                if (!verdicts.isEmpty()) partVerdicts << verdicts[i];
            }
        paths << dir + QStringLiteral("/s%1.csv").arg(k);
        QString error;
        if (!writeScoresCsv(paths.last(), part, partVerdicts, &error)) qFatal("%s", qPrintable(error));
        const QString e = writeShardManifest(paths.last(), manifest(k, n, int(records.size()), int(part.size())));
        if (!e.isEmpty()) qFatal("%s", qPrintable(e));
    }
    return paths;
}

} // namespace

class TestScoreShard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void slicesPartitionTheRun();
    void specsAreParsedStrictly_data();
    void specsAreParsedStrictly();
    void manifestRoundTrips();
    void mergeEqualsTheWholeRun_data();
    void mergeEqualsTheWholeRun();
    void disagreeingManifestsAreRefused();
};

void TestScoreShard::slicesPartitionTheRun() {
    for (int n : {1, 2, 3, 7}) {
        for (int i = 0; i < 50; ++i) {
            int owners = 0;
            for (int k = 0; k < n; ++k) owners += ShardSpec{k, n}.contains(i);
            QCOMPARE(owners, 1);
        }
    }
}

void TestScoreShard::specsAreParsedStrictly_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::newRow("first of four") << "0/4" << true;
    QTest::newRow("last of four") << "3/4" << true;
    QTest::newRow("one of one") << "0/1" << true;
    QTest::newRow("K equals N") << "4/4" << false;
    QTest::newRow("negative") << "-1/4" << false;
    QTest::newRow("no N") << "2" << false;
    QTest::newRow("zero shards") << "0/0" << false;
    QTest::newRow("words") << "a/b" << false;
    QTest::newRow("three parts") << "1/2/3" << false;
}

void TestScoreShard::specsAreParsedStrictly() {
    QFETCH(QString, text);
    QFETCH(bool, ok);
    ShardSpec spec;
    QString error;
    QCOMPARE(parseShardSpec(text, &spec, &error), ok);
    if (!ok) QVERIFY2(error.contains(text), qPrintable(error));
}

void TestScoreShard::manifestRoundTrips() {
    QTemporaryDir dir;
    const QString csv = dir.filePath("s.csv");
    QCOMPARE(writeShardManifest(csv, manifest(2, 5, 40, 8)), QString());
    ShardManifest back;
    QString error;
    QVERIFY2(readShardManifest(csv, &back, &error), qPrintable(error));
    QCOMPARE(back.shard.index, 2);
    QCOMPARE(back.shard.count, 5);
    QCOMPARE(back.total, 40);
    QCOMPARE(back.assigned, 8);
    QCOMPARE(back.method, QStringLiteral("knn"));
    QFile f(shardManifestPath(csv));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{\"format\":\"something else\"}");
    f.close();
    QVERIFY(!readShardManifest(csv, &back, &error));
    QVERIFY2(error.contains("s.csv.shard.json") && error.contains("not a Faultline shard manifest"), qPrintable(error));
}

void TestScoreShard::mergeEqualsTheWholeRun_data() {
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("shards");
    QTest::addColumn<bool>("verdicts");
    QTest::newRow("10 in 3") << 10 << 3 << false;
    QTest::newRow("10 in 3 with verdicts") << 10 << 3 << true;
    QTest::newRow("more shards than samples") << 3 << 5 << false;
    QTest::newRow("one shard") << 6 << 1 << true;
}

void TestScoreShard::mergeEqualsTheWholeRun() {
    QFETCH(int, samples);
    QFETCH(int, shards);
    QFETCH(bool, verdicts);
    QTemporaryDir dir;
    const QVector<ScoreRecord> records = run(samples);
    QStringList v;
    if (verdicts)
        for (const ScoreRecord& r : records) v << (r.score >= 0.5 ? QStringLiteral("fail") : QStringLiteral("pass"));
    QString error;
    QVERIFY(writeScoresCsv(dir.filePath("whole.csv"), records, v, &error));
    QStringList parts = writeShards(dir.path(), records, shards, v);
    std::reverse(parts.begin(), parts.end());
    const ShardMergeResult merged = mergeScoreShards(parts, dir.filePath("merged.csv"));
    QVERIFY2(merged.ok, qPrintable(merged.error));
    QCOMPARE(merged.rows, samples);
    QCOMPARE(bytesOf(dir.filePath("merged.csv")), bytesOf(dir.filePath("whole.csv")));
}

void TestScoreShard::disagreeingManifestsAreRefused() {
    QTemporaryDir dir;
    const QStringList parts = writeShards(dir.path(), run(9), 3, {});
    ShardManifest other = manifest(1, 3, 9, 3);
    other.method = QStringLiteral("mse");
    QCOMPARE(writeShardManifest(parts[1], other), QString());
    ShardMergeResult r = mergeScoreShards(parts, dir.filePath("out.csv"));
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains("s1.csv") && r.error.contains("mse"), qPrintable(r.error));
    QVERIFY(!QFile::exists(dir.filePath("out.csv")));
    r = mergeScoreShards(parts, parts[0]);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains("overwrite"), qPrintable(r.error));
}

QTEST_GUILESS_MAIN(TestScoreShard)
#include "tst_scoreshard.moc"
