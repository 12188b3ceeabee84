// File > Export Report: the dialog proposes <project>-report.pdf next to the project, the report
// is written in the background, and a failure names the file and the reason.
#include "core/dataset/DatasetScanner.h"
#include "core/project/ProjectStore.h"
#include "core/report/ReportWriter.h"
#include "tests/cli/StripesDataset.h"
#include "tests/ui/IsolatedAppData.h"
#include "ui/window/MainWindow.h"
#include "ui/window/ReportExport.h"
#include "ui/window/Workspace.h"

#include <QApplication>
#include <QFileDialog>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace faultline;
using ui::MainWindow;

namespace {

QAction* findAction(const MainWindow& w, const QString& text) {
    for (QAction* a : w.menuBar()->findChildren<QAction*>())
        if (a->text() == text) return a;
    return nullptr;
}

QByteArray bytesOf(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestReportExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void menuActionWritesTheReport();
    void failuresNameTheFileAndTheReason();

private:
    QTemporaryDir m_dir;
    QString m_project;
};

void TestReportExport::initTestCase() {
    testing::isolateAppData(QStringLiteral("tst_reportexport"));
    QVERIFY(m_dir.isValid());
    const QString data = m_dir.filePath(QStringLiteral("set"));
    testing::makeStripesDataset(data);
    const core::ScanResult scan = core::scanDataset(data);
    QVERIFY(scan.ok);
    m_project = m_dir.filePath(QStringLiteral("line7.faultline"));
    core::ProjectStore store;
    QVERIFY(store.open(m_project, core::ProjectStore::CreateIfMissing));
    QVERIFY(store.replaceDataset(scan.dataset.root, scan.dataset.samples));
    const qint64 run = store.addRun(QJsonObject{{QStringLiteral("source"), QStringLiteral("scores-csv")}});
    QVector<core::RunScore> scores;
    int i = 0;
    for (const core::ProjectSample& s : store.samples())
        scores.push_back({s.id, (s.truth == core::GroundTruth::Anomalous ? 0.5 : 0.0) + 0.01 * (i++ % 40)});
    QVERIFY(store.setScores(run, scores));
    QVERIFY(store.setMeta(QStringLiteral("active_run"), QString::number(run)));
    core::ThresholdCommit commit;
    commit.runId = run;
    commit.value = 0.45;
    commit.method = QStringLiteral("manual");
    commit.note = QStringLiteral("first article");
    QVERIFY(store.commitThreshold(commit) > 0);
}

void TestReportExport::menuActionWritesTheReport() {
    MainWindow w;
    QVERIFY2(w.openProject(m_project), qPrintable(w.lastError()));
    const QString proposed = m_dir.filePath(QStringLiteral("line7-report.pdf"));
    QCOMPARE(w.exportProposal(MainWindow::ExportKind::Report), proposed);
    QAction* action = findAction(w, QStringLiteral("Export &Report…"));
    QVERIFY(action);

    // The save dialog (Qt's own on the offscreen platform) is answered with the file it proposes.
    QString seen;
    QTimer answer;
    answer.setInterval(20);
    connect(&answer, &QTimer::timeout, this, [&] {
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        if (!dialog) return;
        answer.stop();
        seen = dialog->selectedFiles().value(0);
        static_cast<QDialog*>(dialog)->accept();  // QFileDialog::accept() is protected; the override runs
    });
    answer.start();
    action->trigger();
    QCOMPARE(seen, proposed);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(proposed), 120000);
    const QByteArray pdf = bytesOf(proposed);
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(core::pdfPageCount(pdf) >= 3);
    QVERIFY2(w.lastError().isEmpty(), qPrintable(w.lastError()));
    // The file is in place just before the task ends; one export runs at a time.
    auto* exporter = w.findChild<ui::ReportExport*>();
    QVERIFY(exporter);
    QTRY_VERIFY_WITH_TIMEOUT(!exporter->isRunning(), 120000);

    // The HTML flavour through the same slot the dialog calls.
    const QString html = m_dir.filePath(QStringLiteral("line7-report.html"));
    QVERIFY(w.exportReport(html));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(html), 120000);
    const QString text = QString::fromUtf8(bytesOf(html));
    QVERIFY(text.contains(QStringLiteral("<td id=\"threshold-note\">first article</td>")));
    QVERIFY(text.contains(QStringLiteral("id=\"gallery-note\"")));  // imported scores: no model, says why
    QVERIFY(text.contains(QStringLiteral("no model bundle")));
}

void TestReportExport::failuresNameTheFileAndTheReason() {
    MainWindow w;
    QVERIFY(w.openProject(m_project));
    const QString docx = m_dir.filePath(QStringLiteral("r.docx"));
    QVERIFY(!w.exportReport(docx));
    QVERIFY2(w.lastError().contains(docx) && w.lastError().contains(QStringLiteral("unknown report format")),
             qPrintable(w.lastError()));
    const QString inFile = m_project + QStringLiteral("/r.pdf");
    QVERIFY(!w.exportReport(inFile));
    QVERIFY2(w.lastError().contains(inFile), qPrintable(w.lastError()));

    // A project without a scored run fails in the background, and the window says why.
    const QString empty = m_dir.filePath(QStringLiteral("empty.faultline"));
    QVERIFY(w.newProject(empty));
    const QString out = m_dir.filePath(QStringLiteral("empty-report.pdf"));
    QVERIFY(w.exportReport(out));
    QTRY_VERIFY_WITH_TIMEOUT(w.lastError().contains(QStringLiteral("no scored run")), 60000);
    QVERIFY2(w.lastError().contains(out), qPrintable(w.lastError()));
    QVERIFY(!QFile::exists(out));
}

QTEST_MAIN(TestReportExport)
#include "tst_reportexport.moc"
