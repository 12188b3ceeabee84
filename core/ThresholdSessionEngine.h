#pragma once
// The numbers behind ThresholdSession: one sort of the scores, then every query at a
// threshold is a binary search plus prefix-count lookups, O(log n). Label edits only
// rebuild the prefix counts (O(n), no re-sort). Not thread-safe; owned by the session
// on the GUI thread. Score >= threshold means anomalous.

#include "core/ThresholdSessionTypes.h"

#include <QHash>

#include <cstdint>
#include <vector>

namespace faultline::core {

class ThresholdSessionEngine {
public:
    void reset(ScoreSet set);
    void setTruth(int index, GroundTruth truth);  // caller refreshes() after a batch
    void refresh();                               // rebuild prefix counts and defect groups

    const ScoreSet& set() const { return set_; }
    qint64 size() const { return qint64(sorted_.size()); }
    qint64 positives() const { return cumPos_.empty() ? 0 : cumPos_.back(); }
    qint64 negatives() const { return cumNeg_.empty() ? 0 : cumNeg_.back(); }
    double minScore() const { return sorted_.empty() ? 0.0 : sorted_.front(); }
    double maxScore() const { return sorted_.empty() ? 1.0 : sorted_.back(); }

    ThresholdMetrics metricsAt(double threshold) const;
    // Samples whose verdict differs between thresholds a and b, at most `limit` of them,
    // ordered by score; `total` receives the full count.
    QVector<VerdictChange> changesBetween(double a, double b, int limit, qint64* total) const;
    QVector<DefectRecall> defectRecallAt(double threshold) const;
    qint64 countInRange(double low, double high) const;  // low <= score < high

    ScoreHistogram histogram(int bins) const;
    ScoreCurves curves(int maxPoints) const;
    QVector<ThresholdSuggestion> suggestions(const CostModel& costs) const;

    // Stratified bootstrap of recall, FPR and precision at fixed counts: positives and
    // negatives are resampled separately, so a replicate's TP is Binomial(P, recall).
    // Pure function of its arguments, safe to run on a worker thread.
    static ThresholdIntervals bootstrap(const ThresholdCounts& counts, int replicates,
                                        double level, quint64 seed);

private:
    qint64 firstAtOrAbove(double threshold) const;  // position in sorted_

    ScoreSet set_;
    std::vector<double> sorted_;     // ascending
    std::vector<int> order_;         // order_[k] = index of the k-th smallest score
    std::vector<int> cumPos_, cumNeg_, cumUnl_;  // counts among the first k sorted (size n+1)
    QHash<QString, std::vector<double>> defectScores_;  // anomalous-labelled scores, ascending
};

} // namespace faultline::core
