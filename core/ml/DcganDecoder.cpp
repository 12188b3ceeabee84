#include <torch/torch.h>
#include "internal/DcganDecoder.h"

#include "internal/DcganEncoder.h"

namespace faultline::ml {

DcganDecoderImpl::DcganDecoderImpl(int channels, int size, int64_t width, int64_t nz) {
    int side = 0;
    const int levels = DcganEncoderImpl::levelsFor(size, &side);
    namespace nn = torch::nn;
    nn::Sequential s;
    // The code to the encoder's last map: [N, w(levels-1), side, side].
    int64_t in = DcganEncoderImpl::widthAt(width, levels - 1);
    s->push_back(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(nz, in, /*kernel_size=*/side).bias(false)));
    s->push_back(nn::BatchNorm2d(in));
    s->push_back(nn::ReLU());
    for (int i = levels - 2; i >= 0; --i) {
        const int64_t w = DcganEncoderImpl::widthAt(width, i);
        s->push_back(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(in, w, /*kernel_size=*/4).stride(2).padding(1).bias(false)));
        s->push_back(nn::BatchNorm2d(w));
        s->push_back(nn::ReLU());
        in = w;
    }
    s->push_back(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(in, channels, /*kernel_size=*/4).stride(2).padding(1).bias(false)));
    s->push_back(nn::Sigmoid());
    m_layers = register_module("layers", s);
}

torch::Tensor DcganDecoderImpl::forward(const torch::Tensor& code) {
    return forwardInFloat(m_layers, code);
}

} // namespace faultline::ml
