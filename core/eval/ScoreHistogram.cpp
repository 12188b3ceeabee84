#include "core/eval/ScoreHistogram.h"

#include <algorithm>
#include <cmath>

namespace faultline::core {

int ScoreHistogram::binOf(double score) const {
    if (!std::isfinite(score) || score < lo) return -1;
    if (score > hi) return binCount();
    if (score == hi) return binCount() - 1;
    const int bin = int((score - lo) / binWidth());
    return std::clamp(bin, 0, binCount() - 1); // guards rounding at the upper edge
}

qint64 ScoreHistogram::maxBinTotal() const {
    qint64 best = 0;
    for (int i = 0; i < binCount(); ++i)
        best = std::max(best, normal[std::size_t(i)] + anomalous[std::size_t(i)] + unknown[std::size_t(i)]);
    return best;
}

ScoreHistogram buildScoreHistogram(const std::vector<double>& scores, const std::vector<GroundTruth>& labels, int bins,
                                   std::optional<std::pair<double, double>> range) {
    ScoreHistogram h;
    bins = std::max(1, bins);
    h.normal.assign(std::size_t(bins), 0);
    h.anomalous.assign(std::size_t(bins), 0);
    h.unknown.assign(std::size_t(bins), 0);
    if (range && std::isfinite(range->first) && std::isfinite(range->second) && range->first < range->second) {
        h.lo = range->first;
        h.hi = range->second;
    } else {
        double lo = std::numeric_limits<double>::infinity();
        double hi = -lo;
        for (double s : scores)
            if (std::isfinite(s)) {
                lo = std::min(lo, s);
                hi = std::max(hi, s);
            }
        if (lo > hi) {
            lo = 0.0;
            hi = 1.0;
        } else if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        h.lo = lo;
        h.hi = hi;
    }
    const std::size_t n = std::min(scores.size(), labels.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(scores[i])) {
            ++h.nonFinite;
            continue;
        }
        const int bin = h.binOf(scores[i]);
        if (bin < 0) {
            ++h.below;
            continue;
        }
        if (bin >= bins) {
            ++h.above;
            continue;
        }
        switch (labels[i]) {
        case GroundTruth::Normal: ++h.normal[std::size_t(bin)]; break;
        case GroundTruth::Anomalous: ++h.anomalous[std::size_t(bin)]; break;
        case GroundTruth::Unknown: ++h.unknown[std::size_t(bin)]; break;
        }
    }
    return h;
}

} // namespace faultline::core
