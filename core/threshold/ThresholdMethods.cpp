#include "core/threshold/ThresholdMethods.h"

#include <cmath>

namespace faultline::core {

namespace {

struct MethodInfo {
    ThresholdMethod method;
    const char* name;
    bool hasArgument;
    double defaultArgument;
};

constexpr MethodInfo kMethods[] = {
    {ThresholdMethod::MeanSigma, "mean-sigma", true, 3.0},
    {ThresholdMethod::Percentile, "percentile", true, 99.0},
    {ThresholdMethod::Iqr, "iqr", true, 1.5},
    {ThresholdMethod::MaxF1, "max-f1", false, 0.0},
    {ThresholdMethod::FprTarget, "fpr", true, 0.01},
    {ThresholdMethod::RecallTarget, "recall", true, 0.95},
    {ThresholdMethod::MinCost, "min-cost", false, 0.0},
    {ThresholdMethod::Fixed, "value", true, std::numeric_limits<double>::quiet_NaN()},
};

const MethodInfo& info(ThresholdMethod method) {
    for (const MethodInfo& m : kMethods)
        if (m.method == method) return m;
    return kMethods[0];
}

} // namespace

QString ThresholdSpec::text() const {
    const MethodInfo& m = info(method);
    if (!m.hasArgument) return QLatin1String(m.name);
    return QStringLiteral("%1:%2").arg(QLatin1String(m.name), formatNumber(argument));
}

bool ThresholdSpec::usesNormalScores() const {
    return method == ThresholdMethod::MeanSigma || method == ThresholdMethod::Percentile || method == ThresholdMethod::Iqr;
}

bool parseThresholdSpec(const QString& text, ThresholdSpec* spec, QString* error) {
    const QString trimmed = text.trimmed().toLower();
    const int colon = trimmed.indexOf(QLatin1Char(':'));
    const QString name = colon < 0 ? trimmed : trimmed.left(colon);
    const QString argText = colon < 0 ? QString() : trimmed.mid(colon + 1);
    for (const MethodInfo& m : kMethods) {
        if (name != QLatin1String(m.name)) continue;
        ThresholdSpec parsed;
        parsed.method = m.method;
        parsed.argument = m.defaultArgument;
        if (!m.hasArgument && colon >= 0) {
            if (error) *error = QStringLiteral("threshold method '%1' takes no argument").arg(name);
            return false;
        }
        if (m.hasArgument && colon >= 0) {
            bool ok = false;
            parsed.argument = argText.toDouble(&ok);
            if (!ok || !std::isfinite(parsed.argument)) {
                if (error) *error = QStringLiteral("threshold '%1': '%2' is not a number").arg(text.trimmed(), argText);
                return false;
            }
        } else if (m.hasArgument && std::isnan(m.defaultArgument)) {
            if (error) *error = QStringLiteral("threshold method '%1' needs a value, e.g. %1:0.5").arg(name);
            return false;
        }
        *spec = parsed;
        return true;
    }
    if (error)
        *error = QStringLiteral("unknown threshold method '%1' (known: mean-sigma[:k], percentile[:p], iqr[:m], "
                                "max-f1, fpr[:target], recall[:target], min-cost, value:x)")
                     .arg(name);
    return false;
}

ThresholdResult computeThreshold(const ThresholdSpec& spec, const ThresholdInputs& inputs) {
    const ScoreCurve empty;
    const ScoreCurve& curve = inputs.labelled ? *inputs.labelled : empty;
    switch (spec.method) {
    case ThresholdMethod::MeanSigma: return meanPlusKSigma(inputs.normalValidation, spec.argument);
    case ThresholdMethod::Percentile: return percentileThreshold(inputs.normalValidation, spec.argument);
    case ThresholdMethod::Iqr: return iqrFence(inputs.normalValidation, spec.argument);
    case ThresholdMethod::MaxF1: return maxF1Threshold(curve);
    case ThresholdMethod::FprTarget: return fprTargetThreshold(curve, spec.argument);
    case ThresholdMethod::RecallTarget: return recallTargetThreshold(curve, spec.argument);
    case ThresholdMethod::MinCost: return minCostThreshold(curve, inputs.costs);
    case ThresholdMethod::Fixed:
        return ThresholdResult::make(spec.text(), spec.argument,
                                     QStringLiteral("fixed threshold %1 given by the user").arg(formatNumber(spec.argument)));
    }
    return ThresholdResult::undefinedBecause(spec.text(), QStringLiteral("undefined: unknown method"));
}

QVector<ThresholdSpec> standardThresholdSpecs() {
    return {
        {ThresholdMethod::MeanSigma, 3.0},      {ThresholdMethod::Percentile, 99.0},
        {ThresholdMethod::Percentile, 99.5},    {ThresholdMethod::Iqr, 1.5},
        {ThresholdMethod::Iqr, 3.0},            {ThresholdMethod::MaxF1, 0.0},
        {ThresholdMethod::FprTarget, 0.01},     {ThresholdMethod::RecallTarget, 0.95},
        {ThresholdMethod::MinCost, 0.0},
    };
}

} // namespace faultline::core
