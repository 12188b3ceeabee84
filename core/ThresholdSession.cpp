#include "core/ThresholdSession.h"

#include "core/ThresholdSessionEngine.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace faultline::core {

namespace {
constexpr int kBootstrapDelayMs = 150;  // wait for the threshold to rest before resampling
constexpr quint64 kBootstrapSeed = 42;  // same counts give the same interval every time
constexpr double kConfidence = 0.95;
} // namespace

struct ThresholdSession::Bootstrap {
    QTimer delay;
    QFutureWatcher<ThresholdIntervals> watcher;
    bool pending = false;  // a new request arrived while one was running
};

ThresholdSession::ThresholdSession(QObject* parent)
    : QObject(parent), engine_(std::make_unique<ThresholdSessionEngine>()),
      committed_(std::numeric_limits<double>::quiet_NaN()), bootstrap_(std::make_unique<Bootstrap>()) {
    bootstrap_->delay.setSingleShot(true);
    bootstrap_->delay.setInterval(kBootstrapDelayMs);
    connect(&bootstrap_->delay, &QTimer::timeout, this, &ThresholdSession::startBootstrap);
    connect(&bootstrap_->watcher, &QFutureWatcher<ThresholdIntervals>::finished, this, [this] {
        intervals_ = bootstrap_->watcher.result();
        if (bootstrap_->pending) {
            bootstrap_->pending = false;
            startBootstrap();
        }
        Q_EMIT intervalsChanged();
    });
}

ThresholdSession::~ThresholdSession() {
    // The worker touches only its own copies, but wait so no task outlives the session.
    bootstrap_->watcher.waitForFinished();
}

void ThresholdSession::setScores(ScoreSet set) {
    engine_->reset(std::move(set));
    if (engine_->size() > 0 && !(threshold_ >= minScore() && threshold_ <= maxScore()))
        threshold_ = (minScore() + maxScore()) / 2.0;
    recomputeDerived();
    recomputeAtThreshold();
    Q_EMIT scoresChanged();
    Q_EMIT thresholdChanged(threshold_);
}

void ThresholdSession::clear() { setScores({}); }

int ThresholdSession::sampleCount() const { return int(engine_->size()); }
const ScoreSet& ThresholdSession::scores() const { return engine_->set(); }
double ThresholdSession::minScore() const { return engine_->minScore(); }
double ThresholdSession::maxScore() const { return engine_->maxScore(); }

void ThresholdSession::setTruth(int index, GroundTruth truth) { setTruths({index}, truth); }

void ThresholdSession::setTruths(const QVector<int>& indices, GroundTruth truth) {
    for (int i : indices)
        engine_->setTruth(i, truth);
    engine_->refresh();
    recomputeDerived();
    recomputeAtThreshold();
    Q_EMIT labelsChanged();
}

ThresholdSession::Verdict ThresholdSession::verdictFor(double score) const {
    if (band_.enabled) {
        if (score >= band_.high)
            return Verdict::Fail;
        return score >= band_.low ? Verdict::Review : Verdict::Pass;
    }
    return score >= threshold_ ? Verdict::Fail : Verdict::Pass;
}

ThresholdMetrics ThresholdSession::metricsAt(double threshold) const { return engine_->metricsAt(threshold); }

bool ThresholdSession::intervalsCurrent() const { return intervals_.threshold == threshold_; }

QVector<DefectRecall> ThresholdSession::defectRecall() const { return engine_->defectRecallAt(threshold_); }

qint64 ThresholdSession::reviewCount() const {
    return band_.enabled ? engine_->countInRange(band_.low, band_.high) : 0;
}

void ThresholdSession::setCosts(const CostModel& costs) {
    costs_ = costs;
    suggestions_ = engine_->suggestions(costs_);
    Q_EMIT suggestionsChanged();
}

void ThresholdSession::setThreshold(double value) {
    if (!std::isfinite(value) || value == threshold_)
        return;
    threshold_ = value;
    recomputeAtThreshold();
    Q_EMIT thresholdChanged(threshold_);
}

void ThresholdSession::setReviewBand(const ReviewBand& band) {
    ReviewBand b = band;
    if (b.low > b.high)
        std::swap(b.low, b.high);
    if (b.enabled == band_.enabled && b.low == band_.low && b.high == band_.high)
        return;
    band_ = b;
    Q_EMIT reviewBandChanged();
}

void ThresholdSession::setCommittedThreshold(double value) {
    committed_ = value;
    Q_EMIT committedThresholdChanged(committed_);
}

void ThresholdSession::commit(const QString& note) {
    committed_ = threshold_;
    Q_EMIT committedThresholdChanged(committed_);
    Q_EMIT committed(committed_, note);
}

QVector<VerdictChange> ThresholdSession::changedVerdicts(int limit, qint64* total) const {
    if (!hasCommittedThreshold()) {
        if (total)
            *total = 0;
        return {};
    }
    return engine_->changesBetween(committed_, threshold_, limit, total);
}

void ThresholdSession::recomputeAtThreshold() {
    metrics_ = engine_->metricsAt(threshold_);
    scheduleBootstrap();
}

void ThresholdSession::recomputeDerived() {
    histogram_ = engine_->histogram(kHistogramBins);
    curves_ = engine_->curves(kCurvePoints);
    suggestions_ = engine_->suggestions(costs_);
    Q_EMIT suggestionsChanged();
}

void ThresholdSession::scheduleBootstrap() { bootstrap_->delay.start(); }

void ThresholdSession::startBootstrap() {
    if (bootstrap_->watcher.isRunning()) {
        bootstrap_->pending = true;
        return;
    }
    const ThresholdCounts counts = metrics_.counts;
    const double at = threshold_;
    bootstrap_->watcher.setFuture(QtConcurrent::run([counts, at] {
        ThresholdIntervals r = ThresholdSessionEngine::bootstrap(counts, kBootstrapReplicates,
                                                                 kConfidence, kBootstrapSeed);
        r.threshold = at;
        return r;
    }));
}

} // namespace faultline::core
