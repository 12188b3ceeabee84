#pragma once
// Private to faultline_ml. The restoration network of the `restore` model: a fully convolutional
// encoder-decoder whose bottleneck is a spatial map (side / 8, no dense code), so it can hold a
// texture; trained to turn a corrupted normal image back into the clean one.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

#include "BatchNormBlock.h"

#include <vector>

namespace faultline::ml {

struct Restoration {
    torch::Tensor image;    // [N,C,H,W] in [0,1]
    torch::Tensor code;     // [N,w3] bottleneck averaged over positions
    torch::Tensor features; // [N,w2+w3,H/4,W/4] patch features of the encoder (see patchFeatures)
};

class RestorationNetImpl : public torch::nn::Module {
public:
    // widths: the three levels' channels (full, half and quarter resolution).
    RestorationNetImpl(int channels, const std::vector<int64_t>& widths);
    Restoration forward(const torch::Tensor& x);

private:
    BatchNormBlock m_e1{nullptr}, m_e2{nullptr}, m_e3{nullptr}, m_mid{nullptr};
    BatchNormBlock m_d3{nullptr}, m_d2{nullptr}, m_d1{nullptr};
    torch::nn::Conv2d m_out{nullptr};
};
TORCH_MODULE(RestorationNet);

} // namespace faultline::ml
