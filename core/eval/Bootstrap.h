#pragma once
// Bootstrap confidence intervals for recall and FPR at one threshold.
//
// Stratified percentile bootstrap: each resample draws P anomalous and N normal samples with
// replacement from the labelled set, keeping the class sizes fixed, so recall and FPR are
// defined in every resample. Resampling P items of which tp are flagged gives a flagged count
// distributed exactly Binomial(P, tp / P), so the draw is made from that distribution:
// O(resamples) whatever n is. Seeded (std::mt19937_64): the same inputs give the same interval.
// Plain function, no shared state; safe to call from any thread.

#include "core/eval/Confusion.h"

#include <QString>

#include <limits>

namespace faultline::core {

struct BootstrapOptions {
    int resamples = 1000;     // bootstrap replicates
    double confidence = 0.95; // two-sided level of the percentile interval
    quint64 seed = 42;
};

struct RateInterval {
    bool defined = false;  // false when the class is absent (no anomalous / no normal labels)
    double estimate = std::numeric_limits<double>::quiet_NaN();
    double low = std::numeric_limits<double>::quiet_NaN();
    double high = std::numeric_limits<double>::quiet_NaN();
    QString note;          // why undefined, or a caveat (e.g. the interval collapses at 0 or 1)
};

struct BootstrapResult {
    RateInterval recall;
    RateInterval fpr;
    int resamples = 0;
    double confidence = 0.0;
};

// `atThreshold` holds the counts at the threshold being judged.
BootstrapResult bootstrapRates(const Confusion& atThreshold, const BootstrapOptions& options = {});

} // namespace faultline::core
