#pragma once
// Value types the threshold session hands to its views. Plain structs, cheap to copy.
// The metrics themselves come from the evaluation engine (ScoreCurve, Confusion, Bootstrap,
// PerDefect, ThresholdMethods); these types only bundle them for the panel. Rates are
// fractions in [0,1]; NaN means "undefined here" (for example recall with no anomalous
// labels), so a view can show "–" rather than a misleading 0.

#include "core/eval/Confusion.h"
#include "core/dataset/Sample.h"
#include "core/threshold/ThresholdMethods.h"

#include <QString>
#include <QStringList>

#include <limits>
#include <vector>

namespace faultline::core {

// The scores of one run, as the session receives them. `truths` follow the user's labels
// (falling back to the dataset's ground truth); `names` and `defects` may be empty or
// have one entry per score.
struct ScoreSet {
    std::vector<double> scores;
    std::vector<GroundTruth> truths;
    QStringList names;    // shown in the changed-verdicts list
    QStringList defects;  // defect type per sample, for per-defect recall
    // Normal validation scores for the methods that calibrate on normals only (percentile,
    // mean + k sigma, IQR); empty means "use the normal-labelled scores above".
    std::vector<double> calibration;
};

struct ThresholdMetrics {
    Confusion counts;             // labelled samples only
    qint64 unlabelledAbove = 0;   // unlabelled samples the threshold flags
    qint64 unlabelledBelow = 0;
    double precision = std::numeric_limits<double>::quiet_NaN();
    double recall = std::numeric_limits<double>::quiet_NaN();
    double f1 = std::numeric_limits<double>::quiet_NaN();
    double fpr = std::numeric_limits<double>::quiet_NaN();
    double accuracy = std::numeric_limits<double>::quiet_NaN();
};

// A sample whose verdict at the current threshold differs from the committed threshold.
struct VerdictChange {
    int index = -1;  // index into the ScoreSet
    double score = 0.0;
    bool nowAnomalous = false;
};

// One threshold method's answer for a button: what it is called and why it chose its value.
struct ThresholdSuggestion {
    ThresholdSpec spec;
    QString id;      // spec.text(), e.g. "percentile:99"
    QString title;   // button text, e.g. "99th percentile"
    ThresholdResult result;
};

} // namespace faultline::core
