#include "ui/window/MainWindow.h"

#include "ui/dataset/DatasetBrowser.h"
#include "ui/dataset/DatasetFilterBar.h"
#include "ui/dataset/LabelController.h"
#include "ui/window/RecentProjects.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/inspection/InspectionView.h"
#include "ui/methods/MethodsBinding.h"
#include "ui/training/TrainingPanel.h"
#include "ui/window/NextStepBanner.h"
#include "ui/window/WelcomePage.h"
#include "ui/window/Workspace.h"

#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>

// faultline_ui is a static library: its resources must be pulled in by name.
static void initFaultlineResources() { Q_INIT_RESOURCE(faultline); }

namespace faultline::ui {

namespace {
constexpr int kStatusMessageMs = 8000;  // how long a status message stays
}

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_workspace(new Workspace(this)) {
    setWindowTitle(tr("Faultline"));
    initFaultlineResources();
    setWindowIcon(QIcon(QStringLiteral(":/faultline/faultline.svg")));
    setAcceptDrops(true);
    setDockNestingEnabled(true);

    m_welcome = new WelcomePage(this);
    m_browser = new DatasetBrowser(m_workspace->model(), m_workspace->thumbnails(), this);
    m_inspection = new InspectionView(this);
    m_centre = new QStackedWidget(this);
    m_nextStep = new NextStepBanner(this);
    // The centre is the inspection: what the window is for. The browser and the panels dock beside it.
    m_inspectionPage = new QWidget(this);
    auto* page = new QVBoxLayout(m_inspectionPage);
    page->setContentsMargins(0, 0, 0, 0);
    page->setSpacing(2);
    page->addWidget(m_nextStep);
    page->addWidget(m_inspection, 1);
    m_centre->addWidget(m_welcome);
    m_centre->addWidget(m_inspectionPage);
    setCentralWidget(m_centre);

    createDocks();
    createPanels();
    createActions();
    createStatusBar();

    connect(m_welcome, &WelcomePage::demoRequested, this, &MainWindow::openDemo);
    connect(m_nextStep, &NextStepBanner::trainRequested, this, [this] {
        dock(Panel::Training)->show();
        dock(Panel::Training)->raise();
    });
    connect(m_workspace->model(), &QAbstractItemModel::modelReset, this, &MainWindow::updateNextStep);
    connect(m_workspace, &Workspace::activeRunChanged, this, &MainWindow::updateNextStep);
    connect(m_trainingPanel, &TrainingPanel::trainingStarted, this, [this] { m_nextStep->hide(); });
    connect(m_trainingPanel, &TrainingPanel::runFinished, this, &MainWindow::updateNextStep);
    connect(m_welcome, &WelcomePage::openRequested, this, &MainWindow::askOpenProject);
    connect(m_welcome, &WelcomePage::importRequested, this, &MainWindow::askImportFolder);
    connect(m_browser, &DatasetBrowser::labelRequested, m_workspace->labels(), &LabelController::label);
    connect(m_browser, &DatasetBrowser::holdRequested, m_workspace->labels(), &LabelController::toggleHold);
    connect(m_workspace, &Workspace::suspectCheckFinished, this, &MainWindow::suspectCheckFinished);
    connect(m_workspace, &Workspace::errorOccurred, this, &MainWindow::showError);
    connect(m_workspace, &Workspace::projectOpened, this, &MainWindow::projectChanged);
    connect(m_workspace, &Workspace::projectClosed, this, &MainWindow::projectChanged);
    connect(m_workspace, &Workspace::taskProgress, this, &MainWindow::taskProgress);
    connect(m_workspace, &Workspace::importFinished, this, &MainWindow::importFinished);
    connect(m_workspace, &Workspace::demoReady, this, &MainWindow::importFolder);
    connect(m_workspace, &Workspace::scoringFinished, this, &MainWindow::importFinished);

    restoreWindowLayout();
    projectChanged();
}

MainWindow::~MainWindow() {
    // Close while the panels that follow the project still exist.
    m_workspace->closeProject();
}

void MainWindow::createStatusBar() {
    m_projectLabel = new QLabel(this);
    m_projectLabel->setToolTip(tr("The open project file"));
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setToolTip(tr("Progress of the background task"));
    m_progress->hide();
    m_cancel = new QToolButton(this);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Cancel the background task; nothing already saved is lost"));
    m_cancel->hide();
    connect(m_cancel, &QToolButton::clicked, m_workspace, &Workspace::cancelImport);
    m_device = new QLabel(this);
    m_device->setToolTip(tr("Where training and scoring run"));
    statusBar()->addPermanentWidget(m_projectLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_device);
}

void MainWindow::setDeviceDescription(const QString& text) { m_device->setText(text); }

void MainWindow::projectChanged() {
    const bool open = m_workspace->isOpen();
    m_centre->setCurrentWidget(open ? m_inspectionPage : static_cast<QWidget*>(m_welcome));
    updateNextStep();
    const QString name = open ? QFileInfo(m_workspace->projectPath()).completeBaseName() : QString();
    setWindowTitle(open ? tr("%1 — Faultline").arg(name) : tr("Faultline"));
    m_projectLabel->setText(open ? QDir::toNativeSeparators(m_workspace->projectPath()) : tr("No project"));
    if (open) RecentProjects::add(m_workspace->projectPath());
    updateRecentMenu();
}

void MainWindow::showError(const QString& message) {
    m_lastError = message;
    statusBar()->showMessage(message, kStatusMessageMs);
    // Non-modal: the window (and a test driving it) keeps running while the message is up.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Faultline"), message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
}

void MainWindow::showStatus(const QString& message) { statusBar()->showMessage(message, kStatusMessageMs); }

bool MainWindow::openProject(const QString& path) {
    if (!m_workspace->openProject(path)) return false;
    showStatus(tr("Opened %1 (%L2 samples)").arg(path).arg(m_workspace->model()->rowCount()));
    return true;
}

bool MainWindow::newProject(const QString& path) { return m_workspace->createProject(path); }

bool MainWindow::openPath(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir()) return importFolder(path);
    return openProject(path);
}

bool MainWindow::importFolder(const QString& folder) {
    if (m_workspace->isBusy()) {
        showError(tr("%1: wait for the running task to finish (or cancel it) before importing").arg(folder));
        return false;
    }
    const QString root = QFileInfo(folder).absoluteFilePath();
    if (!QFileInfo(root).isDir()) {
        showError(tr("%1: not a folder").arg(folder));
        return false;
    }
    // Import into the open project only when it has no dataset yet or this very one (a rescan):
    // replacing another dataset would drop its labels. Otherwise the folder gets its own project.
    const QString current = m_workspace->isOpen() ? m_workspace->store()->datasetRoot() : QString();
    if (!m_workspace->isOpen() || (!current.isEmpty() && QDir(current) != QDir(root))) {
        QString project = Workspace::projectPathForFolder(root);
        for (int n = 2; QFileInfo::exists(project); ++n) {
            core::ProjectStore probe;
            if (probe.open(project) && QDir(probe.datasetRoot()) == QDir(root)) break;  // its own project: reuse
            project = Workspace::projectPathForFolder(root).replace(QLatin1String(".faultline"),
                                                                   QStringLiteral("-%1.faultline").arg(n));
        }
        const bool ok = QFileInfo::exists(project) ? m_workspace->openProject(project) : m_workspace->createProject(project);
        if (!ok) return false;
    }
    if (!m_workspace->startImport(root)) return false;
    showStatus(tr("Importing %1…").arg(root));
    return true;
}

void MainWindow::taskProgress(int done, int total, const QString& phase) {
    m_progress->show();
    m_cancel->show();
    m_progress->setRange(0, std::max(total, 0));
    m_progress->setValue(done);
    m_progress->setFormat(QStringLiteral("%1 %p%").arg(phase));
}

bool MainWindow::taskEnded(bool ok, const QString& message) {
    m_progress->hide();
    m_cancel->hide();
    if (ok) showStatus(message);
    else showError(message);
    return ok;
}

void MainWindow::importFinished(bool ok, const QString& message) {
    if (!taskEnded(ok, message)) return;
    const ImportResult outcome = m_workspace->lastImport();
    if (!outcome.problems.isEmpty()) {
        QStringList lines;
        for (int i = 0; i < outcome.problems.size() && i < 20; ++i)
            lines << QStringLiteral("%1: %2").arg(outcome.problems[i].path, outcome.problems[i].reason);
        if (outcome.problems.size() > 20) lines << tr("… and %L1 more").arg(outcome.problems.size() - 20);
        showError(tr("%1.\nThese files were left out:\n%2").arg(message, lines.join(QLatin1Char('\n'))));
    }
}

bool MainWindow::exportCsv(const QString& path) {
    int rows = 0;
    if (!m_workspace->exportCsv(path, &rows)) return false;
    showStatus(tr("Wrote %L1 scored samples to %2").arg(rows).arg(path));
    return true;
}

bool MainWindow::exportModelBundle(const QString& path) {
    if (!m_workspace->exportModelBundle(path)) return false;
    showStatus(tr("Wrote the model with its committed threshold to %1").arg(path));
    return true;
}

bool MainWindow::importScores(const QString& csvPath) {
    int unmatched = 0;
    const qint64 run = m_workspace->importScoresCsv(csvPath, &unmatched);
    if (run == 0) return false;
    showStatus(unmatched ? tr("Scores loaded as run %1; %L2 rows name no image of this dataset").arg(run).arg(unmatched)
                         : tr("Scores loaded as run %1").arg(run));
    return true;
}

void MainWindow::openDemo() {
    if (m_workspace->startDemo()) showStatus(tr("Preparing the demo dataset in %1…").arg(Workspace::demoFolder()));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() != 1 || !urls.first().isLocalFile()) return;
    event->acceptProposedAction();
    openPath(urls.first().toLocalFile());
}

void MainWindow::updateNextStep() {
    m_nextStep->update(m_workspace->isOpen() ? m_workspace->model()->rowCount() : 0, m_workspace->activeRunId() > 0,
                       m_trainingPanel && m_trainingPanel->isTraining());
}

QStringList MainWindow::runningWork() const {
    QStringList work;
    if (m_trainingPanel && m_trainingPanel->isTraining()) work << tr("training");
    if (m_workspace->isScoring()) work << tr("scoring");
    if (m_workspace->isImporting()) work << tr("the import");
    if (m_workspace->isCheckingTrainingSet()) work << tr("the training-set check");
    if (m_methodsBinding && m_methodsBinding->isComparing()) work << tr("the method comparison");
    return work;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // Quitting cancels running work: say what, and let the user stay.
    if (const QStringList work = runningWork(); !work.isEmpty()) {
        QMessageBox ask(QMessageBox::Question, tr("Quit Faultline"),
                        tr("Quitting now cancels %1. Quit anyway?").arg(work.join(tr(" and "))),
                        QMessageBox::Yes | QMessageBox::Cancel, this);
        ask.setObjectName(QStringLiteral("quitWhileBusy"));
        ask.setDefaultButton(QMessageBox::Cancel);
        if (ask.exec() != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    m_workspace->cancelImport();
    m_workspace->waitForImport();
    saveWindowLayout();
    event->accept();
}

} // namespace faultline::ui
