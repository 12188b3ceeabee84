#pragma once
// The population stability index (PSI) of a sample against a reference, over bins fixed from
// the reference alone. Plain functions.
//
// Bins: the reference's quantiles at 1/k, 2/k, ..., (k-1)/k (linear interpolation, as
// core::quantileSorted) are the edges, repeated edges merged, so bin i is (e_{i-1}, e_i] with
// e_0 = -inf and e_k = +inf; a reference with many ties (or one value) has fewer bins.
// PSI = sum_i (q_i - p_i) ln(q_i / p_i), p_i the reference's share of bin i and q_i the sample's;
// a share of 0 is replaced by kPsiEmptyShare (shares are not renormalised), so an empty bin adds
// a large but finite term. By the usual convention PSI < 0.1 is no shift, 0.1-0.25 a moderate
// one and > 0.25 a significant shift.

#include <vector>

namespace faultline::core {

constexpr double kPsiEmptyShare = 1e-4;  // stands in for a bin share of 0
constexpr int kPsiDefaultBins = 10;      // reference deciles

// Ascending inner edges (at most bins - 1); empty when the reference is empty.
std::vector<double> psiBinEdges(std::vector<double> reference, int bins = kPsiDefaultBins);
// Share of the values in each of edges.size() + 1 bins (all 0 when values is empty).
std::vector<double> psiBinShares(const std::vector<double>& values, const std::vector<double>& edges);
double populationStabilityIndex(const std::vector<double>& referenceShares, const std::vector<double>& sampleShares);
// psiBinEdges from the reference, then the index of sample against it.
double populationStabilityIndex(const std::vector<double>& reference, const std::vector<double>& sample,
                                int bins);

} // namespace faultline::core
