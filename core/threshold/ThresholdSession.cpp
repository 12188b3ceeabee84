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
    : QObject(parent), m_engine(std::make_unique<ThresholdSessionEngine>()),
      m_committed(kNaN), m_intervalsAt(kNaN), m_bootstrap(std::make_unique<Bootstrap>()) {
    m_bootstrap->delay.setSingleShot(true);
    m_bootstrap->delay.setInterval(kBootstrapDelayMs);
    connect(&m_bootstrap->delay, &QTimer::timeout, this, &ThresholdSession::startBootstrap);
    m_suggestionsDelay = new QTimer(this);
    m_suggestionsDelay->setSingleShot(true);
    m_suggestionsDelay->setInterval(kSuggestionsDelayMs);
    connect(m_suggestionsDelay, &QTimer::timeout, this, [this] {
        m_suggestions = m_engine->suggestions(m_costs);
        Q_EMIT suggestionsChanged();
    });
    connect(&m_bootstrap->watcher, &QFutureWatcher<std::pair<double, BootstrapResult>>::finished, this, [this] {
        std::tie(m_intervalsAt, m_intervals) = m_bootstrap->watcher.result();
        if (m_bootstrap->pending) {
            m_bootstrap->pending = false;
            startBootstrap();
        }
        Q_EMIT intervalsChanged();
    });
}

ThresholdSession::~ThresholdSession() {
    // The worker touches only its own copies, but wait so no task outlives the session.
    m_bootstrap->watcher.waitForFinished();
}

void ThresholdSession::setScores(ScoreSet set) {
    m_engine->reset(std::move(set), kHistogramBins);
    const double t = threshold();
    const bool moved = m_engine->size() > 0 && !(t >= minScore() && t <= maxScore());
    if (moved) {
        // The band keeps its width below the new threshold.
        const double width = m_rule.threshold() - m_rule.reviewFrom();
        const double mid = (minScore() + maxScore()) / 2.0;
        m_bandLow = m_rule.hasReviewBand() ? mid - width : m_bandLow;
        bandHigh_ = m_rule.hasReviewBand() ? mid : bandHigh_;
        m_rule = m_rule.hasReviewBand() ? DecisionRule::withReviewBand(mid - width, mid) : DecisionRule(mid);
    }
    recomputeDerived();
    recomputeAtThreshold();
    Q_EMIT scoresChanged();
    if (moved && m_rule.hasReviewBand())
        Q_EMIT reviewBandChanged();
    Q_EMIT thresholdChanged(threshold());
}

void ThresholdSession::clear() { setScores({}); }

int ThresholdSession::sampleCount() const { return int(m_engine->size()); }
const ScoreSet& ThresholdSession::scores() const { return m_engine->set(); }
double ThresholdSession::minScore() const { return m_engine->minScore(); }
double ThresholdSession::maxScore() const { return m_engine->maxScore(); }

void ThresholdSession::setTruth(int index, GroundTruth truth) { setTruths({index}, truth); }

void ThresholdSession::setTruths(const QVector<int>& indices, GroundTruth truth) {
    m_engine->setTruths(indices, truth);
    // Metrics, live curves and histogram follow at once (O(log n) per sample); the method
    // suggestions re-sort the normal scores (O(n log n)), so a burst of label keys recomputes
    // them once, after it.
    m_suggestionsDelay->start();
    recomputeAtThreshold();
    Q_EMIT labelsChanged();
}

ReviewBand ThresholdSession::reviewBand() const {
    if (!m_rule.hasReviewBand()) {
        ReviewBand off;
        off.low = m_bandLow;
        off.high = bandHigh_;
        off.explanation = tr("Review band off: the threshold alone decides.");
        return off;
    }
    return ReviewBand::fromThresholds(m_rule.reviewFrom(), m_rule.threshold());
}

ReviewBand ThresholdSession::suggestReviewBand(double recallTarget, double fprTarget) {
    const ReviewBand band = ReviewBand::fromTargets(m_engine->curve(), recallTarget, fprTarget);
    if (band.defined)
        setReviewBand(band.low, band.high, true);
    return band;
}

const ScoreCurve& ThresholdSession::curve() const { return m_engine->curve(); }
const LiveScoreCurve& ThresholdSession::liveCurve() const { return m_engine->liveCurve(); }
const ScoreHistogram& ThresholdSession::histogram() const { return m_engine->histogram(); }

ThresholdMetrics ThresholdSession::metricsAt(double threshold) const { return m_engine->metricsAt(threshold); }

bool ThresholdSession::intervalsCurrent() const { return m_intervalsAt == threshold(); }

QVector<DefectGroupRates> ThresholdSession::defectRecall() const { return m_engine->defectRatesAt(threshold()); }

qint64 ThresholdSession::reviewCount() const {
    return m_rule.hasReviewBand() ? m_engine->countInRange(m_rule.reviewFrom(), m_rule.threshold()) : 0;
}

void ThresholdSession::setCosts(const CostModel& costs) {
    m_costs = costs;
    m_suggestions = m_engine->suggestions(m_costs);
    Q_EMIT suggestionsChanged();
}

void ThresholdSession::setThreshold(double value) {
    if (!std::isfinite(value) || value == threshold())
        return;
    if (m_rule.hasReviewBand()) {
        bandHigh_ = value;
        m_bandLow = std::min(m_bandLow, value);
        m_rule = DecisionRule::withReviewBand(m_bandLow, value);
    } else {
        m_rule = DecisionRule(value);
    }
    recomputeAtThreshold();
    if (m_rule.hasReviewBand())
        Q_EMIT reviewBandChanged();
    Q_EMIT thresholdChanged(value);
}

void ThresholdSession::setReviewBand(double low, double high, bool enabled) {
    if (!std::isfinite(low) || !std::isfinite(high))
        return;
    if (low > high)
        std::swap(low, high);
    if (enabled == m_rule.hasReviewBand() && low == m_bandLow && high == bandHigh_)
        return;
    m_bandLow = low;
    bandHigh_ = high;
    const double before = threshold();
    m_rule = enabled ? DecisionRule::withReviewBand(low, high) : DecisionRule(before);
    if (threshold() != before)
        recomputeAtThreshold();
    Q_EMIT reviewBandChanged();
    if (threshold() != before)
        Q_EMIT thresholdChanged(threshold());
}

void ThresholdSession::setCommittedThreshold(double value) {
    m_committed = value;
    Q_EMIT committedThresholdChanged(m_committed);
}

void ThresholdSession::commit(const QString& note) {
    m_committed = threshold();
    Q_EMIT committedThresholdChanged(m_committed);
    Q_EMIT committed(m_committed, note);
}

QVector<VerdictChange> ThresholdSession::changedVerdicts(int limit, qint64* total) const {
    if (!hasCommittedThreshold()) {
        if (total)
            *total = 0;
        return {};
    }
    return m_engine->changesBetween(m_committed, threshold(), limit, total);
}

void ThresholdSession::recomputeAtThreshold() {
    m_metrics = m_engine->metricsAt(threshold());
    scheduleBootstrap();
}

void ThresholdSession::recomputeDerived() {
    m_suggestionsDelay->stop();
    m_suggestions = m_engine->suggestions(m_costs);
    Q_EMIT suggestionsChanged();
}

void ThresholdSession::scheduleBootstrap() { m_bootstrap->delay.start(); }

void ThresholdSession::startBootstrap() {
    if (m_bootstrap->watcher.isRunning()) {
        m_bootstrap->pending = true;
        return;
    }
    const Confusion counts = m_metrics.counts;
    const double at = threshold();
    m_bootstrap->watcher.setFuture(QtConcurrent::run([counts, at] {
        BootstrapOptions options;
        options.resamples = kBootstrapResamples;
        options.confidence = kConfidence;
        options.seed = kBootstrapSeed;
        return std::make_pair(at, bootstrapRates(counts, options));
    }));
}

} // namespace faultline::core
