#pragma once
// Private to faultline_ml. The default autoencoder: the reference layout plus normalisation and
// LeakyReLU (which keep sparse images from collapsing to a constant output) and a dense code of
// configurable size between encoder and decoder.

#include "AnomalyNet.h"

namespace faultline::ml {

// conv3x3 + GroupNorm + LeakyReLU: the building block of the encoder and decoder. GroupNorm
// rather than BatchNorm: it has no running statistics, so training and inference compute the same
// function from the first epoch on and an image's score does not depend on its batch.
class ConvBlockImpl : public torch::nn::Module {
public:
    ConvBlockImpl(int64_t in, int64_t out);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Conv2d m_conv{nullptr};
    torch::nn::GroupNorm m_norm{nullptr};
};
TORCH_MODULE(ConvBlock);

// Encoder shared by the autoencoder and the VAE: three ConvBlock + maxpool2 levels.
class EncoderImpl : public torch::nn::Module {
public:
    EncoderImpl(int channels, const std::vector<int64_t>& widths);
    // Returns the last level's map [N,w3,H/8,W/8]; *features gets the patch features.
    torch::Tensor forward(const torch::Tensor& x, torch::Tensor* features);

private:
    ConvBlock m_b1{nullptr}, m_b2{nullptr}, m_b3{nullptr};
};
TORCH_MODULE(Encoder);

// Decoder shared by the autoencoder and the VAE: three ConvBlock + upsample2 levels + conv + sigmoid.
class DecoderImpl : public torch::nn::Module {
public:
    DecoderImpl(int channels, const std::vector<int64_t>& widths);
    torch::Tensor forward(const torch::Tensor& map);

private:
    ConvBlock m_b1{nullptr}, m_b2{nullptr}, m_b3{nullptr};
    torch::nn::Conv2d m_out{nullptr};
};
TORCH_MODULE(Decoder);

class AutoencoderImpl : public AnomalyNetImpl {
public:
    AutoencoderImpl(int channels, int size, const std::vector<int64_t>& widths, int64_t latent);
    NetOutput run(const torch::Tensor& x) override;

private:
    int64_t m_side;   // spatial side of the bottleneck map (size / 8)
    int64_t m_width;  // channels of the bottleneck map
    Encoder m_encoder{nullptr};
    torch::nn::Linear m_toCode{nullptr}, m_fromCode{nullptr};
    Decoder m_decoder{nullptr};
};
TORCH_MODULE(Autoencoder);

} // namespace faultline::ml
