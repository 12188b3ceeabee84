#include "core/ThresholdSessionEngine.h"

#include "core/NormalThresholds.h"

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

void ThresholdSessionEngine::reset(ScoreSet set) {
    set_ = std::move(set);
    const size_t n = set_.scores.size();
    if (set_.truths.size() != n)
        set_.truths.resize(n, GroundTruth::Unknown);
    curve_ = ScoreCurve(set_.scores, set_.truths);
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
    rebuildLabelIndex();
}

void ThresholdSessionEngine::setTruths(const QVector<int>& indices, GroundTruth truth) {
    std::vector<std::pair<int, GroundTruth>> changes;
    for (int i : indices) {
        if (i < 0 || size_t(i) >= set_.truths.size())
            continue;
        set_.truths[i] = truth;
        changes.emplace_back(i, truth);
    }
    curve_.setLabels(changes);
    rebuildLabelIndex();
}

void ThresholdSessionEngine::rebuildLabelIndex() {
    cumUnl_.assign(sorted_.size() + 1, 0);
    for (size_t k = 0; k < sorted_.size(); ++k)
        cumUnl_[k + 1] = cumUnl_[k] + (set_.truths[order_[k]] == GroundTruth::Unknown);
    anomalous_.clear();
    const bool haveDefects = set_.defects.size() == qsizetype(set_.scores.size());
    for (int i : order_) {
        if (set_.truths[i] != GroundTruth::Anomalous)
            continue;
        ScoreRecord r;
        r.label = GroundTruth::Anomalous;
        r.score = set_.scores[i];
        r.defect = haveDefects ? set_.defects[i] : QString();
        anomalous_.push_back(r);
    }
}

qint64 ThresholdSessionEngine::firstAtOrAbove(double threshold) const {
    return std::lower_bound(sorted_.begin(), sorted_.end(), threshold) - sorted_.begin();
}

ThresholdMetrics ThresholdSessionEngine::metricsAt(double threshold) const {
    ThresholdMetrics m;
    const Confusion c = curve_.confusionAt(threshold);
    m.counts = c;
    if (!sorted_.empty()) {
        const qint64 k = firstAtOrAbove(threshold);
        m.unlabelledBelow = cumUnl_[k];
        m.unlabelledAbove = cumUnl_.back() - m.unlabelledBelow;
    }
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

ScoreHistogram ThresholdSessionEngine::histogram(int bins) const {
    return buildScoreHistogram(set_.scores, set_.truths, bins);
}

QVector<ThresholdSuggestion> ThresholdSessionEngine::suggestions(const CostModel& costs) const {
    ThresholdInputs inputs;
    inputs.labelled = &curve_;
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
