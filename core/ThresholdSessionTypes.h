#pragma once
// Value types the threshold session hands to its views. Plain structs, cheap to copy.
// Rates are fractions in [0,1]; NaN means "undefined here" (for example recall with no
// anomalous labels), never a silent 0 or 1.

#include "core/Sample.h"

#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

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
    // mean + k sigma); empty means "use the normal-labelled scores above".
    std::vector<double> calibration;
};

struct ThresholdCounts {
    qint64 tp = 0, fp = 0, tn = 0, fn = 0;
    qint64 unlabelledAbove = 0;  // unlabelled samples the threshold flags as anomalous
    qint64 unlabelledBelow = 0;
};

struct ThresholdMetrics {
    ThresholdCounts counts;
    double precision = std::numeric_limits<double>::quiet_NaN();
    double recall = std::numeric_limits<double>::quiet_NaN();
    double f1 = std::numeric_limits<double>::quiet_NaN();
    double fpr = std::numeric_limits<double>::quiet_NaN();
    double accuracy = std::numeric_limits<double>::quiet_NaN();
};

struct Interval {
    double low = std::numeric_limits<double>::quiet_NaN();
    double high = std::numeric_limits<double>::quiet_NaN();
    bool valid() const { return low == low && high == high; }
};

// Bootstrap confidence intervals at one threshold (computed off the GUI thread).
struct ThresholdIntervals {
    double threshold = std::numeric_limits<double>::quiet_NaN();
    double level = 0.95;
    int replicates = 0;
    Interval recall, fpr, precision;
};

struct DefectRecall {
    QString defect;
    qint64 detected = 0;
    qint64 total = 0;
    double recall = std::numeric_limits<double>::quiet_NaN();
};

struct ReviewBand {
    bool enabled = false;
    double low = 0.0;   // pass below
    double high = 0.0;  // fail at or above; review in between
};

// Fixed-size histogram of all scores, split by label; bins are equal-width over [low, high].
struct ScoreHistogram {
    double low = 0.0, high = 1.0;
    QVector<double> normal, anomalous, unlabelled;
    int bins() const { return int(normal.size()); }
    double binWidth() const { return bins() > 0 ? (high - low) / bins() : 0.0; }
};

// Downsampled curves for plotting (a few hundred points whatever n is).
struct ScoreCurves {
    QVector<QPointF> roc;  // (FPR, TPR)
    QVector<QPointF> pr;   // (recall, precision)
    double auroc = std::numeric_limits<double>::quiet_NaN();
    double averagePrecision = std::numeric_limits<double>::quiet_NaN();
};

// A sample whose verdict at the current threshold differs from the committed threshold.
struct VerdictChange {
    int index = -1;  // index into the ScoreSet
    double score = 0.0;
    bool nowAnomalous = false;
};

// One threshold method's answer, with the sentence that explains it.
struct ThresholdSuggestion {
    QString id;           // stable key, e.g. "f1-max"
    QString title;        // button text
    double value = std::numeric_limits<double>::quiet_NaN();
    bool defined = false;
    QString explanation;  // why this value, or why it is undefined
};

struct CostModel {
    double falseReject = 1.0;   // cost of flagging a good part
    double missedDefect = 10.0; // cost of passing a defective part
};

} // namespace faultline::core
