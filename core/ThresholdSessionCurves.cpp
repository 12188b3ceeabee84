// ROC/PR curves and threshold suggestions of ThresholdSessionEngine. Kept apart from the
// per-move queries because these run once per score set or label edit, not per move.
#include "core/ThresholdSessionEngine.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace faultline::core {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Keeps every `step`-th point plus the last one so the curve keeps its ends.
QVector<QPointF> thin(const QVector<QPointF>& points, int maxPoints) {
    if (points.size() <= maxPoints || maxPoints < 2)
        return points;
    QVector<QPointF> out;
    out.reserve(maxPoints + 1);
    const double step = double(points.size() - 1) / (maxPoints - 1);
    for (int i = 0; i < maxPoints; ++i)
        out.push_back(points[qsizetype(std::llround(i * step))]);
    return out;
}

QString number(double v) { return QString::number(v, 'g', 5); }
} // namespace

ScoreCurves ThresholdSessionEngine::curves(int maxPoints) const {
    ScoreCurves c;
    const qint64 P = positives(), N = negatives();
    if (P == 0 || N == 0)
        return c;
    QVector<QPointF> roc{{0.0, 0.0}}, pr;
    double auc = 0.0, ap = 0.0, prevTpr = 0.0, prevFpr = 0.0, prevRecall = 0.0;
    // Walk distinct thresholds from the highest score down; ties move together.
    qint64 k = qint64(sorted_.size());
    while (k > 0) {
        const double t = sorted_[k - 1];
        k = firstAtOrAbove(t);
        const double tp = double(P - cumPos_[k]), fp = double(N - cumNeg_[k]);
        const double tpr = tp / P, fpr = fp / N;
        if (tp + fp > 0) {
            const double precision = tp / (tp + fp);
            pr.push_back({tpr, precision});
            ap += (tpr - prevRecall) * precision;
            prevRecall = tpr;
        }
        auc += (fpr - prevFpr) * (tpr + prevTpr) / 2.0;
        roc.push_back({fpr, tpr});
        prevTpr = tpr;
        prevFpr = fpr;
    }
    c.auroc = auc;
    c.averagePrecision = ap;
    c.roc = thin(roc, maxPoints);
    c.pr = thin(pr, maxPoints);
    return c;
}

QVector<ThresholdSuggestion> ThresholdSessionEngine::suggestions(const CostModel& costs) const {
    QVector<ThresholdSuggestion> out;
    const qint64 P = positives(), N = negatives();

    // Calibration on normals: validation normals when given, else normal-labelled scores.
    std::vector<double> normals = set_.calibration;
    if (normals.empty())
        for (size_t i = 0; i < set_.scores.size(); ++i)
            if (set_.truths[i] == GroundTruth::Normal)
                normals.push_back(set_.scores[i]);
    std::sort(normals.begin(), normals.end());
    const QString source = set_.calibration.empty() ? QStringLiteral("normal-labelled")
                                                    : QStringLiteral("normal validation");
    {
        ThresholdSuggestion s{QStringLiteral("percentile:99"), QStringLiteral("99th percentile"), kNaN,
                              false, {}};
        if (normals.empty()) {
            s.explanation = QStringLiteral("Undefined: there are no normal scores to calibrate on.");
        } else {
            const double pos = 0.99 * double(normals.size() - 1);
            const size_t lo = size_t(std::floor(pos));
            const size_t hi = std::min(lo + 1, normals.size() - 1);
            s.value = normals[lo] + (pos - double(lo)) * (normals[hi] - normals[lo]);
            s.defined = true;
            s.explanation = QStringLiteral("99th percentile of %1 %2 scores.").arg(normals.size()).arg(source);
        }
        out.push_back(s);
    }
    {
        ThresholdSuggestion s{QStringLiteral("sigma:3"), QStringLiteral("Mean + 3σ"), kNaN, false, {}};
        if (normals.size() < 2) {
            s.explanation = QStringLiteral("Undefined: needs at least two normal scores.");
        } else {
            double mean = 0.0, var = 0.0;
            for (double v : normals) mean += v;
            mean /= double(normals.size());
            for (double v : normals) var += (v - mean) * (v - mean);
            const double sd = std::sqrt(var / double(normals.size() - 1));
            s.value = mean + 3.0 * sd;
            s.defined = true;
            s.explanation = QStringLiteral("Mean %1 plus 3 standard deviations (%2) of %3 %4 scores.")
                                .arg(number(mean), number(sd)).arg(normals.size()).arg(source);
        }
        out.push_back(s);
    }

    ThresholdSuggestion f1{QStringLiteral("f1-max"), QStringLiteral("Best F1"), kNaN, false, {}};
    ThresholdSuggestion cost{QStringLiteral("min-cost"), QStringLiteral("Minimum cost"), kNaN, false, {}};
    if (P == 0 || N == 0) {
        const QString why = P == 0 ? QStringLiteral("no samples are labelled anomalous")
                                   : QStringLiteral("no samples are labelled normal");
        f1.explanation = QStringLiteral("Undefined: %1.").arg(why);
        cost.explanation = f1.explanation;
    } else {
        double bestF1 = -1.0, bestCost = std::numeric_limits<double>::infinity();
        qint64 k = qint64(sorted_.size());
        while (k > 0) {
            const double t = sorted_[k - 1];
            k = firstAtOrAbove(t);
            const double tp = double(P - cumPos_[k]), fp = double(N - cumNeg_[k]);
            const double fn = double(P) - tp;
            const double f = 2 * tp / (2 * tp + fp + fn);
            if (f > bestF1) { bestF1 = f; f1.value = t; }
            const double c = fp * costs.falseReject + fn * costs.missedDefect;
            if (c < bestCost) { bestCost = c; cost.value = t; }
        }
        // Flagging nothing is also a choice for the cost method: above the highest score.
        const double passAll = double(P) * costs.missedDefect;
        if (passAll < bestCost) {
            bestCost = passAll;
            cost.value = std::nextafter(sorted_.back(), std::numeric_limits<double>::infinity());
        }
        f1.defined = cost.defined = true;
        f1.explanation = QStringLiteral("Maximises F1 (%1) over %2 anomalous and %3 normal labelled samples.")
                             .arg(number(bestF1)).arg(P).arg(N);
        cost.explanation = QStringLiteral("Minimises %1 x false rejects + %2 x missed defects "
                                          "(total cost %3) over the labelled samples.")
                               .arg(number(costs.falseReject), number(costs.missedDefect), number(bestCost));
    }
    out.push_back(f1);
    out.push_back(cost);
    return out;
}

ThresholdIntervals ThresholdSessionEngine::bootstrap(const ThresholdCounts& counts, int replicates,
                                                     double level, quint64 seed) {
    ThresholdIntervals r;
    r.level = level;
    r.replicates = replicates;
    const qint64 P = counts.tp + counts.fn, N = counts.fp + counts.tn;
    if (replicates < 2)
        return r;
    std::mt19937_64 rng(seed);
    std::vector<double> rec, fpr, prec;
    for (int b = 0; b < replicates; ++b) {
        double tp = 0, fp = 0;
        if (P > 0) {
            std::binomial_distribution<qint64> d(P, double(counts.tp) / double(P));
            tp = double(d(rng));
            rec.push_back(tp / double(P));
        }
        if (N > 0) {
            std::binomial_distribution<qint64> d(N, double(counts.fp) / double(N));
            fp = double(d(rng));
            fpr.push_back(fp / double(N));
        }
        if (P > 0 && tp + fp > 0)
            prec.push_back(tp / (tp + fp));
    }
    const auto interval = [level](std::vector<double>& v) {
        Interval iv;
        if (v.empty())
            return iv;
        std::sort(v.begin(), v.end());
        const double alpha = (1.0 - level) / 2.0;
        const auto at = [&v](double q) {
            return v[std::min(v.size() - 1, size_t(std::floor(q * double(v.size() - 1) + 0.5)))];
        };
        iv.low = at(alpha);
        iv.high = at(1.0 - alpha);
        return iv;
    };
    r.recall = interval(rec);
    r.fpr = interval(fpr);
    r.precision = interval(prec);
    return r;
}

} // namespace faultline::core
