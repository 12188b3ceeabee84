#pragma once
// The two-sample Kolmogorov-Smirnov test: the largest gap D between two empirical cumulative
// distributions, and the asymptotic chance of a gap at least that large when both samples come
// from one continuous distribution. Plain functions; O((n + m) log(n + m)).

#include <vector>

namespace faultline::core {

struct KsResult {
    double d = 0.0;          // sup_x |F_a(x) - F_b(x)|, in [0,1]; ties are stepped over together
    double pValue = 1.0;     // Q_KS(lambda), see below; 1 when a sample is empty
    double effectiveN = 0.0; // n m / (n + m)
    double lambda = 0.0;     // (sqrt(Ne) + 0.12 + 0.11 / sqrt(Ne)) * D
};

// Q_KS(lambda) = 2 * sum_{j>=1} (-1)^(j-1) exp(-2 j^2 lambda^2), the Kolmogorov distribution's
// upper tail (for lambda < 1.18 the equivalent theta-function form, which converges fast there).
double kolmogorovTail(double lambda);

// Non-finite values must be removed by the caller. The p-value uses the asymptotic distribution
// with Stephens' small-sample correction of the effective n (as in Numerical Recipes' kstwo),
// so it is approximate for very small samples and conservative when there are many ties.
KsResult ksTwoSample(std::vector<double> a, std::vector<double> b);

} // namespace faultline::core
