#pragma once
// The numbers behind ThresholdSession. Metrics come from the evaluation engine's ScoreCurve
// (one sort, then O(log n) per threshold); this class adds the sample-level index the panel
// needs besides metrics: which samples lie between two thresholds (changed verdicts, review
// band) and how many unlabelled samples a threshold flags, both by binary search over one
// ascending copy of the scores. Label edits re-derive without re-sorting. Not thread-safe;
// owned by the session on the GUI thread. Score >= threshold means anomalous.

#include "core/PerDefect.h"
#include "core/ScoreCurve.h"
#include "core/ScoreHistogram.h"
#include "core/ScoreRecord.h"
#include "core/ThresholdSessionTypes.h"

#include <QVector>

#include <vector>

namespace faultline::core {

class ThresholdSessionEngine {
public:
    void reset(ScoreSet set);
    void setTruths(const QVector<int>& indices, GroundTruth truth);

    const ScoreSet& set() const { return set_; }
    const ScoreCurve& curve() const { return curve_; }
    qint64 size() const { return qint64(sorted_.size()); }
    double minScore() const { return sorted_.empty() ? 0.0 : sorted_.front(); }
    double maxScore() const { return sorted_.empty() ? 1.0 : sorted_.back(); }

    ThresholdMetrics metricsAt(double threshold) const;
    // Samples whose verdict differs between thresholds a and b, at most `limit` of them,
    // ordered by score; `total` receives the full count.
    QVector<VerdictChange> changesBetween(double a, double b, int limit, qint64* total) const;
    qint64 countInRange(double low, double high) const;  // low <= score < high
    QVector<DefectGroupRates> defectRatesAt(double threshold) const;
    ScoreHistogram histogram(int bins) const;
    QVector<ThresholdSuggestion> suggestions(const CostModel& costs) const;

private:
    qint64 firstAtOrAbove(double threshold) const;  // position in sorted_
    void rebuildLabelIndex();

    ScoreSet set_;
    ScoreCurve curve_;
    std::vector<double> sorted_;  // finite scores, ascending
    std::vector<int> order_;      // order_[k] = index of the k-th smallest score
    std::vector<int> cumUnl_;     // unlabelled among the first k sorted (size n+1)
    QVector<ScoreRecord> anomalous_;  // anomalous-labelled samples, for per-defect recall
};

} // namespace faultline::core
