#pragma once
// The image-level ROC / precision-recall analysis of ScoreCurve, kept current under label
// edits without re-deriving it.
// Why it exists beside ScoreCurve: a label key in the panel costs O(log n) here, not the
// O(distinct scores) rebuild (tst_livescorecurve checks it against ScoreCurve, bit for bit).
// Counts per distinct score live in Fenwick trees, so
//   - setLabel() is O(log n) (AUROC's Mann-Whitney sum is updated in place, exactly);
//   - confusionAt() and unlabelledAtOrAbove() are O(log n);
//   - rocCurve(m)/prCurve(m) with m plotted points are O(m log n);
//   - average precision, trapezoid AUPR and F1-max are recomputed on first use after an edit
//     in O(a log n), a = distinct scores holding an anomalous label (a few percent of n).
// Every figure equals ScoreCurve's for the same scores and labels, bit for bit: same tie
// rules (scikit-learn's), same summation order. Score >= threshold is anomalous; non-finite
// scores count nowhere. Not thread-safe; const methods are not safe to run concurrently
// either (the lazy figures are cached on first use).

#include "core/eval/FenwickTree.h"
#include "core/eval/ScoreCurve.h"

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

namespace faultline::core {

class LiveScoreCurve {
public:
    LiveScoreCurve() = default;
    // As ScoreCurve: parallel vectors; indexes used by setLabel() are positions in them.
    LiveScoreCurve(const std::vector<double>& scores, const std::vector<GroundTruth>& labels);

    int sampleCount() const { return int(m_labels.size()); }
    qint64 positives() const { return pos_.total(); }
    qint64 negatives() const { return neg_.total(); }
    qint64 unlabelled() const { return m_unl.total(); }  // with a finite score
    qint64 labelledCount() const { return positives() + negatives(); }
    GroundTruth label(int index) const { return m_labels.at(std::size_t(index)); }

    // False when index is out of range or its score was not finite.
    bool setLabel(int index, GroundTruth label);

    Confusion confusionAt(double threshold) const;
    qint64 unlabelledAtOrAbove(double threshold) const;

    // Distinct scores holding a labelled sample ("levels", as ScoreCurve).
    int levelCount() const { return int(m_levels.total()); }

    std::optional<double> auroc() const;
    std::optional<double> averagePrecision() const;
    std::optional<double> auprTrapezoid() const;
    std::optional<F1Max> f1Max() const;

    // The same points as ScoreCurve::rocCurve/prCurve(maxPoints), including its
    // downsampling rule; only the returned points are computed.
    std::vector<CurvePoint> rocCurve(int maxPoints = 0) const;
    std::vector<CurvePoint> prCurve(int maxPoints = 0) const;

private:
    struct Cumulative {
        qint64 tp = 0;
        qint64 fp = 0;
        double score = 0.0;
    };
    std::size_t firstGroupAtOrAbove(double threshold) const;
    Cumulative level(int k) const;  // k = 0 is the highest level
    template <typename Point> std::vector<CurvePoint> curve(int maxPoints, CurvePoint start, Point point) const;
    void computePrFigures() const;

    std::vector<GroundTruth> m_labels;
    std::vector<std::int32_t> m_groupOf;  // per sample; -1 for a non-finite score
    std::vector<double> m_groupScore;     // distinct finite scores, ascending
    std::vector<std::int32_t> groupPos_, m_groupNeg;
    FenwickTree pos_, neg_, m_unl;        // per group
    FenwickTree m_levels;                 // 1 per group holding a labelled sample
    std::set<std::int32_t> m_positiveGroups;
    __int128 m_twiceArea = 0;  // 2 x Mann-Whitney U: sum over (anomalous, normal) pairs of 2 or 1 (tie)

    struct PrFigures {
        std::optional<double> ap;
        std::optional<double> trapezoid;
        std::optional<F1Max> f1Max;
    };
    mutable std::optional<PrFigures> m_pr;  // reset by every edit
};

} // namespace faultline::core
