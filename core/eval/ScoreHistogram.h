#pragma once
// Score histogram split by label, for the threshold histogram plot. Equal-width bins over
// [lo, hi]; a score equal to hi falls in the last bin. Scores outside an explicit range are
// counted in below/above, not dropped silently; non-finite scores are counted in nonFinite.

#include "core/dataset/Sample.h"

#include <optional>
#include <utility>
#include <vector>

namespace faultline::core {

struct ScoreHistogram {
    double lo = 0.0;
    double hi = 1.0;
    std::vector<qint64> normal;     // per bin
    std::vector<qint64> anomalous;  // per bin
    std::vector<qint64> unknown;    // per bin
    qint64 below = 0;
    qint64 above = 0;
    qint64 nonFinite = 0;

    int binCount() const { return int(normal.size()); }
    double binWidth() const { return binCount() > 0 ? (hi - lo) / binCount() : 0.0; }
    double binLow(int bin) const { return lo + bin * binWidth(); }
    double binCenter(int bin) const { return lo + (bin + 0.5) * binWidth(); }
    int binOf(double score) const; // -1 below range or non-finite, binCount() above range
    qint64 maxBinTotal() const;    // tallest stacked bar, for axis scaling
};

// bins >= 1. Without a range: [min, max] of the finite scores (widened by 0.5 either side
// when they are all equal, [0, 1] when there are none).
ScoreHistogram buildScoreHistogram(const std::vector<double>& scores, const std::vector<GroundTruth>& labels, int bins,
                                   std::optional<std::pair<double, double>> range = std::nullopt);

} // namespace faultline::core
