#include "core/threshold/ReviewBand.h"

#include "core/threshold/LabelThresholds.h"

#include <cmath>

namespace faultline::core {

ReviewBand ReviewBand::fromThresholds(double low, double high) {
    ReviewBand band;
    band.low = low;
    band.high = high;
    if (!std::isfinite(low) || !std::isfinite(high)) {
        band.explanation = QStringLiteral("undefined: both review-band thresholds must be finite numbers");
    } else if (low > high) {
        band.explanation = QStringLiteral("undefined: the lower review threshold %1 is above the upper %2")
                               .arg(formatNumber(low), formatNumber(high));
    } else {
        band.defined = true;
        band.explanation = QStringLiteral("pass below %1, review from %1 up to %2, fail at or above %2")
                               .arg(formatNumber(low), formatNumber(high));
    }
    return band;
}

ReviewBand ReviewBand::fromTargets(const ScoreCurve& curve, double recallTarget, double fprTarget) {
    const ThresholdResult low = recallTargetThreshold(curve, recallTarget);
    const ThresholdResult high = fprTargetThreshold(curve, fprTarget);
    ReviewBand band;
    if (!low.defined || !high.defined) {
        band.explanation = QStringLiteral("undefined: %1").arg(!low.defined ? low.explanation : high.explanation);
        return band;
    }
    band.defined = true;
    if (low.value >= high.value) {
        // One threshold satisfies both targets: no review needed.
        band.low = band.high = high.value;
        band.explanation = QStringLiteral("no review band needed: the threshold %1 keeps recall at or above %2 and "
                                          "the FPR at or under %3 (%4)")
                               .arg(formatNumber(high.value), formatPercent(recallTarget), formatPercent(fprTarget),
                                    high.explanation);
        return band;
    }
    band.low = low.value;
    band.high = high.value;
    const Confusion atLow = curve.confusionAt(low.value);
    const Confusion atHigh = curve.confusionAt(high.value);
    const qint64 reviewed = atLow.flagged() - atHigh.flagged();
    band.explanation =
        QStringLiteral("pass below %1 (recall %2 at or above the target %3), fail at or above %4 (FPR %5 at or "
                       "under the target %6), review between: %7 of %8 labelled parts")
            .arg(formatNumber(low.value), formatPercent(atLow.recall()), formatPercent(recallTarget),
                 formatNumber(high.value), formatPercent(atHigh.fpr()), formatPercent(fprTarget))
            .arg(reviewed)
            .arg(curve.labelledCount());
    return band;
}

} // namespace faultline::core
