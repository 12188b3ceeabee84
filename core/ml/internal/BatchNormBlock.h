#pragma once
// Private to faultline_ml. conv3x3 + BatchNorm + LeakyReLU, the block of the restoration model's
// two networks. BatchNorm here (GroupNorm in `ae`): both networks train on batches that mix
// corrupted and clean images, and at inference (eval mode) the running statistics make an
// image's output independent of its batch.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

namespace faultline::ml {

class BatchNormBlockImpl : public torch::nn::Module {
public:
    BatchNormBlockImpl(int64_t in, int64_t out);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Conv2d m_conv{nullptr};
    torch::nn::BatchNorm2d m_norm{nullptr};
};
TORCH_MODULE(BatchNormBlock);

} // namespace faultline::ml
