#pragma once
// Private to faultline_ml. Memory banks of normal features and nearest-neighbour distances to them.

#include <torch/torch.h>

#include <cstdint>

namespace faultline::ml {

struct FeatureBanks {
    torch::Tensor latent;  // [M,D] codes of the training images
    torch::Tensor patches; // [P,F] coreset of the training images' patch features
    bool empty() const { return !latent.defined() && !patches.defined(); }
};

// Mean Euclidean distance of each query row to its k nearest bank rows. queries [Q,D], bank [M,D].
torch::Tensor knnDistance(const torch::Tensor& queries, const torch::Tensor& bank, int64_t k);

// Greedy k-centre coreset (PatchCore): `count` rows of `features` [N,F] that cover it, chosen on a
// seeded random projection; candidates are first subsampled so the cost stays bounded.
torch::Tensor coresetSubsample(const torch::Tensor& features, int64_t count, uint64_t seed);

} // namespace faultline::ml
