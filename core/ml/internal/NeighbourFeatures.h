#pragma once
// Private to faultline_ml. Descriptors of the input pixels themselves for the nearest-neighbour
// scores that need no network: one per image (aligned parts: is the whole image like a normal
// one?) and one per local patch (textures: is this patch like any normal patch?).

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>
// (the target's precompiled header), so no header outside those files pulls in LibTorch.

#include <cstdint>

namespace faultline::ml {

class NeighbourIndex;

// [N, C*16*16]: the image averaged down to 16 x 16, one row per image.
torch::Tensor imageDescriptors(const torch::Tensor& x);

// [N, D, H/4-1, W/4-1]: every 8 x 8 window (stride 4) of the image and of its local detail energy
// (how much fine structure the neighbourhood has; a blurred or smeared region loses it).
torch::Tensor textureDescriptors(const torch::Tensor& x);

// Per-image texture distance map [N,1,H/4-1,W/4-1] to the bank, smoothed over neighbouring windows.
// With an index (built over the same bank) the nearest rows come from it, else by matrix products.
torch::Tensor textureDistanceMap(const torch::Tensor& x, const torch::Tensor& bank, const NeighbourIndex* index = nullptr);

// A texture map [N,1,h,w] at the input's pixels [N,1,height,width], each window's value at its centre.
torch::Tensor textureMapToInput(const torch::Tensor& cells, int64_t height, int64_t width);

// `knn` from per-image image-knn and texture-knn scores [N] and FeatureBanks::knnScale: each in
// units of its validation spread, the larger of the two for aligned images, texture alone else.
torch::Tensor combineKnn(const torch::Tensor& imageScore, const torch::Tensor& textureScore, const torch::Tensor& scale);

// `fused-knn` from per-image image-knn and latent-knn scores [N] and FeatureBanks::fusedScale:
// the mean of the two, each in units of its validation spread.
torch::Tensor fuseKnn(const torch::Tensor& imageScore, const torch::Tensor& latentScore, const torch::Tensor& scale);

// A texture distance (map or score) in the units `knn` uses.
torch::Tensor textureInKnnUnits(const torch::Tensor& texture, const torch::Tensor& scale);

// Gaussian blur of [N,1,H,W] with replicated borders.
torch::Tensor gaussianBlur(const torch::Tensor& x, double sigma);

} // namespace faultline::ml
