#pragma once
// Private to faultline_ml. Greedy k-centre selection (PatchCore, Roth et al. 2022) over every row
// of a bank: start from a seeded random row, then repeatedly add the row farthest from those
// chosen. Cost: count passes over the rows (O(count x rows x dims)), single pass each, on the
// LibTorch intra-op threads. Deterministic for a seed and a thread count.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

#include <cstdint>
#include <vector>

namespace faultline::ml {

struct KCenterResult {
    torch::Tensor indices;     // [count] int64 rows of the input, in the order they were chosen
    // radii[i]: covering radius of the first i+1 rows (the largest distance of any input row to
    // its nearest chosen row), in the space the distances were measured in (see below).
    std::vector<double> radii;
};

// Rows with more than 128 columns are compared on a seeded Gaussian projection to 128 (as
// PatchCore does); narrower rows are compared as they are. count is clamped to rows.size(0).
KCenterResult kCenterGreedy(const torch::Tensor& rows, int64_t count, uint64_t seed);

struct TrainConfig;
// The texture bank kept from a window sample: the sample itself, or, with config.textureCoreset
// rows fewer than it has, their greedy k-centre coreset (seeded from config.seed). The bundle's
// bank and the training-set check's fold banks are both made here, so they are the same kind.
torch::Tensor textureBankFromSample(const torch::Tensor& sample, const TrainConfig& config);

} // namespace faultline::ml
