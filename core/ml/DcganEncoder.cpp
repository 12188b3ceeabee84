#include <torch/torch.h>
#include "internal/DcganEncoder.h"

#include <algorithm>

namespace faultline::ml {

namespace {
constexpr double kDcganLeak = 0.2;          // LeakyReLU slope of DCGAN's discriminator
constexpr int64_t kMaxWidth = 256;     // channel cap: keeps 128 px inputs cheap on a CPU
constexpr int kMinSide = 4;            // strided levels stop at this side (or at an odd one)
}

torch::Tensor forwardInFloat(torch::nn::Sequential& layers, torch::Tensor x) {
    for (auto& layer : *layers) {
        x = layer.forward(x);
        if (x.scalar_type() != torch::kFloat32) x = x.to(torch::kFloat32);
    }
    return x;
}

int DcganEncoderImpl::levelsFor(int size, int* finalSide) {
    int levels = 0, side = size;
    while (side > kMinSide && side % 2 == 0) {
        side /= 2;
        ++levels;
    }
    if (finalSide) *finalSide = side;
    return levels;
}

int64_t DcganEncoderImpl::widthAt(int64_t width, int level) {
    return std::min(kMaxWidth, width << std::min(level, 16));
}

DcganEncoderImpl::DcganEncoderImpl(int channels, int size, int64_t width, int64_t out) {
    int side = 0;
    const int levels = levelsFor(size, &side);
    m_levels = register_module("levels", torch::nn::ModuleList());
    int64_t in = channels;
    for (int i = 0; i < levels; ++i) {
        const int64_t w = widthAt(width, i);
        torch::nn::Sequential level;
        level->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, w, /*kernel_size=*/4).stride(2).padding(1).bias(false)));
        // DCGAN: no normalisation on the input layer.
        if (i > 0) level->push_back(torch::nn::BatchNorm2d(w));
        level->push_back(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(kDcganLeak)));
        m_levels->push_back(level);
        in = w;
    }
    m_final = register_module("final", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, /*kernel_size=*/side).bias(false)));
}

torch::Tensor DcganEncoderImpl::forward(const torch::Tensor& x, std::vector<torch::Tensor>* levels) {
    torch::Tensor a = x;
    for (size_t i = 0; i < m_levels->size(); ++i) {
        torch::nn::Sequential level(m_levels->ptr<torch::nn::SequentialImpl>(i));
        a = forwardInFloat(level, a);
        if (levels) levels->push_back(a);
    }
    return m_final->forward(a).to(torch::kFloat32);
}

} // namespace faultline::ml
