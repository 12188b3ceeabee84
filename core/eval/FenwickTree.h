#pragma once
// Binary indexed tree of counts: add at a position and prefix sums in O(log n), and the
// position of the k-th counted item by descending the tree. Plain value type, not
// thread-safe for writes.

#include <QtGlobal>

#include <algorithm>

#include <vector>

namespace faultline::core {

class FenwickTree {
public:
    FenwickTree() = default;
    // Builds in O(n) from per-position counts.
    explicit FenwickTree(const std::vector<qint64>& counts) : m_tree(counts.size() + 1, 0) {
        for (std::size_t i = 1; i < m_tree.size(); ++i) {
            m_tree[i] += counts[i - 1];
            const std::size_t parent = i + (i & (~i + 1));
            if (parent < m_tree.size())
                m_tree[parent] += m_tree[i];
        }
        m_total = 0;
        for (qint64 c : counts)
            m_total += c;
    }

    std::size_t size() const { return m_tree.empty() ? 0 : m_tree.size() - 1; }
    qint64 total() const { return m_total; }

    void add(std::size_t position, qint64 delta) {
        m_total += delta;
        for (std::size_t i = position + 1; i < m_tree.size(); i += i & (~i + 1))
            m_tree[i] += delta;
    }

    // Sum of positions [0, end).
    qint64 prefix(std::size_t end) const {
        qint64 sum = 0;
        for (std::size_t i = std::min(end, size()); i > 0; i -= i & (~i + 1))
            sum += m_tree[i];
        return sum;
    }

    // The smallest position p with prefix(p + 1) >= k, for k in [1, total()] and non-negative
    // counts; size() when there is none.
    std::size_t lowerBound(qint64 k) const {
        std::size_t pos = 0;
        std::size_t step = 1;
        while (step * 2 <= size())
            step *= 2;
        for (; step > 0; step /= 2) {
            if (pos + step <= size() && m_tree[pos + step] < k) {
                pos += step;
                k -= m_tree[pos];
            }
        }
        return pos;
    }

private:
    std::vector<qint64> m_tree;  // 1-based
    qint64 m_total = 0;
};

} // namespace faultline::core
