#include "core/eval/PopulationStability.h"

#include "core/threshold/NormalThresholds.h"

#include <algorithm>
#include <cmath>

namespace faultline::core {

std::vector<double> psiBinEdges(std::vector<double> reference, int bins) {
    std::vector<double> edges;
    if (reference.empty() || bins < 2) return edges;
    std::sort(reference.begin(), reference.end());
    for (int k = 1; k < bins; ++k) {
        const double e = quantileSorted(reference, double(k) / double(bins));
        if (edges.empty() || e > edges.back()) edges.push_back(e);
    }
    return edges;
}

std::vector<double> psiBinShares(const std::vector<double>& values, const std::vector<double>& edges) {
    std::vector<double> shares(edges.size() + 1, 0.0);
    if (values.empty()) return shares;
    for (double v : values) {
        // First edge >= v: bins are closed on the right, (e_{i-1}, e_i].
        const auto bin = std::lower_bound(edges.begin(), edges.end(), v) - edges.begin();
        shares[std::size_t(bin)] += 1.0;
    }
    for (double& s : shares) s /= double(values.size());
    return shares;
}

double populationStabilityIndex(const std::vector<double>& referenceShares, const std::vector<double>& sampleShares) {
    double psi = 0.0;
    const std::size_t n = std::min(referenceShares.size(), sampleShares.size());
    for (std::size_t i = 0; i < n; ++i) {
        const double p = referenceShares[i] > 0.0 ? referenceShares[i] : kPsiEmptyShare;
        const double q = sampleShares[i] > 0.0 ? sampleShares[i] : kPsiEmptyShare;
        psi += (q - p) * std::log(q / p);
    }
    return psi;
}

double populationStabilityIndex(const std::vector<double>& reference, const std::vector<double>& sample, int bins) {
    const std::vector<double> edges = psiBinEdges(reference, bins);
    return populationStabilityIndex(psiBinShares(reference, edges), psiBinShares(sample, edges));
}

} // namespace faultline::core
