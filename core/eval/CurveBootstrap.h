#pragma once
// Image-level ranking metrics of a labelled score set with stratified percentile-bootstrap
// intervals: AUROC, average precision, F1-max and recall at a false-positive-rate limit.
// Each resample draws P anomalous and N normal samples with replacement (class sizes fixed, as
// Bootstrap.h does for the rates), builds a ScoreCurve of them and reads the same metrics, so every
// number comes from ScoreCurve's reference definitions (scikit-learn's, ties included). Seeded:
// the same inputs give the same intervals. Cost O(resamples * n log n). Plain functions, no
// shared state; safe on any thread.

#include "core/eval/Bootstrap.h"
#include "core/eval/ScoreCurve.h"

#include <optional>
#include <vector>

namespace faultline::core {

struct CurveMetrics {
    std::optional<double> auroc;
    std::optional<double> averagePrecision;
    std::optional<double> f1Max;
    std::optional<double> recallAtFpr; // the highest recall of a threshold whose FPR is at most the limit
};

CurveMetrics curveMetrics(const ScoreCurve& curve, double fprLimit);

struct CurveIntervals {
    RateInterval auroc, averagePrecision, f1Max, recallAtFpr; // estimate = the metric on all samples
    int resamples = 0;
    double confidence = 0.0;
};

// Unknown labels and non-finite scores are left out. A metric is undefined (defined = false,
// note says why) without the classes it needs.
CurveIntervals bootstrapCurveMetrics(const std::vector<double>& scores, const std::vector<GroundTruth>& labels,
                                     double fprLimit, const BootstrapOptions& options = {});

} // namespace faultline::core
