#pragma once
// Private to faultline_ml. The reference convolutional autoencoder, layer for layer as published:
// encoder 3 x (conv3x3 32/64/128 + ReLU + maxpool2), decoder 3 x (conv3x3 128/64/32 + ReLU +
// upsample2), conv3x3 to the input channels + sigmoid. No normalisation: kept as the baseline.

#include "AnomalyNet.h"

namespace faultline::ml {

class SeedAutoencoderImpl : public AnomalyNetImpl {
public:
    explicit SeedAutoencoderImpl(int channels);
    NetOutput run(const torch::Tensor& x) override;

private:
    torch::nn::Conv2d m_enc1{nullptr}, m_enc2{nullptr}, m_enc3{nullptr};
    torch::nn::Conv2d m_dec1{nullptr}, m_dec2{nullptr}, m_dec3{nullptr}, m_out{nullptr};
};
TORCH_MODULE(SeedAutoencoder);

} // namespace faultline::ml
