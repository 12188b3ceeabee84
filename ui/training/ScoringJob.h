#pragma once
// Scores the evaluation samples of a dataset with a model bundle off the GUI thread
// (QtConcurrent::run with a QPromise for progress and cancel; a QFutureWatcher on the GUI
// side). The result is a ScoreSet ready for ThresholdSession: test-split samples (or the
// validation split when there is no test split) with their labels, names and defects, and
// the validation normals' scores as calibration. Signals are emitted on the GUI thread;
// progress is throttled by QFutureWatcher (at most a few dozen updates a second).
// Destroying a running job cancels it and waits (cancel is honoured at the next batch).

#include "core/dataset/Sample.h"
#include "core/threshold/ThresholdSessionTypes.h"
#include "core/ml/Scorer.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <QVector>

namespace faultline::ui {

struct ScoringResult {
    bool ok = false;
    bool cancelled = false;
    QString error;              // bundle could not be loaded, or nothing to score
    core::ScoreSet scores;      // the evaluation samples, scored
    QVector<int> sampleIndex;   // scores.scores[i] belongs to samples[sampleIndex[i]]
    int failed = 0;             // images that could not be scored (left out of `scores`)
    QStringList problems;       // their errors, each naming the file (the first kMaxProblems)
    double seconds = 0.0;
};

class ScoringJob : public QObject {
    Q_OBJECT
public:
    explicit ScoringJob(QObject* parent = nullptr);
    ~ScoringJob() override;

    // Starts scoring; a job already running is cancelled first.
    void start(const QString& bundlePath, const QString& root, const QVector<core::Sample>& samples,
               const ml::ScoreOptions& options = {});
    void cancel();
    bool isRunning() const;

    static constexpr int kMaxProblems = 50;

    // The computation itself, plain and blocking (what the worker thread runs).
    static void run(QPromise<ScoringResult>& promise, const QString& bundlePath, const QString& root,
                    const QVector<core::Sample>& samples, const ml::ScoreOptions& options);

Q_SIGNALS:
    void progress(int done, int total);
    void finished(const faultline::ui::ScoringResult& result);

private:
    QFutureWatcher<ScoringResult> m_watcher;
};

} // namespace faultline::ui
