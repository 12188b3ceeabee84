#include <torch/torch.h>
#include "internal/BatchNormBlock.h"

namespace faultline::ml {

namespace {
constexpr double kBatchNormLeak = 0.2; // LeakyReLU negative slope
}

BatchNormBlockImpl::BatchNormBlockImpl(int64_t in, int64_t out) {
    m_conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, /*kernel_size=*/3)
                                                           .padding(1)
                                                           .bias(false)));
    m_norm = register_module("norm", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(out)));
}

torch::Tensor BatchNormBlockImpl::forward(const torch::Tensor& x) {
    // Under bfloat16 autocast the convolution returns bfloat16; normalise in float32 next to the
    // float32 statistics (the next convolution casts back).
    return torch::leaky_relu(m_norm->forward(m_conv->forward(x).to(torch::kFloat32)), kBatchNormLeak);
}

} // namespace faultline::ml
