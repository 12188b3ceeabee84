#include "internal/Autoencoder.h"

namespace faultline::ml {

namespace {
constexpr double kConvBlockLeak = 0.2; // LeakyReLU negative slope
torch::Tensor leaky(const torch::Tensor& x) {
    return torch::leaky_relu(x, kConvBlockLeak);
}
} // namespace

ConvBlockImpl::ConvBlockImpl(int64_t in, int64_t out) {
    m_conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, /*kernel_size=*/3)
                                                           .padding(1)
                                                           .bias(false)));
    m_norm = register_module("norm", torch::nn::GroupNorm(torch::nn::GroupNormOptions(std::max<int64_t>(1, out / 8), out)));
}

torch::Tensor ConvBlockImpl::forward(const torch::Tensor& x) {
    // Under bfloat16 autocast the convolution returns bfloat16, but LibTorch 1.13's CPU group
    // norm takes only float32 input next to its float32 weights: normalise in float32 (the next
    // convolution casts back).
    return leaky(m_norm->forward(m_conv->forward(x).to(torch::kFloat32)));
}

EncoderImpl::EncoderImpl(int channels, const std::vector<int64_t>& widths) {
    m_b1 = register_module("b1", ConvBlock(channels, widths[0]));
    m_b2 = register_module("b2", ConvBlock(widths[0], widths[1]));
    m_b3 = register_module("b3", ConvBlock(widths[1], widths[2]));
}

torch::Tensor EncoderImpl::forward(const torch::Tensor& x, torch::Tensor* features) {
    auto a1 = torch::max_pool2d(m_b1->forward(x), 2);
    auto a2 = torch::max_pool2d(m_b2->forward(a1), 2);
    auto a3 = torch::max_pool2d(m_b3->forward(a2), 2);
    if (features) *features = patchFeatures(a2, a3);
    return a3;
}

DecoderImpl::DecoderImpl(int channels, const std::vector<int64_t>& widths) {
    m_b1 = register_module("b1", ConvBlock(widths[2], widths[2]));
    m_b2 = register_module("b2", ConvBlock(widths[2], widths[1]));
    m_b3 = register_module("b3", ConvBlock(widths[1], widths[0]));
    m_out = register_module("out", torch::nn::Conv2d(torch::nn::Conv2dOptions(widths[0], channels, 3).padding(1)));
}

torch::Tensor DecoderImpl::forward(const torch::Tensor& map) {
    auto d = upsample2(m_b1->forward(map));
    d = upsample2(m_b2->forward(d));
    d = upsample2(m_b3->forward(d));
    return torch::sigmoid(m_out->forward(d));
}

AutoencoderImpl::AutoencoderImpl(int channels, int size, const std::vector<int64_t>& widths, int64_t latent)
    : m_side(size / 8), m_width(widths[2]) {
    m_encoder = register_module("encoder", Encoder(channels, widths));
    const int64_t flat = m_width * m_side * m_side;
    m_toCode = register_module("to_code", torch::nn::Linear(flat, latent));
    m_fromCode = register_module("from_code", torch::nn::Linear(latent, flat));
    m_decoder = register_module("decoder", Decoder(channels, widths));
}

NetOutput AutoencoderImpl::run(const torch::Tensor& x) {
    NetOutput out;
    auto map = m_encoder->forward(x, &out.features);
    out.code = m_toCode->forward(map.flatten(1));
    auto back = leaky(m_fromCode->forward(out.code)).view({-1, m_width, m_side, m_side});
    out.recon = m_decoder->forward(back);
    return out;
}

} // namespace faultline::ml
