#pragma once
// Isolation Forest (Liu, Ting & Zhou, ICDM 2008): random axis-parallel splits isolate a rare point
// in few steps. Each tree is grown on a random subsample of psi rows (without replacement) down to
// the height limit ceil(log2 psi); a point's path length is its depth plus c(size) of the leaf it
// reaches, and its score is s = 2^(-E[h(x)] / c(psi)): close to 1 for an isolated point, below 0.5
// for points in dense regions. Deterministic for a seed (own bit draws from std::mt19937_64, so
// the same on every standard library). Plain value type; const members are safe on any thread.

#include <QString>

#include <cstdint>
#include <vector>

namespace faultline::core {

struct IsolationForestOptions {
    int trees = 100;      // number of isolation trees
    int subsample = 256;  // psi: rows drawn for each tree (all rows when there are fewer)
    quint64 seed = 42;
};

class IsolationForest {
public:
    // rows: count x dims values, row-major. An empty forest (no trees) when there are no rows.
    static IsolationForest fit(const std::vector<float>& rows, int dims, const IsolationForestOptions& options);

    double score(const float* row) const;           // s = 2^(-E[h(x)] / c(psi)), in (0, 1]
    double meanPathLength(const float* row) const;  // E[h(x)] over the trees
    std::vector<double> scores(const std::vector<float>& rows) const; // one per row of `dims` values

    int dims() const { return m_dims; }
    int treeCount() const { return int(m_trees.size()); }
    int subsampleSize() const { return m_psi; }
    bool empty() const { return m_trees.empty(); }

    // Flat numbers that fromFlat() turns back into the same forest (stored in model bundles).
    std::vector<double> toFlat() const;
    // False with *error saying what is wrong for numbers that are no forest.
    static bool fromFlat(const std::vector<double>& flat, IsolationForest* out, QString* error);

    // c(n): the average path length of an unsuccessful binary-search-tree lookup among n points,
    // 2 H(n-1) - 2 (n-1) / n with H(i) = ln(i) + 0.5772156649; c(2) = 1 and c(n <= 1) = 0 exactly
    // (as scikit-learn: the harmonic approximation is poor at n = 2).
    static double averagePathLength(double n);

private:
    struct Node {
        int feature = -1;   // -1: leaf
        double split = 0.0; // rows with value < split go left
        int left = -1, right = -1;
        int size = 0;       // leaf: training rows that reached it
    };
    std::vector<std::vector<Node>> m_trees;
    int m_dims = 0;
    int m_psi = 0;
};

} // namespace faultline::core
