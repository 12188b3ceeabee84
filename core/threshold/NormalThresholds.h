#pragma once
// Thresholds calibrated on normal validation scores only (no labels needed).
// Undefined, with the reason, for empty input, a non-finite score, or all scores equal (a
// threshold at that one value would flag every validation image).

#include "core/threshold/ThresholdResult.h"

#include <vector>

namespace faultline::core {

// mean + k * sigma, sigma the population standard deviation (divides by n, as numpy.std).
ThresholdResult meanPlusKSigma(const std::vector<double>& normalScores, double k);
// p-th percentile, p in [0, 100], linear interpolation between order statistics:
// h = (n - 1) * p / 100, value = x[floor h] + (h - floor h) * (x[floor h + 1] - x[floor h])
// (numpy.percentile's default, Hyndman & Fan type 7).
ThresholdResult percentileThreshold(const std::vector<double>& normalScores, double p);
// Tukey fence Q3 + m * (Q3 - Q1), quartiles by the same interpolation.
ThresholdResult iqrFence(const std::vector<double>& normalScores, double m);

// Type-7 quantile of already sorted values, q in [0, 1]; NaN when empty.
double quantileSorted(const std::vector<double>& sorted, double q);
// "1st", "2nd", "3rd", "11th", "99th", "99.5th".
QString ordinal(double value);

} // namespace faultline::core
