#pragma once
// Everything that belongs to the open project, for the main window to wire: the ProjectStore,
// the sample model, the undo stack, label controller and thumbnail cache, the active run, the
// asynchronous dataset import and the CSV export/import of scores. No widgets, no dialogs:
// failures come back as false + lastError() and errorOccurred(). GUI thread only; the import,
// the demo and scoring run as BackgroundTasks (the import with its own database connection).
// Scoring is the one way scores reach the project: "Score with bundle" and the training panel's
// "Use selected run" both come here, every sample is scored, and the threshold session follows
// the model (ThresholdBinding). A bundle from outside the project is an import: the audit trail
// records its path and SHA-256.

#include "core/project/ProjectStore.h"
#include "ui/window/BackgroundTask.h"
#include "ui/dataset/DatasetImport.h"
#include "ui/window/DemoTask.h"
#include "ui/training/ScoringTask.h"
#include "ui/training/SuspectCheckTask.h"

#include <QObject>
#include <QUndoStack>

#include <memory>

namespace faultline::ui {

class LabelController;
class SampleTableModel;
class ThumbnailCache;

class Workspace : public QObject {
    Q_OBJECT
public:
    static constexpr int kThumbnailSide = 96;  // px (logical)

    explicit Workspace(QObject* parent = nullptr);
    ~Workspace() override;

    bool openProject(const QString& path);
    bool createProject(const QString& path);   // refuses an existing file
    void closeProject();
    bool isOpen() const { return m_store != nullptr; }
    QString projectPath() const { return m_store ? m_store->path() : QString(); }
    core::ProjectStore* store() const { return m_store.get(); }
    QString lastError() const { return m_error; }

    SampleTableModel* model() const { return m_model; }
    QUndoStack* undoStack() const { return m_undo; }
    LabelController* labels() const { return m_labels; }
    ThumbnailCache* thumbnails() const { return m_thumbnails; }

    // Starts importing folder into the open project; false when another import runs or no
    // project is open. importFinished follows (also on failure).
    bool startImport(const QString& folder);
    // Busy from the start of a task until its results are handled (and a demo's import has
    // started), so "not busy" means the results are in the model.
    bool isImporting() const { return m_import.isRunning() || m_demo.isRunning(); }
    bool isBusy() const { return isImporting() || m_scoring.isRunning() || m_suspectCheck.isRunning(); }
    void cancelImport();
    void waitForImport();                      // shutdown and tests
    ImportResult lastImport() const { return m_lastImport; }

    // Generates (or reuses) the demo dataset under dataFolder()/demo off the GUI thread;
    // demoReady(folder) or importFinished(false, error) follows.
    bool startDemo();
    static QString demoFolder();

    // Scores every sample with a model bundle off the GUI thread; on success the run is stored
    // (config/result as given, plus device and timing) and made active. scoringFinished follows.
    // method: a score method the bundle supports (empty: its default); the run's result records
    // the method as "scoringMethod".
    bool startScoring(const QString& bundlePath, const QJsonObject& config = {}, const QJsonObject& result = {},
                      const QString& method = {});
    // Makes (bundle, method) the active score: a run of the project already scored with them
    // becomes active at once, otherwise every sample is scored with them into a new run (the
    // audit trail records the choice). activeRunChanged follows either way, scoringFinished
    // too when it scores.
    bool chooseScoreMethod(const QString& bundlePath, const QString& method);
    // The run of this bundle (absolute path) whose scores came from this method; 0 when none.
    qint64 runScoredWith(const QString& bundlePath, const QString& method) const;
    // The same for a run already in the project (a trained run): its scores are replaced and
    // it becomes the active run.
    bool startScoringRun(qint64 runId);
    bool isScoring() const { return m_scoring.isRunning(); }
    // Ranks the training images with the active run's model, each judged by banks built
    // without its fold (ml::findTrainingSuspects); the result replaces the stored check and
    // the model's Training check column. suspectCheckFinished follows.
    bool startSuspectCheck();
    bool isCheckingTrainingSet() const { return m_suspectCheck.isRunning(); }
    void cancelSuspectCheck() { m_suspectCheck.cancel(); }
    QString activeBundlePath() const;
    // The score method of the active run's scores: what it was scored with, empty for runs
    // scored before methods were recorded (the bundle's default) and for imported CSV scores.
    QString activeScoreMethod() const;

    qint64 activeRunId() const { return m_activeRun; }
    bool setActiveRun(qint64 runId);           // loads its scores into the model; 0 clears
    // A finished run with its scores by sample id: stored, then made active.
    qint64 addScoredRun(const QJsonObject& config, const QJsonObject& result, const QString& bundlePath,
                        const QVector<core::RunScore>& scores);
    // Reads a scores CSV (path,split,defect,label,score) and stores it as a new run matched
    // by relative path. Rows naming unknown samples are counted in *unmatched.
    qint64 importScoresCsv(const QString& csvPath, int* unmatched = nullptr);
    // path,split,defect,label,score,verdict for every scored sample (label: the user's label
    // if any, else the dataset's). Written atomically.
    bool exportCsv(const QString& path, int* written = nullptr);
    // Copies the active run's model bundle to path with the run's latest committed threshold
    // (value, review band, method, note, time) in its calibration, for `faultline-cli score`.
    // Weights are copied byte for byte; written atomically. Fails without an active run, a
    // bundle or a committed threshold.
    bool exportModelBundle(const QString& path);

    // Where `faultline` keeps projects it creates and the demo dataset.
    static QString dataFolder();
    static QString projectPathForFolder(const QString& datasetFolder);

Q_SIGNALS:
    void projectOpened(const QString& path);
    void projectClosed();
    // Import, demo or scoring; total is 0 until the task knows it.
    void taskProgress(int done, int total, const QString& phase);
    void importFinished(bool ok, const QString& message);
    void scoringFinished(bool ok, const QString& message);
    // flagged: training images above the flag line (0 on failure).
    void suspectCheckFinished(bool ok, const QString& message, int flagged);
    void demoReady(const QString& folder);
    void activeRunChanged(qint64 runId);
    void errorOccurred(const QString& message);

private:
    bool fail(const QString& message);
    void reloadModel();
    void importDone();
    void scoringDone();
    void suspectCheckDone();
    bool beginScoring(const QString& bundlePath, qint64 intoRun);

    std::unique_ptr<core::ProjectStore> m_store;
    SampleTableModel* m_model;
    QUndoStack* m_undo;
    LabelController* m_labels;
    ThumbnailCache* m_thumbnails;
    BackgroundTask<ImportResult> m_import;
    BackgroundTask<DemoTaskResult> m_demo;
    BackgroundTask<ScoringTaskResult> m_scoring;
    BackgroundTask<SuspectCheckResult> m_suspectCheck;
    QJsonObject m_scoringConfig, m_scoringResult;
    QString m_scoringBundle;
    QString m_scoringMethod;   // the method the running scoring uses; empty = the bundle's default
    QString m_suspectProject;  // the project the running training-set check belongs to
    qint64 m_scoringRun = 0;   // the run the scores go to; 0: a new run
    ImportResult m_lastImport;
    qint64 m_activeRun = 0;
    QString m_error;
};

} // namespace faultline::ui
