#pragma once
// Two thresholds that split parts three ways: pass below `low`, fail at or above `high`,
// send to human review in between. Built from labelled scores: `low` keeps recall at or above
// a target (few defects pass unseen), `high` keeps the FPR at or under a target (few good
// parts are rejected without a look). A suggestion, not a rule: rule() is the DecisionRule
// it stands for, whose threshold is `high`.

#include "core/threshold/DecisionRule.h"
#include "core/eval/ScoreCurve.h"

#include <QString>

#include <limits>

namespace faultline::core {

struct ReviewBand {
    bool defined = false;
    double low = std::numeric_limits<double>::quiet_NaN();
    double high = std::numeric_limits<double>::quiet_NaN();
    QString explanation;

    // Precondition: defined. Review from low, fail at or above high.
    DecisionRule rule() const { return DecisionRule::withReviewBand(low, high); }

    // Explicit thresholds; undefined when low > high or either is not finite.
    static ReviewBand fromThresholds(double low, double high);
    // low: highest threshold with recall >= recallTarget; high: lowest with FPR <= fprTarget.
    // When one threshold already meets both targets the band is empty (low == high).
    static ReviewBand fromTargets(const ScoreCurve& curve, double recallTarget, double fprTarget);
};

} // namespace faultline::core
