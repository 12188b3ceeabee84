#pragma once
// Parsing a numeric command-line option with its allowed range, for every subcommand.

#include <QCommandLineParser>
#include <QString>

#include <cmath>
#include <type_traits>

namespace faultline::cli {

// Parses an option as a number in [lo, hi]; false with *error naming the option otherwise.
// An option that is not set leaves *out as it is.
template <typename T>
bool numberOption(const QCommandLineParser& p, const QString& name, T lo, T hi, T* out, QString* error) {
    if (!p.isSet(name)) return true;
    bool ok = false;
    const QString text = p.value(name);
    double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < double(lo) || v > double(hi) ||
        (std::is_integral_v<T> && v != std::floor(v))) {
        *error = QStringLiteral("--%1 %2: expected %3 from %4 to %5")
                     .arg(name, text, std::is_integral_v<T> ? QStringLiteral("a whole number") : QStringLiteral("a number"))
                     .arg(lo)
                     .arg(hi);
        return false;
    }
    *out = T(v);
    return true;
}

} // namespace faultline::cli
