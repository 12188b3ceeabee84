#include "core/threshold/ThresholdSessionEngine.h"

#include "core/threshold/NormalThresholds.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace faultline::core {

namespace {
double rateOrNaN(bool defined, double value) {
    return defined ? value : std::numeric_limits<double>::quiet_NaN();
}

QString titleFor(const ThresholdSpec& spec) {
    switch (spec.method) {
    case ThresholdMethod::MeanSigma: return QStringLiteral("Mean + %1σ").arg(formatNumber(spec.argument));
    case ThresholdMethod::Percentile: return QStringLiteral("%1 percentile").arg(ordinal(spec.argument));
    case ThresholdMethod::Iqr: return QStringLiteral("IQR fence ×%1").arg(formatNumber(spec.argument));
    case ThresholdMethod::MaxF1: return QStringLiteral("Best F1");
    case ThresholdMethod::FprTarget: return QStringLiteral("FPR ≤ %1").arg(formatPercent(spec.argument));
    case ThresholdMethod::RecallTarget: return QStringLiteral("Recall ≥ %1").arg(formatPercent(spec.argument));
    case ThresholdMethod::MinCost: return QStringLiteral("Minimum cost");
    case ThresholdMethod::Fixed: return QStringLiteral("Fixed %1").arg(formatNumber(spec.argument));
    }
    return spec.text();
}
} // namespace

void ThresholdSessionEngine::reset(ScoreSet set, int histogramBins) {
    m_set = std::move(set);
    const size_t n = m_set.scores.size();
    if (m_set.truths.size() != n)
        m_set.truths.resize(n, GroundTruth::Unknown);
    m_curve = ScoreCurve(m_set.scores, m_set.truths);
    m_curveBehind.clear();
    m_live = LiveScoreCurve(m_set.scores, m_set.truths);
    m_histogram = buildScoreHistogram(m_set.scores, m_set.truths, histogramBins);
    m_order.clear();
    m_order.reserve(n);
    for (size_t i = 0; i < n; ++i)
        if (std::isfinite(m_set.scores[i]))  // as ScoreCurve: non-finite scores count nowhere
            m_order.push_back(int(i));
    const auto& s = m_set.scores;
    std::stable_sort(m_order.begin(), m_order.end(), [&s](int a, int b) { return s[a] < s[b]; });
    m_sorted.resize(m_order.size());
    for (size_t k = 0; k < m_order.size(); ++k)
        m_sorted[k] = s[m_order[k]];
    m_anomalous.clear();
    m_anomalousIndex.clear();
    m_anomalousSlot.assign(n, -1);
    for (int i : m_order)
        if (m_set.truths[i] == GroundTruth::Anomalous)
            addAnomalous(i);
}

void ThresholdSessionEngine::setTruths(const QVector<int>& indices, GroundTruth truth) {
    for (int i : indices) {
        if (i < 0 || size_t(i) >= m_set.truths.size() || m_set.truths[i] == truth)
            continue;
        const GroundTruth before = m_set.truths[i];
        m_set.truths[i] = truth;
        m_curveBehind.emplace_back(i, truth);
        if (!std::isfinite(m_set.scores[i]))
            continue;  // counted nowhere but in the histogram's non-finite total
        m_live.setLabel(i, truth);
        countInHistogram(i, before, -1);
        countInHistogram(i, truth, +1);
        if (before == GroundTruth::Anomalous)
            removeAnomalous(i);
        if (truth == GroundTruth::Anomalous)
            addAnomalous(i);
    }
}

const ScoreCurve& ThresholdSessionEngine::curve() const {
    if (!m_curveBehind.empty()) {
        m_curve.setLabels(m_curveBehind);
        m_curveBehind.clear();
    }
    return m_curve;
}

void ThresholdSessionEngine::countInHistogram(int index, GroundTruth truth, int delta) {
    const int bin = m_histogram.binOf(m_set.scores[size_t(index)]);
    if (bin < 0 || bin >= m_histogram.binCount())
        return;  // below/above totals do not depend on the label
    std::vector<qint64>& counts = truth == GroundTruth::Anomalous ? m_histogram.anomalous
                                  : truth == GroundTruth::Normal  ? m_histogram.normal
                                                                  : m_histogram.unknown;
    counts[size_t(bin)] += delta;
}

void ThresholdSessionEngine::addAnomalous(int index) {
    ScoreRecord r;
    r.label = GroundTruth::Anomalous;
    r.score = m_set.scores[size_t(index)];
    if (m_set.defects.size() == qsizetype(m_set.scores.size()))
        r.defect = m_set.defects[index];
    m_anomalousSlot[size_t(index)] = int(m_anomalous.size());
    m_anomalous.push_back(r);
    m_anomalousIndex.push_back(index);
}

void ThresholdSessionEngine::removeAnomalous(int index) {
    const int slot = m_anomalousSlot[size_t(index)];
    if (slot < 0)
        return;
    // Move the last entry into the hole: O(1), order is irrelevant to per-defect recall.
    const int last = int(m_anomalous.size()) - 1;
    if (slot != last) {
        m_anomalous[slot] = m_anomalous[last];
        m_anomalousIndex[size_t(slot)] = m_anomalousIndex[size_t(last)];
        m_anomalousSlot[size_t(m_anomalousIndex[size_t(slot)])] = slot;
    }
    m_anomalous.removeLast();
    m_anomalousIndex.pop_back();
    m_anomalousSlot[size_t(index)] = -1;
}

qint64 ThresholdSessionEngine::firstAtOrAbove(double threshold) const {
    return std::lower_bound(m_sorted.begin(), m_sorted.end(), threshold) - m_sorted.begin();
}

ThresholdMetrics ThresholdSessionEngine::metricsAt(double threshold) const {
    ThresholdMetrics m;
    const Confusion c = m_live.confusionAt(threshold);
    m.counts = c;
    m.unlabelledAbove = m_live.unlabelledAtOrAbove(threshold);
    m.unlabelledBelow = m_live.unlabelled() - m.unlabelledAbove;
    m.precision = rateOrNaN(c.hasFlagged(), c.precision());
    m.recall = rateOrNaN(c.hasPositives(), c.recall());
    m.fpr = rateOrNaN(c.hasNegatives(), c.fpr());
    m.accuracy = rateOrNaN(c.total() > 0, c.accuracy());
    m.f1 = rateOrNaN(c.tp + c.fp + c.fn > 0, c.f1());
    return m;
}

qint64 ThresholdSessionEngine::countInRange(double low, double high) const {
    if (!(high > low))
        return 0;
    return firstAtOrAbove(high) - firstAtOrAbove(low);
}

QVector<VerdictChange> ThresholdSessionEngine::changesBetween(double a, double b, int limit,
                                                               qint64* total) const {
    QVector<VerdictChange> out;
    const double lo = std::min(a, b), hi = std::max(a, b);
    // Scores in [lo, hi) are anomalous at lo and normal at hi.
    const qint64 begin = firstAtOrAbove(lo), end = firstAtOrAbove(hi);
    if (total)
        *total = std::max<qint64>(0, end - begin);
    const bool nowAnomalous = b < a;  // moving down flags more samples
    for (qint64 k = begin; k < end && out.size() < limit; ++k)
        out.push_back({m_order[k], m_sorted[k], nowAnomalous});
    return out;
}

QVector<DefectGroupRates> ThresholdSessionEngine::defectRatesAt(double threshold) const {
    // Only anomalous rows are passed: recall per group needs nothing else, and it keeps
    // this O(anomalies) per refresh instead of O(n).
    return perDefectRates(m_anomalous, threshold);
}

QVector<ThresholdSuggestion> ThresholdSessionEngine::suggestions(const CostModel& costs) const {
    ThresholdInputs inputs;
    inputs.labelled = &curve();
    inputs.costs = costs;
    inputs.normalValidation = m_set.calibration;
    if (inputs.normalValidation.empty())
        for (size_t i = 0; i < m_set.scores.size(); ++i)
            if (m_set.truths[i] == GroundTruth::Normal && std::isfinite(m_set.scores[i]))
                inputs.normalValidation.push_back(m_set.scores[i]);
    QVector<ThresholdSuggestion> out;
    for (const ThresholdSpec& spec : standardThresholdSpecs())
        out.push_back({spec, spec.text(), titleFor(spec), computeThreshold(spec, inputs)});
    return out;
}

} // namespace faultline::core
