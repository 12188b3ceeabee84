#pragma once
// Thresholds chosen on labelled scores (a ScoreCurve). Each candidate is an observed score
// (a curve level), so the reported rates are exactly what that threshold achieves on these
// samples. Undefined, with the reason, when the labels cannot support the choice: no anomalous
// labels (max-F1, recall target, cost), no normal labels (FPR target, cost), all labelled
// scores equal, or no observed score meeting the target.

#include "core/eval/ScoreCurve.h"
#include "core/threshold/ThresholdResult.h"

#include <optional>

namespace faultline::core {

struct CostModel {
    double falseReject = 1.0;           // cost of flagging a normal part
    double missedDefect = 1.0;          // cost of passing an anomalous part
    std::optional<double> prevalence;   // fraction of anomalous parts; default: the labelled share
};

// The threshold with the highest F1 (the highest such threshold on a tie).
ThresholdResult maxF1Threshold(const ScoreCurve& curve);
// The lowest observed score whose threshold keeps FPR <= targetFpr (targetFpr in [0, 1)).
ThresholdResult fprTargetThreshold(const ScoreCurve& curve, double targetFpr);
// The highest observed score whose threshold keeps recall >= targetRecall (in (0, 1]).
ThresholdResult recallTargetThreshold(const ScoreCurve& curve, double targetRecall);
// Minimises expected cost per part:
//   falseReject * (1 - prevalence) * FPR + missedDefect * prevalence * (1 - recall).
// Ties go to the highest threshold. Undefined when passing every part is cheapest.
ThresholdResult minCostThreshold(const ScoreCurve& curve, const CostModel& costs);

// Why label-based methods cannot run on this curve; empty when they can. needPositives /
// needNegatives select which classes the method needs.
QString labelProblem(const ScoreCurve& curve, bool needPositives, bool needNegatives);

} // namespace faultline::core
