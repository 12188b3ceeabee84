#pragma once
// Private to faultline_ml. Local structural similarity of two image batches, shared by the ssim
// score and the restoration model's training loss.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

namespace faultline::ml {

// SSIM of the grey (channel-mean) versions of a and b [N,C,H,W] in [0,1], 7x7 Gaussian window
// (sigma 1.5), zero padding: [N,1,H,W], 1 where the two agree.
torch::Tensor ssimMap(const torch::Tensor& a, const torch::Tensor& b);

} // namespace faultline::ml
