#include "core/dataset/ValidationSplit.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace faultline::core {

namespace {

quint64 splitmix64(quint64& state) {
    quint64 z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

} // namespace

int heldOutCount(int n, double fraction, int minimum) {
    if (n <= 0 || !(fraction > 0)) return 0;
    const double f = std::min(fraction, 1.0);
    return std::clamp(int(std::lround(n * f)), std::min(minimum, n - 1), n - 1);
}

QVector<int> seededPick(int n, int k, quint64 seed) {
    k = std::clamp(k, 0, std::max(n, 0));
    QVector<int> order(std::max(n, 0));
    std::iota(order.begin(), order.end(), 0);
    quint64 state = seed;
    // Partial Fisher-Yates: the first k positions end up a uniform random k-subset.
    for (int i = 0; i < k; ++i) {
        const int j = i + int(splitmix64(state) % quint64(n - i));
        std::swap(order[i], order[j]);
    }
    order.resize(k);
    std::sort(order.begin(), order.end());
    return order;
}

int holdOut(QVector<Sample>& samples, double fraction, quint64 seed, Split to) {
    QVector<int> candidates;
    for (int i = 0; i < samples.size(); ++i)
        if (samples[i].split == Split::Train && samples[i].truth == GroundTruth::Normal) candidates.push_back(i);
    std::sort(candidates.begin(), candidates.end(),
              [&samples](int a, int b) { return samples[a].path < samples[b].path; });
    // Validation takes at least one image from two on: otherwise training holds one out on its
    // own and the scores CSV, which follows this split, labels that validation image "train".
    const int minimum = to == Split::Val ? 1 : 0;
    const QVector<int> picked =
        seededPick(int(candidates.size()), heldOutCount(int(candidates.size()), fraction, minimum), seed);
    for (int p : picked) samples[candidates[p]].split = to;
    return int(picked.size());
}

int ensureValidation(QVector<Sample>& samples, quint64 seed) {
    const bool hasValidation = std::any_of(samples.begin(), samples.end(), [](const Sample& s) {
        return s.split == Split::Val && s.truth != GroundTruth::Anomalous;
    });
    return hasValidation ? 0 : holdOut(samples, kFallbackValFraction, seed, Split::Val);
}

} // namespace faultline::core
