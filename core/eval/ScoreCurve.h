#pragma once
// Image-level ROC / precision-recall analysis of n labelled scores, sorted once.
// Why it exists beside LiveScoreCurve: the reference implementation, immutable between edits so
// const calls may run on any thread, with every level for the threshold methods and the CLI.
//
// Score >= threshold is anomalous. Samples with an Unknown label are kept (so a label can be
// set later without re-sorting) but count in no metric. After construction (O(n log n)):
//   - confusionAt(threshold) is O(log n) (binary search over the distinct scores);
//   - setLabel()/setLabels() re-derive everything in O(distinct scores), no sort;
//   - AUROC, average precision, trapezoid AUPR and F1-max are cached.
// Ties follow scikit-learn exactly: all samples with the same score form one curve point, so
// AUROC equals the Mann-Whitney probability with ties counted 1/2 (roc_auc_score), and
// average precision is sum_k (R_k - R_{k-1}) * P_k over the distinct scores
// (average_precision_score). Not thread-safe for writes; const methods may run concurrently.

#include "core/eval/Confusion.h"
#include "core/dataset/Sample.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace faultline::core {

struct CurvePoint {
    double x = 0.0;         // ROC: FPR; PR: recall
    double y = 0.0;         // ROC: TPR; PR: precision
    double threshold = 0.0; // the score at which this point is reached (+inf for the start point)
};

struct F1Max {
    double f1 = 0.0;
    double threshold = 0.0; // the highest threshold reaching the maximum
    Confusion confusion;
};

class ScoreCurve {
public:
    ScoreCurve() = default;
    // scores and labels are parallel; non-finite scores are left out of every count
    // (see ignoredCount()). Indexes used by setLabel() are positions in these vectors.
    ScoreCurve(const std::vector<double>& scores, const std::vector<GroundTruth>& labels);

    int sampleCount() const { return int(m_labels.size()); }
    qint64 positives() const { return m_positives; }  // anomalous labels
    qint64 negatives() const { return m_negatives; }  // normal labels
    qint64 labelledCount() const { return m_positives + m_negatives; }
    int ignoredCount() const { return m_ignored; }    // non-finite scores
    GroundTruth label(int index) const { return m_labels.at(std::size_t(index)); }

    // Changes one label; false when index is out of range or its score was not finite.
    bool setLabel(int index, GroundTruth label);
    // Several label changes, one re-derivation.
    void setLabels(const std::vector<std::pair<int, GroundTruth>>& changes);

    // Counts with score >= threshold flagged. O(log n).
    Confusion confusionAt(double threshold) const;

    // The distinct scores of labelled samples, highest first: "levels". Flagging levels
    // 0..k is the same as threshold = levelScore(k).
    int levelCount() const { return int(m_levelScore.size()); }
    double levelScore(int k) const { return m_levelScore[std::size_t(k)]; }
    Confusion confusionAtLevel(int k) const; // k = -1 flags nothing

    // Undefined (nullopt) without both classes (AUROC) or without anomalous labels (AP, F1).
    std::optional<double> auroc() const { return m_auroc; }
    std::optional<double> averagePrecision() const { return m_ap; }
    // Trapezoid area under the PR curve as scikit-learn's auc(recall, precision), with the
    // (recall 0, precision 1) start point. Differs from average precision by design.
    std::optional<double> auprTrapezoid() const { return m_auprTrapezoid; }
    std::optional<F1Max> f1Max() const { return m_f1Max; }

    // ROC points (FPR, TPR) from (0, 0) at +inf through every level. maxPoints > 1 limits the
    // count for plotting (evenly spaced along the curve, first and last kept); 0 = all.
    std::vector<CurvePoint> rocCurve(int maxPoints = 0) const;
    // PR points (recall, precision) from (0, 1) at +inf through every level, as scikit-learn's
    // precision_recall_curve (drop_intermediate=False). Same maxPoints rule.
    std::vector<CurvePoint> prCurve(int maxPoints = 0) const;

    static std::vector<CurvePoint> downsample(const std::vector<CurvePoint>& points, int maxPoints);

private:
    void rederive();

    // Per sample.
    std::vector<GroundTruth> m_labels;
    std::vector<std::int32_t> m_groupOf; // index into m_group*, -1 for a non-finite score
    // Per distinct score of all samples (labelled or not), highest first.
    std::vector<double> m_groupScore;
    std::vector<std::int32_t> m_groupPos;
    std::vector<std::int32_t> m_groupNeg;
    // Per level (distinct score holding at least one labelled sample), cumulative.
    std::vector<double> m_levelScore;
    std::vector<qint64> m_cumPos;
    std::vector<qint64> m_cumNeg;

    qint64 m_positives = 0;
    qint64 m_negatives = 0;
    int m_ignored = 0;
    std::optional<double> m_auroc;
    std::optional<double> m_ap;
    std::optional<double> m_auprTrapezoid;
    std::optional<F1Max> m_f1Max;
};

} // namespace faultline::core
