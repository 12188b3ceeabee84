#include "core/eval/Bootstrap.h"

#include "core/threshold/NormalThresholds.h"

#include <algorithm>
#include <random>
#include <vector>

namespace faultline::core {

namespace {

RateInterval interval(qint64 hits, qint64 size, const BootstrapOptions& options, std::mt19937_64& rng,
                      const QString& rateName, const QString& className) {
    RateInterval out;
    if (size <= 0) {
        out.note = QStringLiteral("undefined: there are no %1 labels").arg(className);
        return out;
    }
    out.defined = true;
    out.estimate = double(hits) / double(size);
    std::binomial_distribution<qint64> draw(size, out.estimate);
    std::vector<double> rates(std::size_t(std::max(1, options.resamples)));
    for (double& r : rates) r = double(draw(rng)) / double(size);
    std::sort(rates.begin(), rates.end());
    const double alpha = 1.0 - std::clamp(options.confidence, 0.0, 1.0);
    out.low = quantileSorted(rates, alpha / 2.0);
    out.high = quantileSorted(rates, 1.0 - alpha / 2.0);
    if (hits == 0 || hits == size) {
        // Every resample repeats the observed rate; the rule of three gives the honest bound.
        const double bound = std::min(1.0, 3.0 / double(size));
        out.note = QStringLiteral("the bootstrap interval collapses when the %1 is %2 on %3 %4 samples; by the rule "
                                  "of three the true %1 may still be %5 %6 (95%)")
                       .arg(rateName, hits == 0 ? QStringLiteral("0") : QStringLiteral("1"))
                       .arg(size)
                       .arg(className, hits == 0 ? QStringLiteral("up to") : QStringLiteral("as low as"),
                            QString::number(hits == 0 ? bound : 1.0 - bound, 'g', 4));
    }
    return out;
}

} // namespace

BootstrapResult bootstrapRates(const Confusion& c, const BootstrapOptions& options) {
    BootstrapResult result;
    result.resamples = std::max(1, options.resamples);
    result.confidence = options.confidence;
    std::mt19937_64 rng(options.seed);
    result.recall = interval(c.tp, c.positives(), options, rng, QStringLiteral("recall"), QStringLiteral("anomalous"));
    result.fpr = interval(c.fp, c.negatives(), options, rng, QStringLiteral("FPR"), QStringLiteral("normal"));
    return result;
}

} // namespace faultline::core
