#pragma once
// The workbench window. Wiring only: the Workspace holds the project, the InspectionView fills
// the centre, the DatasetBrowser docks on the left and the threshold, training and methods
// panels dock tabbed on the right (movable and closable, not floatable). View > Reset Layout puts the docks
// back as on first start. Errors are shown in a non-modal message box (never a blocking dialog)
// and kept in lastError().

#include "ui/window/Theme.h"

#include <QMainWindow>

class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QToolButton;

namespace faultline::core { class ThresholdSession; }

namespace faultline::ui {

class DatasetBrowser;
class MethodsBinding;
class MethodsPanel;
class InspectionLoader;
class InspectionView;
class ThresholdBinding;
class DriftBinding;
class ThresholdPanel;
class TrainingBinding;
class TrainingPanel;
class NextStepBanner;
class ReportExport;
class WelcomePage;
class Workspace;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class Panel { Dataset, Threshold, Training, Methods };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    Workspace* workspace() const { return m_workspace; }
    DatasetBrowser* browser() const { return m_browser; }
    WelcomePage* welcomePage() const { return m_welcome; }
    NextStepBanner* nextStepBanner() const { return m_nextStep; }
    QString lastError() const { return m_lastError; }
    QDockWidget* dock(Panel panel) const;
    // Puts a panel widget into its dock (the window takes ownership), replacing the placeholder.
    void setPanel(Panel panel, QWidget* widget);
    // The default arrangement: docks back in their areas, shown, threshold tab in front, and
    // sized for the window's current width. View > Reset Layout.
    void resetLayout();
    QAction* resetLayoutAction() const { return m_resetLayout; }
    void setDeviceDescription(const QString& text);
    QAction* undoAction() const { return m_undo; }
    core::ThresholdSession* thresholdSession() const { return m_session; }
    ThresholdPanel* thresholdPanel() const { return m_thresholdPanel; }
    DriftBinding* driftBinding() const { return m_driftBinding; }
    InspectionView* inspectionView() const { return m_inspection; }
    TrainingPanel* trainingPanel() const { return m_trainingPanel; }
    MethodsPanel* methodsPanel() const { return m_methodsPanel; }
    MethodsBinding* methodsBinding() const { return m_methodsBinding; }
    QAction* redoAction() const { return m_redo; }

public Q_SLOTS:
    bool openProject(const QString& path);
    bool newProject(const QString& path);
    bool openPath(const QString& path);          // a project file or a dataset folder
    bool importFolder(const QString& folder);    // into the open project or a new one
    bool exportCsv(const QString& path);
    bool exportModelBundle(const QString& path);  // active run's bundle + latest committed threshold
    bool exportReport(const QString& path);       // .html or .pdf, written in the background
    bool importScores(const QString& csvPath);
    bool scoreWithBundle(const QString& bundlePath);   // scores all samples, then a new active run
    void showSample(int sourceRow);                    // in the inspection view
    void openDemo();
    void showError(const QString& message);
    void showStatus(const QString& message);
    void setTheme(faultline::ui::Theme theme);
    void showShortcuts();                              // Help > Keyboard Shortcuts
    void checkTrainingSet();                           // Edit > Check Training Set for Defects
    void showAuditTrail();                             // View > Audit Trail

public:
    enum class ExportKind { Scores, Model, Report };
    // What the export dialog proposes: next to the project, named after it (<project>-scores.csv).
    QString exportProposal(ExportKind kind) const;
    // What runs now that quitting would cancel ("training", "scoring", "import"), empty when idle.
    QStringList runningWork() const;

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void createActions();
    void createDocks();
    void createStatusBar();
    void createPanels();
    void restoreWindowLayout();   // saved geometry and dock state, else the default
    void saveWindowLayout();
    void applyDefaultDockSizes();
    void activeRunChanged();
    void updateRecentMenu();
    void updateNextStep();
    void projectChanged();
    void taskProgress(int done, int total, const QString& phase);
    void importFinished(bool ok, const QString& message);
    void askNewProject();
    void askOpenProject();
    void askImportFolder();
    void askExportCsv();
    void askExportModelBundle();
    void askExportReport();
    void askImportScores();
    void askScoreWithBundle();
    void suspectCheckFinished(bool ok, const QString& message, int flagged);
    bool taskEnded(bool ok, const QString& message);  // progress hidden, message shown; returns ok

    Workspace* m_workspace;
    QStackedWidget* m_centre;
    WelcomePage* m_welcome;
    DatasetBrowser* m_browser;
    QDockWidget* m_docks[4] = {};
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QLabel* m_device = nullptr;
    QLabel* m_projectLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
    QString m_lastError;
    core::ThresholdSession* m_session = nullptr;
    ThresholdBinding* m_binding = nullptr;
    DriftBinding* m_driftBinding = nullptr;
    ThresholdPanel* m_thresholdPanel = nullptr;
    InspectionView* m_inspection = nullptr;
    TrainingPanel* m_trainingPanel = nullptr;
    NextStepBanner* m_nextStep = nullptr;
    QWidget* m_inspectionPage = nullptr;  // the banner above the inspection view
    QAction* m_resetLayout = nullptr;
    QByteArray m_defaultState;            // saveState() of the default arrangement
    bool m_sizeDocksOnShow = false;       // no saved layout: size the docks once the window has its size
    TrainingBinding* m_trainingBinding = nullptr;
    MethodsPanel* m_methodsPanel = nullptr;
    MethodsBinding* m_methodsBinding = nullptr;
    InspectionLoader* m_inspectionLoader = nullptr;
    ReportExport* m_reportExport = nullptr;
};

} // namespace faultline::ui
