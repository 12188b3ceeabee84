#pragma once
// Confusion counts at one threshold (score >= threshold is anomalous) and the rates derived
// from them. Zero denominators are defined, never NaN: a rate whose denominator is zero is 0,
// and the matching has*() predicate says so, so a caller can print "n/a" instead.

#include <QtGlobal>

namespace faultline::core {

struct Confusion {
    qint64 tp = 0; // anomalous, flagged
    qint64 fp = 0; // normal, flagged (a false reject)
    qint64 tn = 0; // normal, passed
    qint64 fn = 0; // anomalous, passed (a missed defect)

    qint64 positives() const { return tp + fn; }
    qint64 negatives() const { return fp + tn; }
    qint64 flagged() const { return tp + fp; }
    qint64 total() const { return tp + fp + tn + fn; }

    bool hasPositives() const { return positives() > 0; }  // recall is meaningful
    bool hasNegatives() const { return negatives() > 0; }  // FPR is meaningful
    bool hasFlagged() const { return flagged() > 0; }      // precision is meaningful

    // tp / (tp + fp); 0 when nothing is flagged (scikit-learn's zero_division=0).
    double precision() const { return ratio(tp, tp + fp); }
    // tp / (tp + fn); 0 when there are no anomalous samples.
    double recall() const { return ratio(tp, tp + fn); }
    // 2tp / (2tp + fp + fn); 0 when there is no tp, fp or fn at all.
    double f1() const { return ratio(2 * tp, 2 * tp + fp + fn); }
    // fp / (fp + tn); 0 when there are no normal samples.
    double fpr() const { return ratio(fp, fp + tn); }
    // (tp + tn) / total; 0 for an empty set.
    double accuracy() const { return ratio(tp + tn, total()); }

private:
    static double ratio(qint64 num, qint64 den) { return den > 0 ? double(num) / double(den) : 0.0; }
};

} // namespace faultline::core
