// MainWindow: menus, actions and the file dialogs behind them.
#include "ui/window/MainWindow.h"

#include "ui/dataset/DatasetBrowser.h"
#include "ui/dataset/DatasetFilterBar.h"
#include "ui/dataset/LabelController.h"
#include "ui/window/AuditTrailDialog.h"
#include "ui/window/ExportNames.h"
#include "ui/window/RecentProjects.h"
#include "ui/window/ReportExport.h"
#include "ui/window/ShortcutsDialog.h"
#include "ui/window/Workspace.h"
#include "core/report/ReportWriter.h"

#include <QActionGroup>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QUndoStack>

namespace faultline::ui {

namespace {
const QString kProjectFilter = QObject::tr("Faultline projects (*.faultline);;All files (*)");

QString documents() { return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation); }
} // namespace

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* a = file->addAction(tr("&New Project…"), this, &MainWindow::askNewProject);
    a->setShortcut(QKeySequence::New);
    a->setToolTip(tr("Create an empty project file"));
    a = file->addAction(tr("&Open Project…"), this, &MainWindow::askOpenProject);
    a->setShortcut(QKeySequence::Open);
    a->setToolTip(tr("Open a Faultline project file"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setToolTipsVisible(true);
    a = file->addAction(tr("Open the &Demo Dataset"), this, &MainWindow::openDemo);
    a->setToolTip(tr("Generate the demo dataset in your data folder and open it"));
    file->addSeparator();
    a = file->addAction(tr("&Import Dataset Folder…"), this, &MainWindow::askImportFolder);
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    a->setToolTip(tr("Index a folder of images into the project (or drop the folder onto the window)"));
    a = file->addAction(tr("Import &Scores CSV…"), this, &MainWindow::askImportScores);
    a->setToolTip(tr("Load scores written by faultline-cli score as a new run"));
    a = file->addAction(tr("Score with &Model Bundle…"), this, &MainWindow::askScoreWithBundle);
    a->setToolTip(tr("Score every sample with a trained model bundle (from the training panel or "
                     "faultline-cli train) and make it the active run"));
    a = file->addAction(tr("&Export Scores and Verdicts…"), this, &MainWindow::askExportCsv);
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    a->setToolTip(tr("Write path, split, defect, label, score and verdict of every scored sample as CSV"));
    a = file->addAction(tr("Export &Model with Threshold…"), this, &MainWindow::askExportModelBundle);
    a->setToolTip(tr("Save the active run's model bundle with its latest committed threshold (and review "
                     "band), so faultline-cli score writes pass/fail/review verdicts"));
    a = file->addAction(tr("Export &Report…"), this, &MainWindow::askExportReport);
    a->setToolTip(tr("Write the inspection report to sign (HTML or PDF): fingerprints, training, the committed "
                     "threshold, confusion with intervals, curves, per-defect recall and a gallery"));
    m_reportExport = new ReportExport(this);
    connect(m_reportExport, &ReportExport::finished, this,
            [this](bool ok, const QString& message) { ok ? showStatus(message) : showError(message); });
    file->addSeparator();
    a = file->addAction(tr("&Quit"), this, &QWidget::close);
    a->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    m_undo = m_workspace->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_undo->setToolTip(tr("Undo the last label (the database is updated at once)"));
    m_redo = m_workspace->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redo->setShortcut(QKeySequence::Redo);
    m_redo->setToolTip(tr("Redo the label you undid"));
    edit->addAction(m_undo);
    edit->addAction(m_redo);
    edit->addSeparator();
    // The keys themselves are handled by the dataset views; "\t" shows them in the menu.
    const struct { QString text; core::GroundTruth label; QString tip; } labels[] = {
        {tr("Label &Normal\tN"), core::GroundTruth::Normal, tr("Label the selected samples normal")},
        {tr("Label &Anomalous\tA"), core::GroundTruth::Anomalous, tr("Label the selected samples anomalous")},
        {tr("&Clear Label\tU"), core::GroundTruth::Unknown, tr("Remove your label from the selected samples")},
    };
    for (const auto& l : labels) {
        a = edit->addAction(l.text);
        a->setToolTip(l.tip);
        const core::GroundTruth label = l.label;
        connect(a, &QAction::triggered, this,
                [this, label] { m_workspace->labels()->label(m_browser->selectedSourceRows(), label); });
    }
    edit->addSeparator();
    a = edit->addAction(tr("&Hold for Review\tR"), this,
                        [this] { m_workspace->labels()->toggleHold(m_browser->selectedSourceRows()); });
    a->setToolTip(tr("Take the selected training images out of training until you have looked at them "
                     "(again: give them back)"));
    a = edit->addAction(tr("Check &Training Set for Defects"), this, &MainWindow::checkTrainingSet);
    a->setToolTip(tr("Rank the training images with the active run's model, each judged by a model built "
                     "without it, and list the suspects (filter \"Suspect in training set\")"));
    edit->setToolTipsVisible(true);
    file->setToolTipsVisible(true);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    a = m_viewMenu->addAction(tr("&Thumbnails"), this, [this] { m_browser->viewTabs()->setCurrentIndex(0); });
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    a = m_viewMenu->addAction(tr("T&able"), this, [this] { m_browser->viewTabs()->setCurrentIndex(1); });
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    m_viewMenu->addSeparator();
    for (QDockWidget* d : m_docks) m_viewMenu->addAction(d->toggleViewAction());
    m_resetLayout = m_viewMenu->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);
    m_resetLayout->setToolTip(tr("Put the dataset, threshold and training panels back where they were on first start"));
    m_viewMenu->setToolTipsVisible(true);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(tr("&Audit Trail…"), this, &MainWindow::showAuditTrail);
    m_viewMenu->addSeparator();
    auto* themes = new QActionGroup(this);
    const Theme current = parseTheme(QSettings().value(QStringLiteral("theme")).toString());
    for (Theme t : {Theme::Light, Theme::Dark}) {
        a = m_viewMenu->addAction(t == Theme::Light ? tr("&Light Theme") : tr("&Dark Theme"));
        a->setCheckable(true);
        a->setChecked(t == current);
        a->setActionGroup(themes);
        connect(a, &QAction::triggered, this, [this, t] { setTheme(t); });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    a = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    a->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About Faultline"), this, [this] {
        QMessageBox::about(this, tr("About Faultline"),
                           tr("<b>Faultline %1</b><p>Image anomaly detection workbench.</p>"
                              "<p>Help &gt; Keyboard Shortcuts lists every key.</p>")
                               .arg(QStringLiteral(FAULTLINE_VERSION)));
    });
}

QString MainWindow::exportProposal(ExportKind kind) const {
    switch (kind) {
    case ExportKind::Scores:
        return suggestedExportPath(m_workspace->projectPath(), QStringLiteral("scores"), QStringLiteral("csv"), documents());
    case ExportKind::Model:
        return suggestedExportPath(m_workspace->projectPath(), QStringLiteral("model"), QStringLiteral("flmodel"), documents());
    case ExportKind::Report: break;
    }
    return suggestedExportPath(m_workspace->projectPath(), QStringLiteral("report"), QStringLiteral("pdf"), documents());
}

bool MainWindow::exportReport(const QString& path) {
    QString error;
    if (!m_reportExport->start(m_workspace->projectPath(), path, &error)) {
        showError(error);
        return false;
    }
    showStatus(tr("Writing the report to %1…").arg(path));
    return true;
}

void MainWindow::showAuditTrail() {
    auto* dialog = new AuditTrailDialog(m_workspace->store(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::checkTrainingSet() {
    if (!m_workspace->startSuspectCheck()) return;  // the workspace reported why
    showStatus(tr("Checking the training set with run %1…").arg(m_workspace->activeRunId()));
}

void MainWindow::suspectCheckFinished(bool ok, const QString& message, int flagged) {
    if (taskEnded(ok, message) && flagged > 0) m_browser->filterBar()->showSuspects();
}

void MainWindow::showShortcuts() {
    auto* dialog = new ShortcutsDialog(menuBar(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::setTheme(Theme theme) {
    applyTheme(theme);
    QSettings().setValue(QStringLiteral("theme"), themeName(theme));
}

void MainWindow::updateRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = RecentProjects::list();
    for (const QString& path : recent) {
        QAction* a = m_recentMenu->addAction(QFileInfo(path).completeBaseName(), this, [this, path] { openProject(path); });
        a->setToolTip(QDir::toNativeSeparators(path));
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::askNewProject() {
    const QString path = QFileDialog::getSaveFileName(this, tr("New Project"), documents(), kProjectFilter);
    if (path.isEmpty()) return;
    newProject(path.endsWith(QLatin1String(".faultline")) ? path : path + QStringLiteral(".faultline"));
}

void MainWindow::askOpenProject() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), documents(), kProjectFilter);
    if (!path.isEmpty()) openProject(path);
}

void MainWindow::askImportFolder() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Import Dataset Folder"), documents());
    if (!folder.isEmpty()) importFolder(folder);
}

void MainWindow::askExportCsv() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Scores and Verdicts"), exportProposal(ExportKind::Scores),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty()) exportCsv(path);
}

void MainWindow::askExportModelBundle() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Model with Threshold"), exportProposal(ExportKind::Model),
                                                      tr("Model bundles (*.flmodel);;All files (*)"));
    if (path.isEmpty()) return;
    exportModelBundle(path.endsWith(QLatin1String(".flmodel")) ? path : path + QStringLiteral(".flmodel"));
}

void MainWindow::askExportReport() {
    QString filter;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Report"), exportProposal(ExportKind::Report),
                                                      tr("PDF documents (*.pdf);;HTML documents (*.html)"), &filter);
    if (path.isEmpty()) return;
    if (core::reportFormatFor(path) != core::ReportFormat::Unknown) exportReport(path);
    else exportReport(path + (filter.contains(QLatin1String("html")) ? QStringLiteral(".html") : QStringLiteral(".pdf")));
}

void MainWindow::askImportScores() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Scores CSV"), documents(), tr("CSV files (*.csv)"));
    if (!path.isEmpty()) importScores(path);
}

void MainWindow::askScoreWithBundle() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Score with Model Bundle"), documents(),
                                                      tr("Model bundles (*.flmodel);;All files (*)"));
    if (!path.isEmpty()) scoreWithBundle(path);
}

} // namespace faultline::ui
