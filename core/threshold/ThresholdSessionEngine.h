#pragma once
// The numbers behind ThresholdSession. Metrics come from the evaluation engine's ScoreCurve
// (one sort, then O(log n) per threshold); this class adds the sample-level index the panel
// needs besides metrics: which samples lie between two thresholds (changed verdicts, review
// band) by binary search over one ascending copy of the scores.
// A label edit costs O(log n) (plus O(anomalies) for per-defect recall's list): the live
// curve (counts, AUROC, plotted ROC/PR points) and the histogram are updated in place, and
// the full ScoreCurve the threshold methods read is brought up to date only when asked for.
// Not thread-safe; owned by the session on the GUI thread. Score >= threshold means anomalous.

#include "core/eval/LiveScoreCurve.h"
#include "core/eval/PerDefect.h"
#include "core/eval/ScoreCurve.h"
#include "core/eval/ScoreHistogram.h"
#include "core/eval/ScoreRecord.h"
#include "core/threshold/ThresholdSessionTypes.h"

#include <QVector>

#include <vector>

namespace faultline::core {

class ThresholdSessionEngine {
public:
    void reset(ScoreSet set, int histogramBins);
    void setTruths(const QVector<int>& indices, GroundTruth truth);

    const ScoreSet& set() const { return m_set; }
    // Every level, for the threshold methods and the review band from targets: applies the
    // label edits since the last call first (O(distinct scores)).
    const ScoreCurve& curve() const;
    const LiveScoreCurve& liveCurve() const { return m_live; }  // current after every edit
    qint64 size() const { return qint64(m_sorted.size()); }
    double minScore() const { return m_sorted.empty() ? 0.0 : m_sorted.front(); }
    double maxScore() const { return m_sorted.empty() ? 1.0 : m_sorted.back(); }

    ThresholdMetrics metricsAt(double threshold) const;
    // Samples whose verdict differs between thresholds a and b, at most `limit` of them,
    // ordered by score; `total` receives the full count.
    QVector<VerdictChange> changesBetween(double a, double b, int limit, qint64* total) const;
    qint64 countInRange(double low, double high) const;  // low <= score < high
    QVector<DefectGroupRates> defectRatesAt(double threshold) const;
    const ScoreHistogram& histogram() const { return m_histogram; }
    QVector<ThresholdSuggestion> suggestions(const CostModel& costs) const;

private:
    qint64 firstAtOrAbove(double threshold) const;  // position in m_sorted
    void addAnomalous(int index);
    void removeAnomalous(int index);
    void countInHistogram(int index, GroundTruth truth, int delta);

    ScoreSet m_set;
    mutable ScoreCurve m_curve;
    mutable std::vector<std::pair<int, GroundTruth>> m_curveBehind;  // edits m_curve has not seen
    LiveScoreCurve m_live;
    ScoreHistogram m_histogram;
    std::vector<double> m_sorted;  // finite scores, ascending
    std::vector<int> m_order;      // m_order[k] = index of the k-th smallest score
    // Anomalous-labelled samples, for per-defect recall (order does not matter), and where
    // each sample sits in it (-1 when not anomalous), so an edit is O(1).
    QVector<ScoreRecord> m_anomalous;
    std::vector<int> m_anomalousSlot;
    std::vector<int> m_anomalousIndex;  // sample index of each m_anomalous entry
};

} // namespace faultline::core
