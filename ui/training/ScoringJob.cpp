#include "ui/training/ScoringJob.h"

#include <QDir>
#include <QElapsedTimer>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

namespace faultline::ui {

ScoringJob::ScoringJob(QObject* parent) : QObject(parent) {
    connect(&m_watcher, &QFutureWatcher<ScoringResult>::progressValueChanged, this,
            [this](int value) { Q_EMIT progress(value, m_watcher.progressMaximum()); });
    connect(&m_watcher, &QFutureWatcher<ScoringResult>::finished, this, [this] {
        ScoringResult r;
        if (m_watcher.future().resultCount() > 0)
            r = m_watcher.result();
        else
            r.cancelled = true;  // cancelled before a result was reported
        Q_EMIT finished(r);
    });
}

ScoringJob::~ScoringJob() {
    cancel();
    m_watcher.waitForFinished();
}

void ScoringJob::start(const QString& bundlePath, const QString& root, const QVector<core::Sample>& samples,
                       const ml::ScoreOptions& options) {
    if (isRunning()) {
        cancel();
        m_watcher.waitForFinished();
    }
    m_watcher.setFuture(QtConcurrent::run(&ScoringJob::run, bundlePath, root, samples, options));
}

void ScoringJob::cancel() { m_watcher.cancel(); }

bool ScoringJob::isRunning() const { return m_watcher.isRunning(); }

void ScoringJob::run(QPromise<ScoringResult>& promise, const QString& bundlePath, const QString& root,
                     const QVector<core::Sample>& samples, const ml::ScoreOptions& options) {
    QElapsedTimer clock;
    clock.start();
    ScoringResult r;
    // Evaluate on the test split; calibrate the normal-only methods on validation normals.
    QVector<int> evaluate, calibrate;
    for (int i = 0; i < samples.size(); ++i) {
        if (samples[i].split == core::Split::Test)
            evaluate.push_back(i);
        else if (samples[i].split == core::Split::Val && samples[i].truth != core::GroundTruth::Anomalous)
            calibrate.push_back(i);
    }
    if (evaluate.isEmpty()) {  // no test split: judge the validation samples instead
        for (int i = 0; i < samples.size(); ++i)
            if (samples[i].split == core::Split::Val)
                evaluate.push_back(i);
    }
    if (evaluate.isEmpty()) {
        r.error = QObject::tr("Nothing to score: the dataset has no test or validation images.");
        promise.addResult(r);
        return;
    }
    ml::Scorer scorer;
    QString error;
    ml::ScoreOptions opts = options;
    opts.wantMap = false;  // the inspection view scores its one image on demand
    opts.wantReconstruction = false;
    if (!scorer.load(bundlePath, opts, &error)) {
        r.error = error;
        promise.addResult(r);
        return;
    }
    QStringList paths;
    for (int i : evaluate)
        paths << samples[i].path;
    for (int i : calibrate)
        paths << samples[i].path;
    promise.setProgressRange(0, int(paths.size()));
    const QDir rootDir(root);
    const int nEval = int(evaluate.size());
    const ml::ScoreRunSummary summary = scorer.scoreFiles(
        paths,
        [&](int index, const ml::ImageScore& s) {
            if (!s.ok) {
                ++r.failed;
                if (r.problems.size() < kMaxProblems)
                    r.problems << s.error;
                return;
            }
            if (index >= nEval) {
                r.scores.calibration.push_back(s.score);
                return;
            }
            const core::Sample& sample = samples[evaluate[index]];
            r.scores.scores.push_back(s.score);
            r.scores.truths.push_back(sample.truth);
            r.scores.names << rootDir.relativeFilePath(sample.path);
            r.scores.defects << sample.defect;
            r.sampleIndex.push_back(evaluate[index]);
        },
        [&promise](qint64 done, qint64) {
            promise.setProgressValue(int(done));
            return !promise.isCanceled();
        });
    r.cancelled = summary.cancelled;
    r.ok = !summary.cancelled && !r.scores.scores.empty();
    if (!r.ok && !r.cancelled)
        r.error = QObject::tr("No image of %1 could be scored; the first problem: %2")
                      .arg(paths.size())
                      .arg(r.problems.value(0));
    r.seconds = clock.elapsed() / 1000.0;
    promise.addResult(r);
}

} // namespace faultline::ui
