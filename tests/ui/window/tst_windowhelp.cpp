// The window's help and safety nets, driven as a person would: Help > Keyboard Shortcuts lists
// the keys the menus and views answer to; export dialogs propose a name next to the project
// instead of a bare Documents folder; quitting while work runs asks first and can be declined.
#include "tests/ui/IsolatedAppData.h"
#include "core/project/ProjectStore.h"
#include "ui/window/AuditTrailDialog.h"
#include "ui/window/MainWindow.h"
#include "ui/window/ShortcutsDialog.h"
#include "ui/window/Workspace.h"

#include <QAbstractButton>
#include <QJsonObject>
#include <QApplication>
#include <QMenuBar>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTableWidget>
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

// Answers the next "quit while busy" question with `button` once it is shown.
void answerQuitQuestion(QMessageBox::StandardButton button, bool* asked) {
    QTimer::singleShot(20, [button, asked] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box || box->objectName() != QLatin1String("quitWhileBusy")) return answerQuitQuestion(button, asked);
        *asked = true;
        box->button(button)->click();
    });
}

} // namespace

class TestWindowHelp : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase() { testing::isolateAppData(QStringLiteral("tst_windowhelp")); }

    void shortcutsDialogListsTheMenusKeys() {
        MainWindow w;
        w.show();
        QAction* help = findAction(w, MainWindow::tr("&Keyboard Shortcuts"));
        QVERIFY(help);
        help->trigger();
        auto* dialog = w.findChild<ui::ShortcutsDialog*>(QStringLiteral("shortcutsDialog"));
        QVERIFY(dialog && dialog->isVisible());
        QHash<QString, QString> does; // keys -> what
        for (int r = 0; r < dialog->table()->rowCount(); ++r)
            does.insert(dialog->table()->item(r, 0)->text(), dialog->table()->item(r, 1)->text());
        QCOMPARE(does.value(QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)), QStringLiteral("Undo"));
        QCOMPARE(does.value(QStringLiteral("N")), QStringLiteral("Label Normal"));
        QCOMPARE(does.value(QStringLiteral("A")), QStringLiteral("Label Anomalous"));
        QCOMPARE(does.value(QStringLiteral("R")), QStringLiteral("Hold for Review"));
        QCOMPARE(does.value(QStringLiteral("Ctrl+I")), QStringLiteral("Import Dataset Folder"));
        QCOMPARE(does.value(QStringLiteral("Ctrl+E")), QStringLiteral("Export Scores and Verdicts"));
        QVERIFY(does.contains(QStringLiteral("J, K or Page Down, Page Up")));
    }

    void exportDialogsProposeANameNextToTheProject() {
        MainWindow w;
        const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        QCOMPARE(w.exportProposal(MainWindow::ExportKind::Scores), QDir(documents).filePath("faultline-scores.csv"));
        const QString project = m_tmp.filePath(QStringLiteral("line3.faultline"));
        QVERIFY(w.newProject(project));
        QCOMPARE(w.exportProposal(MainWindow::ExportKind::Scores), m_tmp.filePath(QStringLiteral("line3-scores.csv")));
        QCOMPARE(w.exportProposal(MainWindow::ExportKind::Model), m_tmp.filePath(QStringLiteral("line3-model.flmodel")));
    }

    // Every commit of the project, newest first, with what the audit trail holds.
    void auditTrailListsEveryCommit() {
        MainWindow w;
        w.show();
        QVERIFY(w.newProject(m_tmp.filePath(QStringLiteral("audited.faultline"))));
        core::ProjectStore* store = w.workspace()->store();
        const qint64 run = store->addRun(QJsonObject{{"model", "ae"}});
        QVERIFY(run > 0);
        core::ThresholdCommit first;
        first.runId = run;
        first.value = 0.42;
        first.method = QStringLiteral("percentile:99");
        first.note = QStringLiteral("line 3 first article");
        first.who = QStringLiteral("inspector-a");
        QVERIFY(store->commitThreshold(first) > 0);
        core::ThresholdCommit second = first;
        second.value = 0.57;
        second.low = 0.5;
        second.high = 0.57;
        second.method = QStringLiteral("manual");
        second.note = QStringLiteral("after the lens change");
        QVERIFY(store->commitThreshold(second) > 0);

        QAction* audit = findAction(w, MainWindow::tr("&Audit Trail…"));
        QVERIFY(audit);
        audit->trigger();
        auto* dialog = w.findChild<ui::AuditTrailDialog*>(QStringLiteral("auditTrailDialog"));
        QVERIFY(dialog && dialog->isVisible());
        QTableWidget* t = dialog->table();
        QCOMPARE(t->rowCount(), 2);
        using C = ui::AuditTrailDialog;
        QCOMPARE(t->item(0, C::ValueColumn)->text(), QStringLiteral("0.57")); // newest first
        QCOMPARE(t->item(0, C::BandColumn)->text(), QStringLiteral("0.5 – 0.57"));
        QCOMPARE(t->item(0, C::MethodColumn)->text(), QStringLiteral("manual"));
        QCOMPARE(t->item(0, C::NoteColumn)->text(), QStringLiteral("after the lens change"));
        QCOMPARE(t->item(1, C::ValueColumn)->text(), QStringLiteral("0.42"));
        QCOMPARE(t->item(1, C::WhoColumn)->text(), QStringLiteral("inspector-a"));
        QCOMPARE(t->item(1, C::RunColumn)->text(), QStringLiteral("run %1 (ae)").arg(run));
        QVERIFY(!t->item(1, C::TimeColumn)->text().isEmpty());
    }

    void quittingWhileWorkRunsAsksFirst() {
        MainWindow w;
        w.show();
        QVERIFY(w.runningWork().isEmpty());
        QVERIFY(w.close()); // idle: closes without a question
        w.show();
        w.openDemo(); // writes the demo dataset in the background for a few seconds
        QVERIFY(w.workspace()->isImporting());
        QCOMPARE(w.runningWork(), QStringList{QStringLiteral("the import")});
        bool asked = false;
        answerQuitQuestion(QMessageBox::Cancel, &asked);
        QVERIFY(!w.close());
        QVERIFY(asked);
        QVERIFY(w.isVisible());
        if (w.workspace()->isImporting()) {
            asked = false;
            answerQuitQuestion(QMessageBox::Yes, &asked);
            QVERIFY(w.close());
            QVERIFY(asked);
            QVERIFY(!w.isVisible());
        }
    }
};

QTEST_MAIN(TestWindowHelp)
#include "tst_windowhelp.moc"
