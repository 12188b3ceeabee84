#pragma once
// Private to faultline_ml. The DCGAN encoder (Radford et al. 2016) that GANomaly uses three
// times: the generator's encoder, the encoder of the reconstruction, and the discriminator.
// Strided 4x4 convolutions halve the side while it is even and above 4 (width doubling up to a
// cap, BatchNorm after the first, LeakyReLU 0.2), then one valid convolution over the whole
// remaining map gives [N,out,1,1].

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

#include <vector>

namespace faultline::ml {

// Runs a Sequential layer by layer, each output cast to float32: under bfloat16 autocast the
// convolutions return bfloat16, and BatchNorm's float32 statistics want float32.
torch::Tensor forwardInFloat(torch::nn::Sequential& layers, torch::Tensor x);

class DcganEncoderImpl : public torch::nn::Module {
public:
    DcganEncoderImpl(int channels, int size, int64_t width, int64_t out);
    // [N,out,1,1]; *levels (when given) gets every strided level's map, finest first.
    torch::Tensor forward(const torch::Tensor& x, std::vector<torch::Tensor>* levels = nullptr);

    // How many strided levels an input side gets, and the side they end at.
    static int levelsFor(int size, int* finalSide = nullptr);
    // The channel width of strided level i (0-based) for a first width.
    static int64_t widthAt(int64_t width, int level);

private:
    torch::nn::ModuleList m_levels;   // Sequential(conv, [bn], leaky) each
    torch::nn::Conv2d m_final{nullptr};
};
TORCH_MODULE(DcganEncoder);

} // namespace faultline::ml
