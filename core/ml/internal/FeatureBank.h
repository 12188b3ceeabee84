#pragma once
// Private to faultline_ml. Memory banks of normal features and nearest-neighbour distances to them.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>
// (the target's precompiled header), so no header outside those files pulls in LibTorch.

#include "core/oneclass/IsolationForest.h"

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
    // [4] float64: mean and spread of image-knn, then of latent-knn, over the validation normals;
    // `fused-knn` averages the two distances in those units (absent from older bundles).
    torch::Tensor fusedScale;
    // Pixel baselines (absent from bundles written before them):
    torch::Tensor normals;    // [M,C,H,W] float in [0,1]: stored training normals (at most kMaxStoredNormals)
    torch::Tensor normalMean; // [1,C,H,W] mean of every training normal
    torch::Tensor normalHist; // [M, C*bins] CPU: histograms of `normals` (pixelHistograms())
    // One-class classifiers on the encoder's code (absent from bundles written before them):
    torch::Tensor codeMean;   // [D] training codes' mean
    torch::Tensor codeStd;    // [D] their spread (floored), so code' = (code - mean) / std
    torch::Tensor svmVectors; // [S,D] float32 support vectors of the one-class SVM (standardised codes)
    torch::Tensor svmCoef;    // [S] float64 their coefficients
    torch::Tensor svmParams;  // [2] float64: rho, gamma
    std::shared_ptr<const core::IsolationForest> forest; // on standardised codes
    // FAISS index over `texture`, built at load time when the configuration asks for one (CPU
    // only); null: texture-knn searches `texture` by LibTorch matrix products.
    std::shared_ptr<const NeighbourIndex> textureIndex;
    bool empty() const { return !latent.defined() && !patches.defined() && !images.defined(); }
    // The tensors on `device` (histograms and the forest stay on the CPU, where they are used).
    FeatureBanks to(torch::Device device) const;
};

constexpr int64_t kMaxStoredNormals = 4096; // training normals kept for the pixel baselines (seeded sample beyond)

// The bundle's "features" archive: every bank that is defined. Normals are stored as 8-bit
// (a quarter of the floats' size); readBanks() gives them back as floats / 255.
void writeBanks(torch::serialize::OutputArchive& archive, const FeatureBanks& banks);
// Keys missing from older bundles leave their banks undefined. Throws c10::Error on a damaged
// archive, std::runtime_error on a forest that does not decode.
FeatureBanks readBanks(torch::serialize::InputArchive& archive, torch::Device device);
// What readBanks() gives back for stored normals: the 8-bit rounding, as floats.
torch::Tensor roundNormals(const torch::Tensor& normals);

// Mean Euclidean distance of each query row to its k nearest bank rows. queries [Q,D], bank [M,D].
torch::Tensor knnDistance(const torch::Tensor& queries, const torch::Tensor& bank, int64_t k);

// Greedy k-centre coreset (PatchCore): `count` rows of `features` [N,F] that cover it, chosen on a
// seeded random projection; candidates are first subsampled so the cost stays bounded.
torch::Tensor coresetSubsample(const torch::Tensor& features, int64_t count, uint64_t seed);

} // namespace faultline::ml
