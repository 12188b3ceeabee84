#include "core/threshold/ThresholdSession.h"

#include "core/threshold/ThresholdSessionEngine.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>
#include <tuple>

namespace faultline::core {

namespace {
constexpr int kBootstrapDelayMs = 150;  // wait for the threshold to rest before resampling
constexpr quint64 kBootstrapSeed = 42;  // same counts give the same interval every time
constexpr double kConfidence = 0.95;
constexpr int kSuggestionsDelayMs = 200;  // after the last label edit of a burst
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
} // namespace

struct ThresholdSession::Bootstrap {
    QTimer delay;
    QFutureWatcher<std::pair<double, BootstrapResult>> watcher;  // (threshold, result)
    bool pending = false;  // a new request arrived while one was running
};

ThresholdSession::ThresholdSession(QObject* parent)
    : QObject(parent), engine_(std::make_unique<ThresholdSessionEngine>()),
      committed_(kNaN), intervalsAt_(kNaN), bootstrap_(std::make_unique<Bootstrap>()) {
    bootstrap_->delay.setSingleShot(true);
    bootstrap_->delay.setInterval(kBootstrapDelayMs);
    connect(&bootstrap_->delay, &QTimer::timeout, this, &ThresholdSession::startBootstrap);
    suggestionsDelay_ = new QTimer(this);
    suggestionsDelay_->setSingleShot(true);
    suggestionsDelay_->setInterval(kSuggestionsDelayMs);
    connect(suggestionsDelay_, &QTimer::timeout, this, [this] {
        suggestions_ = engine_->suggestions(costs_);
        Q_EMIT suggestionsChanged();
    });
    connect(&bootstrap_->watcher, &QFutureWatcher<std::pair<double, BootstrapResult>>::finished, this, [this] {
        std::tie(intervalsAt_, intervals_) = bootstrap_->watcher.result();
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
    engine_->reset(std::move(set), kHistogramBins);
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
    engine_->setTruths(indices, truth);
    // Metrics, live curves and histogram follow at once (O(log n) per sample); the method
    // suggestions re-sort the normal scores (O(n log n)), so a burst of label keys recomputes
    // them once, after it.
    suggestionsDelay_->start();
    recomputeAtThreshold();
    Q_EMIT labelsChanged();
}

ReviewBand ThresholdSession::reviewBand() const {
    if (!bandEnabled_) {
        ReviewBand off;
        off.low = bandLow_;
        off.high = bandHigh_;
        off.explanation = tr("Review band off: the threshold alone decides.");
        return off;
    }
    return ReviewBand::fromThresholds(bandLow_, bandHigh_);
}

Verdict ThresholdSession::verdictFor(double score) const {
    const ReviewBand band = reviewBand();
    if (band.defined)
        return band.verdict(score);
    return score >= threshold_ ? Verdict::Fail : Verdict::Pass;
}

ReviewBand ThresholdSession::suggestReviewBand(double recallTarget, double fprTarget) {
    const ReviewBand band = ReviewBand::fromTargets(engine_->curve(), recallTarget, fprTarget);
    if (band.defined)
        setReviewBand(band.low, band.high, true);
    return band;
}

const ScoreCurve& ThresholdSession::curve() const { return engine_->curve(); }
const LiveScoreCurve& ThresholdSession::liveCurve() const { return engine_->liveCurve(); }
const ScoreHistogram& ThresholdSession::histogram() const { return engine_->histogram(); }

ThresholdMetrics ThresholdSession::metricsAt(double threshold) const { return engine_->metricsAt(threshold); }

bool ThresholdSession::intervalsCurrent() const { return intervalsAt_ == threshold_; }

QVector<DefectGroupRates> ThresholdSession::defectRecall() const { return engine_->defectRatesAt(threshold_); }

qint64 ThresholdSession::reviewCount() const {
    return bandEnabled_ ? engine_->countInRange(bandLow_, bandHigh_) : 0;
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

void ThresholdSession::setReviewBand(double low, double high, bool enabled) {
    if (!std::isfinite(low) || !std::isfinite(high))
        return;
    if (low > high)
        std::swap(low, high);
    if (enabled == bandEnabled_ && low == bandLow_ && high == bandHigh_)
        return;
    bandEnabled_ = enabled;
    bandLow_ = low;
    bandHigh_ = high;
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
    suggestionsDelay_->stop();
    suggestions_ = engine_->suggestions(costs_);
    Q_EMIT suggestionsChanged();
}

void ThresholdSession::scheduleBootstrap() { bootstrap_->delay.start(); }

void ThresholdSession::startBootstrap() {
    if (bootstrap_->watcher.isRunning()) {
        bootstrap_->pending = true;
        return;
    }
    const Confusion counts = metrics_.counts;
    const double at = threshold_;
    bootstrap_->watcher.setFuture(QtConcurrent::run([counts, at] {
        BootstrapOptions options;
        options.resamples = kBootstrapResamples;
        options.confidence = kConfidence;
        options.seed = kBootstrapSeed;
        return std::make_pair(at, bootstrapRates(counts, options));
    }));
}

} // namespace faultline::core
