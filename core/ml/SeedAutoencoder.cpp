#include "internal/SeedAutoencoder.h"

namespace faultline::ml {

namespace {
torch::nn::Conv2d conv3x3(int64_t in, int64_t out) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, /*kernel_size=*/3).padding(1));
}
torch::Tensor pool2(const torch::Tensor& x) { return torch::max_pool2d(x, /*kernel_size=*/2); }
} // namespace

SeedAutoencoderImpl::SeedAutoencoderImpl(int channels) {
    m_enc1 = register_module("enc1", conv3x3(channels, 32));
    m_enc2 = register_module("enc2", conv3x3(32, 64));
    m_enc3 = register_module("enc3", conv3x3(64, 128));
    m_dec1 = register_module("dec1", conv3x3(128, 128));
    m_dec2 = register_module("dec2", conv3x3(128, 64));
    m_dec3 = register_module("dec3", conv3x3(64, 32));
    m_out = register_module("out", conv3x3(32, channels));
}

NetOutput SeedAutoencoderImpl::run(const torch::Tensor& x) {
    auto a1 = pool2(torch::relu(m_enc1->forward(x)));
    auto a2 = pool2(torch::relu(m_enc2->forward(a1)));
    auto a3 = pool2(torch::relu(m_enc3->forward(a2)));
    auto d = upsample2(torch::relu(m_dec1->forward(a3)));
    d = upsample2(torch::relu(m_dec2->forward(d)));
    d = upsample2(torch::relu(m_dec3->forward(d)));
    NetOutput out;
    out.recon = torch::sigmoid(m_out->forward(d));
    out.code = a3.flatten(1);
    out.features = patchFeatures(a2, a3);
    return out;
}

} // namespace faultline::ml
