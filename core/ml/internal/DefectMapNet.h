#pragma once
// Private to faultline_ml. The defect-map network of the `restore` model: a small U-Net over the
// input and its restoration side by side (2C channels) that predicts, per pixel, whether the
// input was corrupted there. Skip connections here (unlike the restoration network): the map
// must be sharp at the input's resolution.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

#include "BatchNormBlock.h"

#include <vector>

namespace faultline::ml {

class DefectMapNetImpl : public torch::nn::Module {
public:
    // widths: the three levels' channels; inputChannels = 2 x the image's channels.
    DefectMapNetImpl(int inputChannels, const std::vector<int64_t>& widths);
    // Logits [N,1,H,W]; sigmoid gives the defect probability.
    torch::Tensor forward(const torch::Tensor& inputAndRestoration);

private:
    BatchNormBlock m_e1a{nullptr}, m_e1b{nullptr}, m_e2a{nullptr}, m_e2b{nullptr}, m_e3a{nullptr}, m_e3b{nullptr};
    BatchNormBlock m_d2a{nullptr}, m_d2b{nullptr}, m_d1a{nullptr}, m_d1b{nullptr};
    torch::nn::Conv2d m_out{nullptr};
};
TORCH_MODULE(DefectMapNet);

} // namespace faultline::ml
