#pragma once
// Train a model and pick the active run. The form edits an ml::TrainConfig (model, size,
// channels, epochs, batch, learning rate, seed, device with what was found); Start, Cancel
// and Resume drive a TrainingWorker on its own QThread; live loss curves, a progress bar with
// ETA and images/s, and a warning banner for NaN losses, collapse and failures. Finished and
// cancelled runs are listed with their metrics (a resumed run replaces its cancelled row); activating one asks for the dataset to be scored with it
// (activeRunChanged: TrainingBinding hands it to the Workspace, the one scoring path) and shows
// that scoring's progress and outcome. GUI thread only. The destructor cancels a running
// training and waits for its thread.

#include "core/dataset/InputSizeChoice.h"
#include "core/dataset/Sample.h"
#include "core/ml/TrainConfig.h"
#include "core/ml/Trainer.h"

#include <QFutureWatcher>
#include <QThread>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace faultline::ui {

class BackboneField;
class LossPlot;
class TrainingWorker;

// One finished (or cancelled, or failed) training run as the panel lists it.
struct TrainingRunRecord {
    QString name;        // "run 3"
    QString bundlePath;  // the model bundle (exists when result.ok)
    ml::TrainConfig config;
    ml::TrainResult result;
};

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget* parent = nullptr);
    ~TrainingPanel() override;

    // The dataset to train on (Train-split normals; Val normals for the validation loss).
    void setDataset(const QString& root, const QVector<core::Sample>& samples);
    // The same dataset with another set of images left out of training (held for review,
    // labelled anomalous); heldOut counts them for the note above Start. The size is not chosen again.
    void setTrainingSamples(const QVector<core::Sample>& samples, int heldOut);
    int heldOut() const { return m_heldOutCount; }
    // Where new bundles are written (created when missing).
    void setRunsDirectory(const QString& dir);
    QString runsDirectory() const { return m_runsDir; }

    ml::TrainConfig config() const;  // what the form says now
    void setConfig(const ml::TrainConfig& config);

    void addRun(const TrainingRunRecord& run);  // e.g. runs restored from the project; a cancelled last one offers Resume
    // Another project was opened: forget its runs, loss curve, status and Resume (not while
    // training, which belongs to the project it started in).
    void clearRuns();
    // Draws a finished run's loss curve (restored runs keep their history in the project).
    void showRunHistory(int index);
    const QVector<TrainingRunRecord>& runs() const { return m_runs; }
    int activeRun() const { return m_activeRun; }  // index into runs(), -1 when none
    bool isTraining() const { return m_training; }
    bool isScoring() const { return m_scoring; }
    // The input size read from the dataset's image headers (shown under the size field, and
    // put in it unless the user or a restored run set one); empty reason until known.
    const core::InputSizeChoice& sizeChoice() const { return m_sizeChoice; }

public Q_SLOTS:
    void startTraining();
    void cancelTraining();
    void resumeTraining();
    void activateRun(int index);  // asks for the dataset to be scored with that run's bundle
    // The scoring that activateRun() asked for; total is 0 while it is not known yet.
    void showScoringProgress(int done, int total);
    void showScoringFinished(bool ok, const QString& message);

Q_SIGNALS:
    void trainingStarted(const faultline::ml::TrainConfig& config);
    void runFinished(const faultline::ui::TrainingRunRecord& run);  // finished, failed or cancelled: for the project store
    // The user picked a run (or training finished one): score the dataset with its bundle and
    // answer with showScoringProgress()/showScoringFinished().
    void activeRunChanged(int index, const QString& bundlePath);
    // Internal: hands a run to the worker thread (queued).
    void trainingRequested(const faultline::ml::TrainConfig& config, const QString& root,
                           const QVector<faultline::core::Sample>& samples);

private:
    QWidget* buildForm();
    QWidget* buildRunsBox();
    void launch(ml::TrainConfig config);
    void onProgress(const ml::TrainProgress& p);
    void onFinished(const ml::TrainConfig& config, const ml::TrainResult& result);
    void showWarning(const QString& text, bool error = false);
    void refreshDeviceInfo();
    void refreshButtons();
    void refreshRunsTable();
    // TrainingPanelSize.cpp: the input size chosen from the images, read off the GUI thread.
    void chooseSizeFromImages();
    void applySizeChoice();
    void refreshSizeReason();

    QString m_root;
    QVector<core::Sample> m_samples;
    QString m_runsDir;
    QVector<TrainingRunRecord> m_runs;
    int m_activeRun = -1;
    bool m_training = false;
    ml::TrainConfig m_lastConfig;  // of the run in progress, or the last one (for Resume)
    bool m_lastCancelled = false;

    QThread m_thread;
    TrainingWorker* m_worker = nullptr;  // lives on m_thread, deleted when it finishes
    bool m_scoring = false;              // asked for scores, no answer yet

    QComboBox* m_model;
    QString m_lengthModel; // the model whose default epochs and batch size the fields were given
    BackboneField* m_backbone;   // shown for the backbone model
    QSpinBox* m_size;
    QSpinBox* m_tile;            // 0: whole images
    QComboBox* m_channels;
    QSpinBox* m_epochs;
    QSpinBox* m_batch;
    QDoubleSpinBox* m_learningRate;
    QSpinBox* m_seed;
    QComboBox* m_device;
    QSpinBox* m_threads;
    QLabel* m_deviceInfo;
    QLabel* m_sizeReason;
    QLabel* m_heldOut;
    int m_heldOutCount = 0;
    core::InputSizeChoice m_sizeChoice;
    QFutureWatcher<core::InputSizeChoice> m_sizeWatcher;
    bool m_sizeKept = false;     // the user or a restored run chose the size: the images' choice only shows
    bool m_settingSize = false;  // the size is being set by the panel, not the user
    QPushButton* m_start;
    QPushButton* m_cancel;
    QPushButton* m_resume;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_banner;
    LossPlot* m_loss;
    QTableWidget* m_runsTable;
    QPushButton* m_activate;
    QProgressBar* m_scoringProgress;
    QLabel* m_scoringStatus;
};

} // namespace faultline::ui
