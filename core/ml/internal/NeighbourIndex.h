#pragma once
// Private to faultline_ml. A FAISS index over a bank's rows, built when a bundle is loaded (or a
// bundle is built) and never stored. Searching is const and may run from several threads at once;
// each search runs on as many OpenMP threads as LibTorch's intra-op setting of the calling thread
// (FAISS would otherwise take every core). CPU tensors only.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

#include "core/ml/KnnIndex.h"

#include <QString>

#include <memory>

namespace faultline::ml {

class NeighbourIndex {
public:
    // Indexes `bank` [M,D] (float32, CPU; copied). Kind Exact is not a FAISS index: nullptr with
    // *error set, as for an empty bank or a FAISS failure.
    static std::unique_ptr<NeighbourIndex> build(const torch::Tensor& bank, KnnIndex kind, QString* error);
    ~NeighbourIndex();

    KnnIndex kind() const;
    // Row of the bank the index finds nearest to each query [Q,D]: [Q] int64 (exact for flat;
    // ivf and hnsw may miss the true nearest row and return a near one).
    torch::Tensor nearestRows(const torch::Tensor& queries) const;
    // Euclidean distance of each query to the row nearestRows() found, measured exactly: [Q].
    torch::Tensor nearestDistance(const torch::Tensor& queries) const;

private:
    struct Impl;
    explicit NeighbourIndex(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace faultline::ml
