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
    set_ = std::move(set);
    const size_t n = set_.scores.size();
    if (set_.truths.size() != n)
        set_.truths.resize(n, GroundTruth::Unknown);
    curve_ = ScoreCurve(set_.scores, set_.truths);
    curveBehind_.clear();
    live_ = LiveScoreCurve(set_.scores, set_.truths);
    histogram_ = buildScoreHistogram(set_.scores, set_.truths, histogramBins);
    order_.clear();
    order_.reserve(n);
    for (size_t i = 0; i < n; ++i)
        if (std::isfinite(set_.scores[i]))  // as ScoreCurve: non-finite scores count nowhere
            order_.push_back(int(i));
    const auto& s = set_.scores;
    std::stable_sort(order_.begin(), order_.end(), [&s](int a, int b) { return s[a] < s[b]; });
    sorted_.resize(order_.size());
    for (size_t k = 0; k < order_.size(); ++k)
        sorted_[k] = s[order_[k]];
    anomalous_.clear();
    anomalousIndex_.clear();
    anomalousSlot_.assign(n, -1);
    for (int i : order_)
        if (set_.truths[i] == GroundTruth::Anomalous)
            addAnomalous(i);
}

void ThresholdSessionEngine::setTruths(const QVector<int>& indices, GroundTruth truth) {
    for (int i : indices) {
        if (i < 0 || size_t(i) >= set_.truths.size() || set_.truths[i] == truth)
            continue;
        const GroundTruth before = set_.truths[i];
        set_.truths[i] = truth;
        curveBehind_.emplace_back(i, truth);
        if (!std::isfinite(set_.scores[i]))
            continue;  // counted nowhere but in the histogram's non-finite total
        live_.setLabel(i, truth);
        countInHistogram(i, before, -1);
        countInHistogram(i, truth, +1);
        if (before == GroundTruth::Anomalous)
            removeAnomalous(i);
        if (truth == GroundTruth::Anomalous)
            addAnomalous(i);
    }
}

const ScoreCurve& ThresholdSessionEngine::curve() const {
    if (!curveBehind_.empty()) {
        curve_.setLabels(curveBehind_);
        curveBehind_.clear();
    }
    return curve_;
}

void ThresholdSessionEngine::countInHistogram(int index, GroundTruth truth, int delta) {
    const int bin = histogram_.binOf(set_.scores[size_t(index)]);
    if (bin < 0 || bin >= histogram_.binCount())
        return;  // below/above totals do not depend on the label
    std::vector<qint64>& counts = truth == GroundTruth::Anomalous ? histogram_.anomalous
                                  : truth == GroundTruth::Normal  ? histogram_.normal
                                                                  : histogram_.unknown;
    counts[size_t(bin)] += delta;
}

void ThresholdSessionEngine::addAnomalous(int index) {
    ScoreRecord r;
    r.label = GroundTruth::Anomalous;
    r.score = set_.scores[size_t(index)];
    if (set_.defects.size() == qsizetype(set_.scores.size()))
        r.defect = set_.defects[index];
    anomalousSlot_[size_t(index)] = int(anomalous_.size());
    anomalous_.push_back(r);
    anomalousIndex_.push_back(index);
}

void ThresholdSessionEngine::removeAnomalous(int index) {
    const int slot = anomalousSlot_[size_t(index)];
    if (slot < 0)
        return;
    // Move the last entry into the hole: O(1), order is irrelevant to per-defect recall.
    const int last = int(anomalous_.size()) - 1;
    if (slot != last) {
        anomalous_[slot] = anomalous_[last];
        anomalousIndex_[size_t(slot)] = anomalousIndex_[size_t(last)];
        anomalousSlot_[size_t(anomalousIndex_[size_t(slot)])] = slot;
    }
    anomalous_.removeLast();
    anomalousIndex_.pop_back();
    anomalousSlot_[size_t(index)] = -1;
}

qint64 ThresholdSessionEngine::firstAtOrAbove(double threshold) const {
    return std::lower_bound(sorted_.begin(), sorted_.end(), threshold) - sorted_.begin();
}

ThresholdMetrics ThresholdSessionEngine::metricsAt(double threshold) const {
    ThresholdMetrics m;
    const Confusion c = live_.confusionAt(threshold);
    m.counts = c;
    m.unlabelledAbove = live_.unlabelledAtOrAbove(threshold);
    m.unlabelledBelow = live_.unlabelled() - m.unlabelledAbove;
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
        out.push_back({order_[k], sorted_[k], nowAnomalous});
    return out;
}

QVector<DefectGroupRates> ThresholdSessionEngine::defectRatesAt(double threshold) const {
    // Only anomalous rows are passed: recall per group needs nothing else, and it keeps
    // this O(anomalies) per refresh instead of O(n).
    return perDefectRates(anomalous_, threshold);
}

QVector<ThresholdSuggestion> ThresholdSessionEngine::suggestions(const CostModel& costs) const {
    ThresholdInputs inputs;
    inputs.labelled = &curve();
    inputs.costs = costs;
    inputs.normalValidation = set_.calibration;
    if (inputs.normalValidation.empty())
        for (size_t i = 0; i < set_.scores.size(); ++i)
            if (set_.truths[i] == GroundTruth::Normal && std::isfinite(set_.scores[i]))
                inputs.normalValidation.push_back(set_.scores[i]);
    QVector<ThresholdSuggestion> out;
    for (const ThresholdSpec& spec : standardThresholdSpecs())
        out.push_back({spec, spec.text(), titleFor(spec), computeThreshold(spec, inputs)});
    return out;
}

} // namespace faultline::core
