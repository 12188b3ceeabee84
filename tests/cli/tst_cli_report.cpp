// faultline-cli report: from a model with its scores CSV (the gallery scored by the model:
// original, reconstruction, heatmap) and from a project (its committed threshold, as a PDF);
// bad input ends with a clear error naming the file, never a crash.
#include "CliRun.h"
#include "StripesDataset.h"

#include "core/dataset/DatasetScanner.h"
#include "core/eval/ScoresCsv.h"
#include "core/project/ProjectStore.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace faultline;

namespace {

using Run = testing::CliRun;
Run cli(const QStringList& args) { return testing::runCli(args); }

QByteArray bytesOf(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

int count(const QString& text, const QString& pattern) {
    int n = 0;
    for (auto it = QRegularExpression(pattern).globalMatch(text); it.hasNext(); it.next()) ++n;
    return n;
}

} // namespace

class TestCliReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelAndScoresGiveAGalleryWithReconstructions();
    void projectGivesThePdfWithTheCommittedThreshold();
    void badInputIsAClearError();

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
    QString m_data, m_model, m_scores;
};

void TestCliReport::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_data = path("set");
    m_model = path("m.flmodel");
    m_scores = path("scores.csv");
    testing::makeStripesDataset(m_data);
    const Run t = cli({"train", "--data", m_data, "--out", m_model, "--size", "16", "--epochs", "1", "--batch", "8",
                       "--threads", "1", "--device", "cpu"});
    QVERIFY2(t.code == 0, t.err.constData());
    const Run s = cli({"score", "--model", m_model, "--data", m_data, "--out", m_scores, "--threads", "1"});
    QVERIFY2(s.code == 0, s.err.constData());
}

void TestCliReport::modelAndScoresGiveAGalleryWithReconstructions() {
    const QString out = path("model.html");
    const Run r = cli({"report", "--model", m_model, "--scores", m_scores, "--data", m_data, "--out", out, "--threads", "1"});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY2(r.out.contains("Wrote " + out.toUtf8()), r.out.constData());
    const QString html = QString::fromUtf8(bytesOf(out));
    // Every image embedded; nothing linked.
    QVERIFY(count(html, QStringLiteral("src=\"data:image/png;base64,")) > 4);
    QCOMPARE(count(html, QStringLiteral("src=\"(?!data:)")), 0);
    // Each gallery sample as original, reconstruction and heatmap, scored by the model.
    const int originals = count(html, QStringLiteral("alt=\"original\""));
    QVERIFY(originals > 0);
    QCOMPARE(count(html, QStringLiteral("<img src=\"data:image/png;base64,[^\"]+\" alt=\"reconstruction\"")), originals);
    QCOMPARE(count(html, QStringLiteral("<img src=\"data:image/png;base64,[^\"]+\" alt=\"heatmap\"")), originals);
    QVERIFY(!html.contains(QStringLiteral("id=\"gallery-note\"")));
    // The bundle's fingerprints; no committed threshold in it, and the report says so.
    QVERIFY(html.contains(QStringLiteral("Payload SHA-256")));
    QVERIFY(QRegularExpression(QStringLiteral("<code>[0-9a-f]{64}</code>")).match(html).hasMatch());
    QVERIFY(html.contains(QStringLiteral("id=\"threshold-warning\"")));
    QVERIFY(html.contains(QStringLiteral("No threshold was committed")));
    QVERIFY(html.contains(QStringLiteral("id=\"train-config\"")));
}

void TestCliReport::projectGivesThePdfWithTheCommittedThreshold() {
    // A project as the workbench keeps it: the dataset, a run with this model and its scores,
    // a committed threshold.
    const QString project = path("line3.faultline");
    {
        const core::ScanResult scan = core::scanDataset(m_data);
        QVERIFY(scan.ok);
        core::ProjectStore store;
        QVERIFY(store.open(project, core::ProjectStore::CreateIfMissing));
        QVERIFY(store.replaceDataset(scan.dataset.root, scan.dataset.samples));
        const qint64 run = store.addRun(QJsonObject{{QStringLiteral("model"), QStringLiteral("ae")}}, m_model);
        QVERIFY(run > 0);
        const core::ScoresReadResult csv = core::readScoresCsv(m_scores);
        QVERIFY(csv.ok);
        QHash<QString, double> byPath;
        for (const core::ScoreRecord& rec : csv.records) byPath.insert(rec.path, rec.score);
        QVector<core::RunScore> scores;
        for (const core::ProjectSample& s : store.samples()) scores.push_back({s.id, byPath.value(s.relativePath)});
        QVERIFY(store.setScores(run, scores));
        core::ThresholdCommit commit;
        commit.runId = run;
        commit.value = byPath.value(QStringLiteral("test/square/000.png"));
        commit.method = QStringLiteral("manual");
        commit.note = QStringLiteral("approved for line 3");
        commit.who = QStringLiteral("qa-lead");
        QVERIFY(store.commitThreshold(commit) > 0);
    }
    const QString out = path("line3-report.pdf");
    const Run r = cli({"report", "--project", project, "--out", out, "--threads", "1", "--json"});
    QVERIFY2(r.code == 0, r.err.constData());
    const QByteArray pdf = bytesOf(out);
    QVERIFY(pdf.startsWith("%PDF-"));
    const int pages = r.json().value(QStringLiteral("pages")).toInt();
    QVERIFY2(pages >= 3, r.out.constData());
    QCOMPARE(count(QString::fromLatin1(pdf), QStringLiteral("/Type\\s*/Page(?![a-zA-Z])")), pages);
    QVERIFY(r.json().value(QStringLiteral("committed")).toBool());
    // The same project as HTML: the commit's note and author are in it.
    const QString html = path("line3-report.html");
    const Run h = cli({"report", "--project", project, "--out", html, "--threads", "1"});
    QVERIFY2(h.code == 0, h.err.constData());
    const QString text = QString::fromUtf8(bytesOf(html));
    QVERIFY(text.contains(QStringLiteral("<td id=\"threshold-note\">approved for line 3</td>")));
    QVERIFY(text.contains(QStringLiteral("<td id=\"threshold-author\">qa-lead</td>")));
    QVERIFY(text.contains(QStringLiteral("<td id=\"threshold-method\">manual</td>")));
    // The run's bundle scored the gallery: every sample with its reconstruction and heatmap.
    const int originals = count(text, QStringLiteral("alt=\"original\""));
    QVERIFY(originals > 0);
    QCOMPARE(count(text, QStringLiteral("<img src=\"data:image/png;base64,[^\"]+\" alt=\"heatmap\"")), originals);
    QVERIFY(text.contains(QStringLiteral("Payload SHA-256")));
}

void TestCliReport::badInputIsAClearError() {
    const QString missing = path("missing.faultline");
    Run r = cli({"report", "--project", missing, "--out", path("x.html")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.errText().contains(missing) && r.errText().contains("no such file"), r.err.constData());
    QVERIFY(!QFile::exists(path("x.html")));

    // Not a project: a PNG of the dataset given as one.
    const QString png = m_data + QStringLiteral("/train/good/000.png");
    r = cli({"report", "--project", png, "--out", path("x.html")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.errText().contains("000.png"), r.err.constData());

    // An output in a "folder" that is a file.
    const QString unwritable = m_scores + QStringLiteral("/report.html");
    r = cli({"report", "--model", m_model, "--scores", m_scores, "--out", unwritable});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.errText().contains(unwritable), r.err.constData());

    r = cli({"report", "--model", m_model, "--scores", m_scores, "--out", path("report.docx")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.errText().contains("unknown report format '.docx'"), r.err.constData());
    QVERIFY(!QFile::exists(path("report.docx")));

    // The report would overwrite an input.
    r = cli({"report", "--model", m_model, "--scores", m_scores, "--data", m_data, "--out", m_data + "/r.html"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.errText().contains("dataset"), r.err.constData());

    r = cli({"report", "--project", missing, "--model", m_model, "--scores", m_scores, "--out", path("x.pdf")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.errText().contains("--project"), r.err.constData());
    r = cli({"report", "--model", m_model, "--out", path("x.pdf")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.errText().contains("--scores"), r.err.constData());
    r = cli({"report", "--model", m_model, "--scores", m_scores});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.errText().contains("--out"), r.err.constData());

    // A damaged CSV: named, exit 2.
    const QString bad = path("bad.csv");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not,a,scores,file\n");
    f.close();
    r = cli({"report", "--model", m_model, "--scores", bad, "--out", path("x.html")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.errText().contains("bad.csv"), r.err.constData());
}

QTEST_GUILESS_MAIN(TestCliReport)
#include "tst_cli_report.moc"
