#pragma once
// A threshold with the sentence that explains it. Score >= value is anomalous.

#include <QString>

#include <cmath>
#include <limits>

namespace faultline::core {

struct ThresholdResult {
    bool defined = false;  // false: value is NaN and explanation says why there is no threshold
    double value = std::numeric_limits<double>::quiet_NaN();
    QString method;        // the spec that produced it, e.g. "percentile:99"
    QString explanation;   // e.g. "99th percentile of 600 normal validation scores (...)"

    // A value that overflowed to +-inf (scores near +-1.8e308) is no threshold: undefined, saying so.
    static ThresholdResult make(const QString& method, double value, const QString& explanation) {
        if (!std::isfinite(value))
            return undefinedBecause(method, QStringLiteral("undefined: overflow (the scores are so large that the "
                                                           "threshold is beyond the range of a double)"));
        return {true, value, method, explanation};
    }
    static ThresholdResult undefinedBecause(const QString& method, const QString& reason) {
        return {false, std::numeric_limits<double>::quiet_NaN(), method, reason};
    }
};

// Number formatting shared by the explanations: 6 significant digits.
inline QString formatNumber(double v) { return QString::number(v, 'g', 6); }
// 0.25 -> "25%", 0.005 -> "0.5%".
inline QString formatPercent(double fraction) { return QString::number(fraction * 100.0, 'g', 4) + QLatin1Char('%'); }

} // namespace faultline::core
