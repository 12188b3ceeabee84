#include "core/threshold/NormalThresholds.h"

#include <algorithm>
#include <cmath>

namespace faultline::core {

namespace {

// Shared checks; returns an empty string when the scores can calibrate a threshold.
QString unusableReason(const std::vector<double>& scores) {
    if (scores.empty()) return QStringLiteral("undefined: there are no normal validation scores");
    for (double s : scores)
        if (!std::isfinite(s)) return QStringLiteral("undefined: a normal validation score is not finite");
    const auto [lo, hi] = std::minmax_element(scores.begin(), scores.end());
    if (*lo == *hi) {
        return QStringLiteral("undefined: all %1 normal validation scores equal %2, so there is no spread to "
                              "calibrate on and a threshold there would flag every one of them")
            .arg(scores.size()).arg(formatNumber(*lo));
    }
    return QString();
}

QString countText(std::size_t n) { return QStringLiteral("%1 normal validation scores").arg(n); }

} // namespace

double quantileSorted(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
    const double h = (double(sorted.size()) - 1.0) * std::clamp(q, 0.0, 1.0);
    const std::size_t lo = std::size_t(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    // Weighted sum, not lo + t * (hi - lo): the difference of two huge scores overflows.
    const double t = h - double(lo);
    return t == 0.0 ? sorted[lo] : sorted[lo] * (1.0 - t) + sorted[hi] * t;
}

QString ordinal(double value) {
    const QString number = QString::number(value, 'g', 6);
    if (value != std::floor(value) || std::abs(value) > 1e15) return number + QStringLiteral("th");
    const long long n = std::llabs(static_cast<long long>(value));
    if (n % 100 >= 11 && n % 100 <= 13) return number + QStringLiteral("th");
    switch (n % 10) {
    case 1: return number + QStringLiteral("st");
    case 2: return number + QStringLiteral("nd");
    case 3: return number + QStringLiteral("rd");
    default: return number + QStringLiteral("th");
    }
}

ThresholdResult meanPlusKSigma(const std::vector<double>& scores, double k) {
    const QString method = QStringLiteral("mean-sigma:%1").arg(formatNumber(k));
    if (!std::isfinite(k)) return ThresholdResult::undefinedBecause(method, QStringLiteral("undefined: k must be a finite number"));
    const QString reason = unusableReason(scores);
    if (!reason.isEmpty()) return ThresholdResult::undefinedBecause(method, reason);
    long double sum = 0;
    for (double s : scores) sum += s;
    const long double mean = sum / scores.size();
    long double squares = 0;
    for (double s : scores) squares += (s - mean) * (s - mean);
    const double sigma = double(std::sqrt(squares / scores.size()));
    const double value = double(mean) + k * sigma;
    return ThresholdResult::make(method, value,
                                 QStringLiteral("mean + %1 sigma of %2 (mean %3, sigma %4, population standard deviation)")
                                     .arg(formatNumber(k), countText(scores.size()), formatNumber(double(mean)),
                                          formatNumber(sigma)));
}

ThresholdResult percentileThreshold(const std::vector<double>& scores, double p) {
    const QString method = QStringLiteral("percentile:%1").arg(formatNumber(p));
    if (!(p >= 0.0 && p <= 100.0))
        return ThresholdResult::undefinedBecause(method, QStringLiteral("undefined: the percentile must be between 0 and 100"));
    const QString reason = unusableReason(scores);
    if (!reason.isEmpty()) return ThresholdResult::undefinedBecause(method, reason);
    std::vector<double> sorted = scores;
    std::sort(sorted.begin(), sorted.end());
    const double value = quantileSorted(sorted, p / 100.0);
    QString explanation = QStringLiteral("%1 percentile of %2 (linear interpolation between order statistics)")
                              .arg(ordinal(p), countText(scores.size()));
    // Too few scores to resolve this tail: the value only interpolates the two highest.
    if (p < 100.0 && (double(scores.size()) - 1.0) * p / 100.0 > double(scores.size()) - 2.0)
        explanation += QStringLiteral("; with only %1 scores it lies between the two highest").arg(scores.size());
    return ThresholdResult::make(method, value, explanation);
}

ThresholdResult iqrFence(const std::vector<double>& scores, double m) {
    const QString method = QStringLiteral("iqr:%1").arg(formatNumber(m));
    if (!std::isfinite(m)) return ThresholdResult::undefinedBecause(method, QStringLiteral("undefined: m must be a finite number"));
    const QString reason = unusableReason(scores);
    if (!reason.isEmpty()) return ThresholdResult::undefinedBecause(method, reason);
    std::vector<double> sorted = scores;
    std::sort(sorted.begin(), sorted.end());
    const double q1 = quantileSorted(sorted, 0.25);
    const double q3 = quantileSorted(sorted, 0.75);
    const double iqr = q3 - q1;
    if (!std::isfinite(iqr) || !std::isfinite(q3 + m * iqr))
        return ThresholdResult::undefinedBecause(
            method, QStringLiteral("undefined: overflow (Q1 %1 and Q3 %2 are so far apart that Q3 + %3 x IQR is beyond "
                                   "the range of a double)")
                        .arg(formatNumber(q1), formatNumber(q3), formatNumber(m)));
    QString explanation = QStringLiteral("Q3 + %1 x IQR of %2 (Q1 %3, Q3 %4, IQR %5)")
                              .arg(formatNumber(m), countText(scores.size()), formatNumber(q1), formatNumber(q3),
                                   formatNumber(iqr));
    if (iqr == 0.0)
        explanation += QStringLiteral("; the middle half of the scores are equal, so the fence sits at Q3");
    return ThresholdResult::make(method, q3 + m * iqr, explanation);
}

} // namespace faultline::core
