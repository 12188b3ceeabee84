#include "core/eval/ScoresCsv.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace faultline::core;

class TestScoresCsv : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsColumnsByHeaderName() {
        const QByteArray text = "score,extra,label,path,defect,split\r\n"
                                "0.5,x,1,test/crack/001.png,crack,test\r\n"
                                "0.25,y,0,test/good/002.png,good,test\r\n"
                                "0.125,z,,val/003.png,good,val\r\n";
        const ScoresReadResult r = parseScoresCsv(text, QStringLiteral("s.csv"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.problems.size(), 0);
        QCOMPARE(r.records.size(), 3);
        QCOMPARE(r.records[0].path, QStringLiteral("test/crack/001.png"));
        QCOMPARE(r.records[0].defect, QStringLiteral("crack"));
        QCOMPARE(r.records[0].label, GroundTruth::Anomalous);
        QCOMPARE(r.records[0].score, 0.5);
        QCOMPARE(r.records[1].label, GroundTruth::Normal);
        QCOMPARE(r.records[2].label, GroundTruth::Unknown);
        QCOMPARE(r.records[2].split, Split::Val);
    }

    void quotedFields() {
        const QByteArray text = "path,split,defect,label,score\n"
                                "\"a,b.png\",test,\"say \"\"hi\"\"\",1,2\n"
                                "\"multi\nline.png\",test,good,0,1e-3\n"
                                "c.png,test,good,0,3\n";
        const ScoresReadResult r = parseScoresCsv(text, QStringLiteral("q.csv"));
        QVERIFY(r.ok);
        QCOMPARE(r.problems.size(), 0);
        QCOMPARE(r.records.size(), 3);
        QCOMPARE(r.records[0].path, QStringLiteral("a,b.png"));
        QCOMPARE(r.records[0].defect, QStringLiteral("say \"hi\""));
        QCOMPARE(r.records[1].path, QStringLiteral("multi\nline.png"));
        QCOMPARE(r.records[1].score, 1e-3);
        QCOMPARE(r.records[2].score, 3.0);
    }

    void badRowsReportedWithLineNumbers_data() {
        QTest::addColumn<QByteArray>("row");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("missing column") << QByteArray("a.png,test,good,1") << "missing column(s) score";
        QTest::newRow("non-numeric score") << QByteArray("a.png,test,good,1,high") << "'high' is not a number";
        QTest::newRow("nan") << QByteArray("a.png,test,good,1,nan") << "not finite";
        QTest::newRow("inf") << QByteArray("a.png,test,good,1,inf") << "not finite";
        QTest::newRow("empty score") << QByteArray("a.png,test,good,1,") << "empty score";
        QTest::newRow("bad label") << QByteArray("a.png,test,good,yes,0.3") << "bad label 'yes'";
        QTest::newRow("bad split") << QByteArray("a.png,holdout,good,1,0.3") << "unknown split 'holdout'";
        QTest::newRow("empty path") << QByteArray(",test,good,1,0.3") << "empty path";
    }
    void badRowsReportedWithLineNumbers() {
        QFETCH(QByteArray, row);
        QFETCH(QString, reasonPart);
        const QByteArray text = "path,split,defect,label,score\r\n"
                                "ok1.png,test,good,0,0.1\r\n"
                                "\r\n" // a blank line still counts for line numbers
                                + row + "\r\n"
                                "ok2.png,test,crack,1,0.9\r\n";
        const ScoresReadResult r = parseScoresCsv(text, QStringLiteral("bad.csv"));
        QVERIFY(r.ok);
        QCOMPARE(r.records.size(), 2);
        QCOMPARE(r.records[1].path, QStringLiteral("ok2.png"));
        QCOMPARE(r.problems.size(), 1);
        QCOMPARE(r.problems[0].line, 4);
        QCOMPARE(r.problems[0].file, QStringLiteral("bad.csv"));
        QVERIFY2(r.problems[0].reason.contains(reasonPart), qPrintable(r.problems[0].reason));
        QVERIFY(r.problems[0].toString().startsWith(QStringLiteral("bad.csv:4: ")));
    }

    void lineNumbersCountEmbeddedLineBreaks() {
        const QByteArray text = "path,split,defect,label,score\n"
                                "\"two\nlines.png\",test,good,0,0.1\n"
                                "x.png,test,good,0,oops\n";
        const ScoresReadResult r = parseScoresCsv(text, QStringLiteral("m.csv"));
        QCOMPARE(r.records.size(), 1);
        QCOMPARE(r.problems.size(), 1);
        QCOMPARE(r.problems[0].line, 4);
    }

    void unterminatedQuoteIsReported() {
        const QByteArray text = "path,split,defect,label,score\n"
                                "a.png,test,good,0,0.1\n"
                                "\"b.png,test,good,0,0.2\n";
        const ScoresReadResult r = parseScoresCsv(text, QStringLiteral("u.csv"));
        QVERIFY(r.ok);
        QCOMPARE(r.records.size(), 1);
        QCOMPARE(r.problems.size(), 1);
        QCOMPARE(r.problems[0].line, 3);
        QVERIFY(r.problems[0].reason.contains(QStringLiteral("never closed")));
    }

    void headerMissingColumnsIsFileError() {
        const ScoresReadResult r = parseScoresCsv("path,score\na.png,0.1\n", QStringLiteral("h.csv"));
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QStringLiteral("h.csv")));
        QVERIFY(r.error.contains(QStringLiteral("split, defect, label")));
    }

    void emptyFileIsFileError() {
        const ScoresReadResult r = parseScoresCsv(QByteArray(), QStringLiteral("e.csv"));
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QStringLiteral("e.csv")));
    }

    void byteOrderMarkIsIgnored() {
        const ScoresReadResult r =
            parseScoresCsv("\xEF\xBB\xBFpath,split,defect,label,score\na.png,test,good,0,1\n", QStringLiteral("b.csv"));
        QVERIFY(r.ok);
        QCOMPARE(r.records.size(), 1);
    }

    void missingFileNamesFile() {
        const ScoresReadResult r = readScoresCsv(QStringLiteral("/nonexistent/dir/scores.csv"));
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QStringLiteral("/nonexistent/dir/scores.csv")));
    }

    void writeReadRoundTrip() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("out.csv"));
        QVector<ScoreRecord> records = {
            {QStringLiteral("test/crack/a,1.png"), Split::Test, QStringLiteral("crack"), GroundTruth::Anomalous, 0.1 + 0.2},
            {QStringLiteral("val/b.png"), Split::Val, QStringLiteral("good"), GroundTruth::Normal, -1e-300},
            {QStringLiteral("test/c \"q\".png"), Split::Test, QString(), GroundTruth::Unknown, 12345.678901234567},
        };
        QString error;
        QVERIFY2(writeScoresCsv(path, records, &error), qPrintable(error));
        QVERIFY(!QFile::exists(path + QStringLiteral(".tmp")));
        const ScoresReadResult r = readScoresCsv(path);
        QVERIFY(r.ok);
        QCOMPARE(r.problems.size(), 0);
        QCOMPARE(r.records.size(), records.size());
        for (int i = 0; i < records.size(); ++i) {
            QCOMPARE(r.records[i].path, records[i].path);
            QCOMPARE(r.records[i].split, records[i].split);
            QCOMPARE(r.records[i].defect, records[i].defect);
            QCOMPARE(r.records[i].label, records[i].label);
            QCOMPARE(r.records[i].score, records[i].score); // bit-exact
        }
    }

    void verdictColumnFollowsTheStandardOnes() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("verdicts.csv"));
        const QVector<ScoreRecord> records = {
            {QStringLiteral("a.png"), Split::Test, QStringLiteral("good"), GroundTruth::Normal, 0.25},
            {QStringLiteral("b.png"), Split::Test, QStringLiteral("crack"), GroundTruth::Anomalous, 0.75},
        };
        QString error;
        QVERIFY2(writeScoresCsv(path, records, {QStringLiteral("pass"), QStringLiteral("fail")}, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("path,split,defect,label,score,verdict\n"
                                         "a.png,test,good,0,0.25,pass\nb.png,test,crack,1,0.75,fail\n"));
        const ScoresReadResult r = readScoresCsv(path);
        QVERIFY(r.ok && r.problems.isEmpty());
        QCOMPARE(r.records.size(), 2);
        // One verdict per record, or the file is not written.
        const QString bad = dir.filePath(QStringLiteral("bad.csv"));
        QVERIFY(!writeScoresCsv(bad, records, {QStringLiteral("pass")}, &error));
        QVERIFY(error.contains(bad));
        QVERIFY(!QFile::exists(bad));
    }

    void writeToUnwritablePathFails() {
        QString error;
        QVERIFY(!writeScoresCsv(QStringLiteral("/nonexistent/dir/out.csv"), {}, &error));
        QVERIFY(error.contains(QStringLiteral("/nonexistent/dir/out.csv")));
    }
};

QTEST_GUILESS_MAIN(TestScoresCsv)
#include "tst_scorescsv.moc"
