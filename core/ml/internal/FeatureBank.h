#pragma once
// Private to faultline_ml. Memory banks of normal features and nearest-neighbour distances to them.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>
// (the target's precompiled header), so no header outside those files pulls in LibTorch.

#include <cstdint>
#include <memory>

namespace faultline::ml {

class NeighbourIndex;

struct FeatureBanks {
    torch::Tensor latent;  // [M,D] codes of the training images
    torch::Tensor patches; // [P,F] coreset of the training images' patch features
    torch::Tensor images;  // [M,D] image descriptors of the training images (image-knn)
    torch::Tensor texture; // [P,D] texture windows of the training images (texture-knn)
    // [5]: mean and spread of image-knn, then of texture-knn, over the validation normals, then 1
    // when the images are aligned (whole-image distances count) else 0. `knn` puts both distances
    // on that common scale and takes the larger, or only the texture one for unaligned images.
    torch::Tensor knnScale;
    // FAISS index over `texture`, built at load time when the configuration asks for one (CPU
    // only); null: texture-knn searches `texture` by LibTorch matrix products.
    std::shared_ptr<const NeighbourIndex> textureIndex;
    bool empty() const { return !latent.defined() && !patches.defined() && !images.defined(); }
};

// Mean Euclidean distance of each query row to its k nearest bank rows. queries [Q,D], bank [M,D].
torch::Tensor knnDistance(const torch::Tensor& queries, const torch::Tensor& bank, int64_t k);

// Greedy k-centre coreset (PatchCore): `count` rows of `features` [N,F] that cover it, chosen on a
// seeded random projection; candidates are first subsampled so the cost stays bounded.
torch::Tensor coresetSubsample(const torch::Tensor& features, int64_t count, uint64_t seed);

} // namespace faultline::ml
