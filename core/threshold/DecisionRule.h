#pragma once
// The one rule that turns a score into a verdict, wherever a verdict is shown or written: the
// confusion matrix, the browser's verdict column, filters and thumbnail frames, the CSV export
// and `faultline-cli score`. A score at or above the threshold fails; with a review band, a
// score from reviewFrom() up to (not including) the threshold goes to review instead of
// passing; a NaN score (not scored) has no verdict. The threshold is therefore always the
// fail threshold, band or not. Plain value type, cheap to copy; safe on any thread.

#include <QString>

namespace faultline::core {

// int values are stable: item models hand them out as VerdictRole.
enum class Verdict { Unscored, Pass, Review, Fail };
QString verdictName(Verdict verdict); // "", "pass", "review", "fail"

class DecisionRule {
public:
    DecisionRule() = default;  // threshold 0.5, no review band
    explicit DecisionRule(double threshold);
    // A band from reviewFrom up to the threshold; reviewFrom above the threshold is taken as
    // the threshold (an empty band: nothing goes to review).
    static DecisionRule withReviewBand(double reviewFrom, double threshold);

    double threshold() const { return m_threshold; }  // fail at or above
    bool hasReviewBand() const { return m_band; }
    double reviewFrom() const { return m_band ? m_reviewFrom : m_threshold; }

    Verdict verdict(double score) const;
    bool fails(double score) const { return score >= m_threshold; }  // false for NaN

    bool operator==(const DecisionRule& o) const;
    bool operator!=(const DecisionRule& o) const { return !(*this == o); }

private:
    double m_threshold = 0.5;
    double m_reviewFrom = 0.5;
    bool m_band = false;
};

} // namespace faultline::core
