#pragma once
// Private to faultline_ml. The classical baselines that compare an image's pixels with training
// normals stored in the bundle: distances to the mean normal image, to the nearest normal image,
// SSIM to the nearest one, and grey-level histogram comparisons (cv::compareHist).

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>
// (the target's precompiled header), so no header outside those files pulls in LibTorch.

#include <cstdint>

namespace faultline::ml {

struct PixelBaseline {
    torch::Tensor score; // [N]
    torch::Tensor map;   // [N,1,H,W]
};

// |x - mean| (l1) or (x - mean)^2 (l2) against the mean normal image [1,C,H,W]; score = pixel mean.
PixelBaseline meanImageDistance(const torch::Tensor& x, const torch::Tensor& mean, bool l2);

// Index [N] of the nearest stored normal [M,C,H,W] by mean |x - n| (l1) or mean (x - n)^2 (l2).
torch::Tensor nearestNormal(const torch::Tensor& x, const torch::Tensor& normals, bool l2);

// The same distances to the chosen normals [N,C,H,W] (exact, whatever picked them).
PixelBaseline pairDistance(const torch::Tensor& x, const torch::Tensor& chosen, bool l2);

// 1 - SSIM (map) and 1 - mean SSIM (score) against the chosen normals [N,C,H,W].
PixelBaseline pairSsim(const torch::Tensor& x, const torch::Tensor& chosen);

// [N, C*kHistogramBins] float32 on the CPU: each channel's histogram of [0,1] values, summing to 1.
torch::Tensor pixelHistograms(const torch::Tensor& x);
constexpr int64_t kHistogramBins = 32; // bins per channel over [0,1]

enum class HistogramCompare { Correlation, ChiSquare, Bhattacharyya };
// Per query row the best match over the bank rows (both from pixelHistograms()), turned so that
// higher = more anomalous: 1 - largest correlation, or the smallest chi-square / Bhattacharyya distance.
torch::Tensor histogramScores(const torch::Tensor& queries, const torch::Tensor& bank, HistogramCompare how);

} // namespace faultline::ml
