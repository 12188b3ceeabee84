#include "core/eval/CurveBootstrap.h"

#include "core/threshold/NormalThresholds.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace faultline::core {

CurveMetrics curveMetrics(const ScoreCurve& curve, double fprLimit) {
    CurveMetrics m;
    m.auroc = curve.auroc();
    m.averagePrecision = curve.averagePrecision();
    if (const auto f1 = curve.f1Max()) m.f1Max = f1->f1;
    if (curve.positives() > 0 && curve.negatives() > 0) {
        double best = 0.0; // flagging nothing: FPR 0, recall 0
        for (int k = 0; k < curve.levelCount(); ++k) {
            const Confusion c = curve.confusionAtLevel(k);
            if (c.fpr() > fprLimit) break; // FPR only grows with k
            best = std::max(best, c.recall());
        }
        m.recallAtFpr = best;
    }
    return m;
}

CurveIntervals bootstrapCurveMetrics(const std::vector<double>& scores, const std::vector<GroundTruth>& labels,
                                     double fprLimit, const BootstrapOptions& options) {
    std::vector<double> pos, neg;
    for (size_t i = 0; i < scores.size() && i < labels.size(); ++i) {
        if (!std::isfinite(scores[i])) continue;
        if (labels[i] == GroundTruth::Anomalous) pos.push_back(scores[i]);
        else if (labels[i] == GroundTruth::Normal) neg.push_back(scores[i]);
    }
    CurveIntervals out;
    out.resamples = std::max(1, options.resamples);
    out.confidence = options.confidence;
    auto curveOf = [](const std::vector<double>& p, const std::vector<double>& n) {
        std::vector<double> s(p);
        s.insert(s.end(), n.begin(), n.end());
        std::vector<GroundTruth> l(p.size(), GroundTruth::Anomalous);
        l.insert(l.end(), n.size(), GroundTruth::Normal);
        return ScoreCurve(s, l);
    };
    const CurveMetrics all = curveMetrics(curveOf(pos, neg), fprLimit);
    RateInterval* targets[] = {&out.auroc, &out.averagePrecision, &out.f1Max, &out.recallAtFpr};
    const std::optional<double> estimates[] = {all.auroc, all.averagePrecision, all.f1Max, all.recallAtFpr};
    std::vector<double> draws[4];
    std::mt19937_64 rng(options.seed);
    std::vector<double> p(pos.size()), n(neg.size());
    const bool any = std::any_of(std::begin(estimates), std::end(estimates), [](const auto& e) { return e.has_value(); });
    for (int r = 0; any && r < out.resamples; ++r) {
        if (!pos.empty()) {
            std::uniform_int_distribution<size_t> pick(0, pos.size() - 1);
            for (double& v : p) v = pos[pick(rng)];
        }
        if (!neg.empty()) {
            std::uniform_int_distribution<size_t> pick(0, neg.size() - 1);
            for (double& v : n) v = neg[pick(rng)];
        }
        const CurveMetrics m = curveMetrics(curveOf(p, n), fprLimit);
        const std::optional<double> got[] = {m.auroc, m.averagePrecision, m.f1Max, m.recallAtFpr};
        for (int k = 0; k < 4; ++k)
            if (got[k]) draws[k].push_back(*got[k]);
    }
    const double alpha = 1.0 - std::clamp(options.confidence, 0.0, 1.0);
    for (int k = 0; k < 4; ++k) {
        RateInterval& slot = *targets[k];
        if (!estimates[k]) {
            slot.note = pos.empty() ? QStringLiteral("undefined: there are no anomalous labels")
                                    : QStringLiteral("undefined: there are no normal labels");
            continue;
        }
        slot.defined = true;
        slot.estimate = *estimates[k];
        std::sort(draws[k].begin(), draws[k].end());
        slot.low = quantileSorted(draws[k], alpha / 2.0);
        slot.high = quantileSorted(draws[k], 1.0 - alpha / 2.0);
    }
    return out;
}

} // namespace faultline::core
