#pragma once
// Two thresholds that split parts three ways: pass below `low`, fail at or above `high`,
// send to human review in between. Built from labelled scores: `low` keeps recall at or above
// a target (few defects pass unseen), `high` keeps the FPR at or under a target (few good
// parts are rejected without a look).

#include "core/eval/ScoreCurve.h"

#include <QString>

#include <limits>

namespace faultline::core {

enum class Verdict { Pass, Review, Fail };
QString verdictName(Verdict verdict); // "pass", "review", "fail"

struct ReviewBand {
    bool defined = false;
    double low = std::numeric_limits<double>::quiet_NaN();
    double high = std::numeric_limits<double>::quiet_NaN();
    QString explanation;

    // Precondition: defined. Score < low passes, score >= high fails, otherwise review.
    Verdict verdict(double score) const;

    // Explicit thresholds; undefined when low > high or either is not finite.
    static ReviewBand fromThresholds(double low, double high);
    // low: highest threshold with recall >= recallTarget; high: lowest with FPR <= fprTarget.
    // When one threshold already meets both targets the band is empty (low == high).
    static ReviewBand fromTargets(const ScoreCurve& curve, double recallTarget, double fprTarget);
};

} // namespace faultline::core
