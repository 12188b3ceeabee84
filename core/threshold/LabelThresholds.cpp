#include "core/threshold/LabelThresholds.h"

#include <cmath>

namespace faultline::core {

namespace {

constexpr double kRateSlack = 1e-12; // tolerance when comparing a count ratio with a target

QString labelledText(const ScoreCurve& curve) {
    return QStringLiteral("%1 labelled scores (%2 anomalous, %3 normal)")
        .arg(curve.labelledCount()).arg(curve.positives()).arg(curve.negatives());
}

QString ratesText(const Confusion& c) {
    return QStringLiteral("recall %1, FPR %2, precision %3")
        .arg(formatPercent(c.recall()), formatPercent(c.fpr()), formatPercent(c.precision()));
}

} // namespace

QString labelProblem(const ScoreCurve& curve, bool needPositives, bool needNegatives) {
    if (curve.labelledCount() == 0) return QStringLiteral("undefined: there are no labelled scores");
    if (curve.labelledCount() == 1)
        return QStringLiteral("undefined: there is only one labelled score (%1)").arg(formatNumber(curve.levelScore(0)));
    if (needPositives && curve.positives() == 0)
        return QStringLiteral("undefined: none of the %1 labelled scores is anomalous").arg(curve.labelledCount());
    if (needNegatives && curve.negatives() == 0)
        return QStringLiteral("undefined: none of the %1 labelled scores is normal").arg(curve.labelledCount());
    if (curve.levelCount() == 1)
        return QStringLiteral("undefined: all %1 labelled scores equal %2, so no threshold separates them")
            .arg(curve.labelledCount()).arg(formatNumber(curve.levelScore(0)));
    return QString();
}

ThresholdResult maxF1Threshold(const ScoreCurve& curve) {
    const QString method = QStringLiteral("max-f1");
    const QString problem = labelProblem(curve, true, false);
    if (!problem.isEmpty()) return ThresholdResult::undefinedBecause(method, problem);
    const F1Max best = *curve.f1Max();
    return ThresholdResult::make(method, best.threshold,
                                 QStringLiteral("highest F1 (%1: %2) on %3")
                                     .arg(formatNumber(best.f1), ratesText(best.confusion), labelledText(curve)));
}

ThresholdResult fprTargetThreshold(const ScoreCurve& curve, double target) {
    const QString method = QStringLiteral("fpr:%1").arg(formatNumber(target));
    if (!(target >= 0.0 && target < 1.0))
        return ThresholdResult::undefinedBecause(method, QStringLiteral("undefined: the FPR target must be in [0, 1)"));
    const QString problem = labelProblem(curve, false, true);
    if (!problem.isEmpty()) return ThresholdResult::undefinedBecause(method, problem);
    // FPR only grows as the threshold falls: take the deepest level still within the target.
    const double allowed = target * double(curve.negatives()) * (1.0 + kRateSlack);
    int best = -1;
    for (int k = 0; k < curve.levelCount(); ++k) {
        if (double(curve.confusionAtLevel(k).fp) > allowed) break;
        best = k;
    }
    if (best < 0)
        return ThresholdResult::undefinedBecause(
            method, QStringLiteral("undefined: no observed score keeps the FPR at or under %1; the highest-scoring "
                                   "labelled sample (%2) is already normal")
                        .arg(formatPercent(target), formatNumber(curve.levelScore(0))));
    const Confusion c = curve.confusionAtLevel(best);
    return ThresholdResult::make(method, curve.levelScore(best),
                                 QStringLiteral("lowest threshold keeping the FPR at or under %1 (%2) on %3")
                                     .arg(formatPercent(target), ratesText(c), labelledText(curve)));
}

ThresholdResult recallTargetThreshold(const ScoreCurve& curve, double target) {
    const QString method = QStringLiteral("recall:%1").arg(formatNumber(target));
    if (!(target > 0.0 && target <= 1.0))
        return ThresholdResult::undefinedBecause(method, QStringLiteral("undefined: the recall target must be in (0, 1]"));
    const QString problem = labelProblem(curve, true, false);
    if (!problem.isEmpty()) return ThresholdResult::undefinedBecause(method, problem);
    const double needed = target * double(curve.positives()) * (1.0 - kRateSlack);
    for (int k = 0; k < curve.levelCount(); ++k) {
        const Confusion c = curve.confusionAtLevel(k);
        if (double(c.tp) >= needed)
            return ThresholdResult::make(method, curve.levelScore(k),
                                         QStringLiteral("highest threshold keeping recall at or above %1 (%2) on %3")
                                             .arg(formatPercent(target), ratesText(c), labelledText(curve)));
    }
    // Unreachable: the lowest level flags every anomalous sample.
    return ThresholdResult::undefinedBecause(method, QStringLiteral("undefined: recall target not reached"));
}

ThresholdResult minCostThreshold(const ScoreCurve& curve, const CostModel& costs) {
    const QString method = QStringLiteral("min-cost");
    if (!(costs.falseReject >= 0.0 && costs.missedDefect >= 0.0 && std::isfinite(costs.falseReject) &&
          std::isfinite(costs.missedDefect)) || costs.falseReject + costs.missedDefect <= 0.0)
        return ThresholdResult::undefinedBecause(method, QStringLiteral("undefined: costs must be finite, non-negative and not both zero"));
    if (costs.prevalence && !(*costs.prevalence >= 0.0 && *costs.prevalence <= 1.0))
        return ThresholdResult::undefinedBecause(method, QStringLiteral("undefined: prevalence must be in [0, 1]"));
    const QString problem = labelProblem(curve, true, true);
    if (!problem.isEmpty()) return ThresholdResult::undefinedBecause(method, problem);

    const double prevalence = costs.prevalence.value_or(double(curve.positives()) / double(curve.labelledCount()));
    auto expectedCost = [&](const Confusion& c) {
        return costs.falseReject * (1.0 - prevalence) * c.fpr() + costs.missedDefect * prevalence * (1.0 - c.recall());
    };
    // Start from "flag nothing" (level -1) so that it wins ties, then walk down.
    int best = -1;
    double bestCost = expectedCost(curve.confusionAtLevel(-1));
    for (int k = 0; k < curve.levelCount(); ++k) {
        const double cost = expectedCost(curve.confusionAtLevel(k));
        if (cost < bestCost) {
            bestCost = cost;
            best = k;
        }
    }
    const QString setting = QStringLiteral("false reject %1, missed defect %2, prevalence %3%4")
                                .arg(formatNumber(costs.falseReject), formatNumber(costs.missedDefect),
                                     formatPercent(prevalence),
                                     costs.prevalence ? QString() : QStringLiteral(" (the labelled share)"));
    if (best < 0)
        return ThresholdResult::undefinedBecause(
            method, QStringLiteral("undefined: with costs %1, passing every part (expected cost %2 per part) is "
                                   "cheaper than any threshold on %3")
                        .arg(setting, formatNumber(bestCost), labelledText(curve)));
    const Confusion c = curve.confusionAtLevel(best);
    return ThresholdResult::make(method, curve.levelScore(best),
                                 QStringLiteral("lowest expected cost (%1 per part; %2) for costs %3 on %4")
                                     .arg(formatNumber(bestCost), ratesText(c), setting, labelledText(curve)));
}

} // namespace faultline::core
