#include "core/eval/KolmogorovSmirnov.h"

#include <algorithm>
#include <cmath>

namespace faultline::core {

double kolmogorovTail(double lambda) {
    if (!(lambda > 0.0)) return 1.0;
    constexpr double kPi = 3.14159265358979323846;
    constexpr int kMaxTerms = 100;
    double sum = 0.0;
    if (lambda < 1.18) {
        // 1 - sqrt(2 pi) / lambda * sum_{j>=1} exp(-(2j-1)^2 pi^2 / (8 lambda^2))
        const double f = -kPi * kPi / (8.0 * lambda * lambda);
        for (int j = 1; j <= kMaxTerms; ++j) {
            const double term = std::exp(f * double(2 * j - 1) * double(2 * j - 1));
            sum += term;
            if (term <= 1e-17 * sum) break;
        }
        return std::clamp(1.0 - std::sqrt(2.0 * kPi) / lambda * sum, 0.0, 1.0);
    }
    const double f = -2.0 * lambda * lambda;
    for (int j = 1; j <= kMaxTerms; ++j) {
        const double term = std::exp(f * double(j) * double(j));
        sum += (j % 2 == 1 ? 2.0 : -2.0) * term;
        if (term <= 1e-17 * std::abs(sum)) break;
    }
    return std::clamp(sum, 0.0, 1.0);
}

KsResult ksTwoSample(std::vector<double> a, std::vector<double> b) {
    KsResult r;
    if (a.empty() || b.empty()) return r;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    const double n = double(a.size()), m = double(b.size());
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        // Step past every value equal to the next smallest one in both samples at once: the
        // cumulative distributions are compared only where both are defined after a tie.
        const double x = std::min(a[i], b[j]);
        while (i < a.size() && a[i] <= x) ++i;
        while (j < b.size() && b[j] <= x) ++j;
        r.d = std::max(r.d, std::abs(double(i) / n - double(j) / m));
    }
    r.effectiveN = n * m / (n + m);
    const double root = std::sqrt(r.effectiveN);
    r.lambda = (root + 0.12 + 0.11 / root) * r.d;
    r.pValue = kolmogorovTail(r.lambda);
    return r;
}

} // namespace faultline::core
