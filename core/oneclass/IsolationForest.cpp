#include "IsolationForest.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace faultline::core {

namespace {
constexpr double kEulerGamma = 0.5772156649; // the harmonic-number approximation's constant
constexpr double kFlatVersion = 1.0;         // first number of toFlat()

// [0, 1) from 53 random bits: the same on every standard library, unlike uniform_real_distribution.
double unit(std::mt19937_64& rng) { return double(rng() >> 11) * (1.0 / 9007199254740992.0); }
int below(std::mt19937_64& rng, int n) { return int(rng() % quint64(n)); }

struct Builder {
    const std::vector<float>& rows;
    int dims;
    int heightLimit;
    std::mt19937_64& rng;
    std::vector<int> featureOrder;

    float at(int row, int feature) const { return rows[size_t(row) * size_t(dims) + size_t(feature)]; }

    template <typename NodeT>
    int grow(std::vector<NodeT>& nodes, std::vector<int>& idx, int from, int to, int depth) {
        const int id = int(nodes.size());
        nodes.emplace_back();
        const int count = to - from;
        if (depth >= heightLimit || count <= 1) {
            nodes[size_t(id)].size = count;
            return id;
        }
        // A random attribute; one that is constant on these rows cannot split them, so the others
        // are tried in random order before the node becomes a leaf (as scikit-learn does).
        int feature = -1;
        float lo = 0.f, hi = 0.f;
        for (int tried = 0; tried < dims && feature < 0; ++tried) {
            std::swap(featureOrder[size_t(tried)], featureOrder[size_t(tried + below(rng, dims - tried))]);
            const int f = featureOrder[size_t(tried)];
            lo = hi = at(idx[size_t(from)], f);
            for (int i = from + 1; i < to; ++i) {
                const float v = at(idx[size_t(i)], f);
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
            if (hi > lo) feature = f;
        }
        if (feature < 0) {
            nodes[size_t(id)].size = count;
            return id;
        }
        double split = double(lo) + unit(rng) * (double(hi) - double(lo));
        if (split <= double(lo)) split = std::nextafter(double(lo), double(hi)); // keep both sides non-empty
        const auto mid = std::partition(idx.begin() + from, idx.begin() + to,
                                        [&](int r) { return double(at(r, feature)) < split; });
        const int cut = int(mid - idx.begin());
        const int left = grow(nodes, idx, from, cut, depth + 1);
        const int right = grow(nodes, idx, cut, to, depth + 1);
        nodes[size_t(id)].feature = feature;
        nodes[size_t(id)].split = split;
        nodes[size_t(id)].left = left;
        nodes[size_t(id)].right = right;
        return id;
    }
};
} // namespace

double IsolationForest::averagePathLength(double n) {
    if (n <= 1.0) return 0.0;
    if (n <= 2.0) return 1.0;
    return 2.0 * (std::log(n - 1.0) + kEulerGamma) - 2.0 * (n - 1.0) / n;
}

IsolationForest IsolationForest::fit(const std::vector<float>& rows, int dims, const IsolationForestOptions& options) {
    IsolationForest forest;
    forest.m_dims = dims;
    const int n = dims > 0 ? int(rows.size() / size_t(dims)) : 0;
    if (n == 0 || options.trees < 1) return forest;
    forest.m_psi = std::clamp(options.subsample, 1, n);
    std::mt19937_64 rng(options.seed);
    Builder b{rows, dims, int(std::ceil(std::log2(std::max(2, forest.m_psi)))), rng, std::vector<int>(size_t(dims))};
    std::iota(b.featureOrder.begin(), b.featureOrder.end(), 0);
    std::vector<int> all(static_cast<size_t>(n));
    std::iota(all.begin(), all.end(), 0);
    for (int t = 0; t < options.trees; ++t) {
        // Partial Fisher-Yates: the first psi entries are a subsample without replacement.
        for (int i = 0; i < forest.m_psi; ++i) std::swap(all[size_t(i)], all[size_t(i + below(rng, n - i))]);
        std::vector<int> idx(all.begin(), all.begin() + forest.m_psi);
        std::vector<Node> nodes;
        b.grow(nodes, idx, 0, forest.m_psi, 0);
        forest.m_trees.push_back(std::move(nodes));
    }
    return forest;
}

double IsolationForest::meanPathLength(const float* row) const {
    if (m_trees.empty()) return 0.0;
    double sum = 0.0;
    for (const std::vector<Node>& tree : m_trees) {
        int node = 0, depth = 0;
        while (tree[size_t(node)].feature >= 0) {
            const Node& nd = tree[size_t(node)];
            node = double(row[nd.feature]) < nd.split ? nd.left : nd.right;
            ++depth;
        }
        sum += depth + averagePathLength(tree[size_t(node)].size);
    }
    return sum / double(m_trees.size());
}

double IsolationForest::score(const float* row) const {
    const double c = averagePathLength(m_psi);
    return c > 0.0 ? std::pow(2.0, -meanPathLength(row) / c) : 0.5;
}

std::vector<double> IsolationForest::scores(const std::vector<float>& rows) const {
    std::vector<double> out;
    if (m_dims <= 0) return out;
    out.reserve(rows.size() / size_t(m_dims));
    for (size_t start = 0; start + size_t(m_dims) <= rows.size(); start += size_t(m_dims)) out.push_back(score(&rows[start]));
    return out;
}

std::vector<double> IsolationForest::toFlat() const {
    std::vector<double> flat{kFlatVersion, double(m_dims), double(m_psi), double(m_trees.size())};
    for (const std::vector<Node>& tree : m_trees) {
        flat.push_back(double(tree.size()));
        for (const Node& n : tree)
            flat.insert(flat.end(), {double(n.feature), n.split, double(n.left), double(n.right), double(n.size)});
    }
    return flat;
}

bool IsolationForest::fromFlat(const std::vector<double>& flat, IsolationForest* out, QString* error) {
    auto fail = [&](const QString& why) {
        if (error) *error = QStringLiteral("isolation forest: %1").arg(why);
        return false;
    };
    if (flat.size() < 4 || flat[0] != kFlatVersion) return fail(QStringLiteral("unknown layout"));
    IsolationForest f;
    f.m_dims = int(flat[1]);
    f.m_psi = int(flat[2]);
    const double trees = flat[3];
    if (f.m_dims < 1 || f.m_psi < 1 || !(trees >= 0) || trees > 1e6) return fail(QStringLiteral("bad header"));
    size_t at = 4;
    for (int t = 0; t < int(trees); ++t) {
        if (at >= flat.size()) return fail(QStringLiteral("truncated"));
        const double count = flat[at++];
        if (!(count >= 1) || count > double(flat.size() - at) / 5.0) return fail(QStringLiteral("truncated tree"));
        std::vector<Node> nodes(static_cast<size_t>(count));
        for (Node& n : nodes) {
            n.feature = int(flat[at]);
            n.split = flat[at + 1];
            n.left = int(flat[at + 2]);
            n.right = int(flat[at + 3]);
            n.size = int(flat[at + 4]);
            at += 5;
            const bool leaf = n.feature < 0;
            if (!leaf && (n.feature >= f.m_dims || n.left <= 0 || n.right <= 0 || n.left >= int(count) ||
                          n.right >= int(count) || !std::isfinite(n.split)))
                return fail(QStringLiteral("bad node"));
        }
        // Children always follow their parent (grown depth first), so every walk ends at a leaf.
        for (size_t i = 0; i < nodes.size(); ++i)
            if (nodes[i].feature >= 0 && (nodes[i].left <= int(i) || nodes[i].right <= int(i)))
                return fail(QStringLiteral("bad node order"));
        f.m_trees.push_back(std::move(nodes));
    }
    if (at != flat.size()) return fail(QStringLiteral("trailing numbers"));
    *out = std::move(f);
    return true;
}

} // namespace faultline::core
