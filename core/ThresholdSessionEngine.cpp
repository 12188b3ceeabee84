#include "core/ThresholdSessionEngine.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace faultline::core {

namespace {
double ratio(qint64 num, qint64 den) {
    return den > 0 ? double(num) / double(den) : std::numeric_limits<double>::quiet_NaN();
}
} // namespace

void ThresholdSessionEngine::reset(ScoreSet set) {
    set_ = std::move(set);
    const size_t n = set_.scores.size();
    if (set_.truths.size() != n)
        set_.truths.resize(n, GroundTruth::Unknown);
    order_.resize(n);
    std::iota(order_.begin(), order_.end(), 0);
    const auto& s = set_.scores;
    std::stable_sort(order_.begin(), order_.end(), [&s](int a, int b) { return s[a] < s[b]; });
    sorted_.resize(n);
    for (size_t k = 0; k < n; ++k)
        sorted_[k] = s[order_[k]];
    refresh();
}

void ThresholdSessionEngine::setTruth(int index, GroundTruth truth) {
    if (index >= 0 && size_t(index) < set_.truths.size())
        set_.truths[index] = truth;
}

void ThresholdSessionEngine::refresh() {
    const size_t n = sorted_.size();
    cumPos_.assign(n + 1, 0);
    cumNeg_.assign(n + 1, 0);
    cumUnl_.assign(n + 1, 0);
    for (size_t k = 0; k < n; ++k) {
        const GroundTruth t = set_.truths[order_[k]];
        cumPos_[k + 1] = cumPos_[k] + (t == GroundTruth::Anomalous);
        cumNeg_[k + 1] = cumNeg_[k] + (t == GroundTruth::Normal);
        cumUnl_[k + 1] = cumUnl_[k] + (t == GroundTruth::Unknown);
    }
    defectScores_.clear();
    const bool haveDefects = set_.defects.size() == qsizetype(n);
    for (size_t k = 0; k < n; ++k) {
        const int i = order_[k];
        if (set_.truths[i] != GroundTruth::Anomalous)
            continue;
        const QString name = haveDefects && !set_.defects[i].isEmpty() ? set_.defects[i]
                                                                        : QStringLiteral("(none)");
        defectScores_[name].push_back(sorted_[k]);  // stays ascending: we walk in sorted order
    }
}

qint64 ThresholdSessionEngine::firstAtOrAbove(double threshold) const {
    return std::lower_bound(sorted_.begin(), sorted_.end(), threshold) - sorted_.begin();
}

ThresholdMetrics ThresholdSessionEngine::metricsAt(double threshold) const {
    ThresholdMetrics m;
    if (sorted_.empty())
        return m;
    const qint64 k = firstAtOrAbove(threshold);
    ThresholdCounts& c = m.counts;
    c.fn = cumPos_[k];
    c.tp = cumPos_.back() - c.fn;
    c.tn = cumNeg_[k];
    c.fp = cumNeg_.back() - c.tn;
    c.unlabelledBelow = cumUnl_[k];
    c.unlabelledAbove = cumUnl_.back() - c.unlabelledBelow;
    m.precision = ratio(c.tp, c.tp + c.fp);
    m.recall = ratio(c.tp, c.tp + c.fn);
    m.fpr = ratio(c.fp, c.fp + c.tn);
    m.accuracy = ratio(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn);
    m.f1 = ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
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

QVector<DefectRecall> ThresholdSessionEngine::defectRecallAt(double threshold) const {
    QVector<DefectRecall> out;
    for (auto it = defectScores_.cbegin(); it != defectScores_.cend(); ++it) {
        const auto& v = it.value();
        DefectRecall r;
        r.defect = it.key();
        r.total = qint64(v.size());
        r.detected = v.end() - std::lower_bound(v.begin(), v.end(), threshold);
        r.recall = ratio(r.detected, r.total);
        out.push_back(r);
    }
    std::sort(out.begin(), out.end(),
              [](const DefectRecall& a, const DefectRecall& b) { return a.defect < b.defect; });
    return out;
}

ScoreHistogram ThresholdSessionEngine::histogram(int bins) const {
    ScoreHistogram h;
    h.normal.fill(0.0, bins);
    h.anomalous.fill(0.0, bins);
    h.unlabelled.fill(0.0, bins);
    if (sorted_.empty())
        return h;
    h.low = sorted_.front();
    h.high = sorted_.back();
    if (!(h.high > h.low)) {  // all scores equal: give the single bar some width
        h.low -= 0.5;
        h.high += 0.5;
    }
    const double scale = bins / (h.high - h.low);
    for (size_t i = 0; i < set_.scores.size(); ++i) {
        const int b = std::clamp(int((set_.scores[i] - h.low) * scale), 0, bins - 1);
        switch (set_.truths[i]) {
        case GroundTruth::Normal: h.normal[b] += 1; break;
        case GroundTruth::Anomalous: h.anomalous[b] += 1; break;
        case GroundTruth::Unknown: h.unlabelled[b] += 1; break;
        }
    }
    return h;
}

} // namespace faultline::core
