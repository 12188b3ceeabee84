#pragma once
// Private to faultline_ml. The DCGAN generator as GANomaly's decoder: a transposed convolution
// from the code [N,nz,1,1] to the encoder's last map, then 4x4 stride-2 transposed convolutions
// doubling the side back to the input's (BatchNorm + ReLU between), and a sigmoid, since the
// images are in [0,1]. The mirror of DcganEncoder for the same size and width.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

namespace faultline::ml {

class DcganDecoderImpl : public torch::nn::Module {
public:
    DcganDecoderImpl(int channels, int size, int64_t width, int64_t nz);
    torch::Tensor forward(const torch::Tensor& code);  // [N,nz,1,1] -> [N,C,size,size]

private:
    torch::nn::Sequential m_layers{nullptr};
};
TORCH_MODULE(DcganDecoder);

} // namespace faultline::ml
