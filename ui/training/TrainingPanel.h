#pragma once
// Train a model and pick the active run. The form edits an ml::TrainConfig (model, size,
// channels, epochs, batch, learning rate, seed, device with what was found); Start, Cancel
// and Resume drive a TrainingWorker on its own QThread; live loss curves, a progress bar with
// ETA and images/s, and a warning banner for NaN losses, collapse and failures. Finished runs
// are listed with their metrics; activating one scores the dataset's evaluation samples in
// the background (ScoringJob) and hands the scores to the ThresholdSession.
// GUI thread only. The destructor cancels a running training and waits for its thread.

#include "core/dataset/Sample.h"
#include "core/ml/TrainConfig.h"
#include "core/ml/Trainer.h"
#include "ui/training/ScoringJob.h"

#include <QThread>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace faultline::core { class ThresholdSession; }

namespace faultline::ui {

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
    // `session` receives the active run's scores (not owned; may be null).
    explicit TrainingPanel(core::ThresholdSession* session = nullptr, QWidget* parent = nullptr);
    ~TrainingPanel() override;

    // The dataset to train on (Train-split normals) and score (Test split, Val normals).
    void setDataset(const QString& root, const QVector<core::Sample>& samples);
    // Where new bundles are written (created when missing).
    void setRunsDirectory(const QString& dir);
    QString runsDirectory() const { return runsDir_; }

    ml::TrainConfig config() const;  // what the form says now
    void setConfig(const ml::TrainConfig& config);

    void addRun(const TrainingRunRecord& run);  // e.g. runs restored from the project
    const QVector<TrainingRunRecord>& runs() const { return runs_; }
    int activeRun() const { return activeRun_; }  // index into runs(), -1 when none
    bool isTraining() const { return training_; }
    bool isScoring() const;

public Q_SLOTS:
    void startTraining();
    void cancelTraining();
    void resumeTraining();
    void activateRun(int index);  // scores the dataset with that run's bundle

Q_SIGNALS:
    void trainingStarted(const faultline::ml::TrainConfig& config);
    void runFinished(const faultline::ui::TrainingRunRecord& run);  // for the project store
    void activeRunChanged(int index, const QString& bundlePath);
    void scoringFinished(const faultline::ui::ScoringResult& result);
    // Internal: hands a run to the worker thread (queued).
    void trainingRequested(const faultline::ml::TrainConfig& config, const QString& root,
                           const QVector<faultline::core::Sample>& samples);

private:
    QWidget* buildForm();
    QWidget* buildRunsBox();
    void launch(ml::TrainConfig config);
    void onProgress(const ml::TrainProgress& p);
    void onFinished(const ml::TrainConfig& config, const ml::TrainResult& result);
    void onScored(const ScoringResult& result);
    void showWarning(const QString& text, bool error = false);
    void refreshDeviceInfo();
    void refreshButtons();
    void refreshRunsTable();

    core::ThresholdSession* session_;
    QString root_;
    QVector<core::Sample> samples_;
    QString runsDir_;
    QVector<TrainingRunRecord> runs_;
    int activeRun_ = -1;
    bool training_ = false;
    ml::TrainConfig lastConfig_;  // of the run in progress, or the last one (for Resume)
    bool lastCancelled_ = false;

    QThread thread_;
    TrainingWorker* worker_ = nullptr;  // lives on thread_, deleted when it finishes
    ScoringJob* scoring_;

    QComboBox* model_;
    QSpinBox* size_;
    QComboBox* channels_;
    QSpinBox* epochs_;
    QSpinBox* batch_;
    QDoubleSpinBox* learningRate_;
    QSpinBox* seed_;
    QComboBox* device_;
    QSpinBox* threads_;
    QLabel* deviceInfo_;
    QPushButton* start_;
    QPushButton* cancel_;
    QPushButton* resume_;
    QProgressBar* progress_;
    QLabel* status_;
    QLabel* banner_;
    LossPlot* loss_;
    QTableWidget* runsTable_;
    QPushButton* activate_;
    QProgressBar* scoringProgress_;
    QLabel* scoringStatus_;
};

} // namespace faultline::ui
