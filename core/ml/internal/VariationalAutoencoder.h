#pragma once
// Private to faultline_ml. The variational autoencoder: the default autoencoder's encoder and
// decoder around a Gaussian code (mean and log-variance heads, reparameterised sampling while
// training, the mean at inference). Objective per image: pixel-mean MSE + klWeight * KL / pixels.

#include "Autoencoder.h"

namespace faultline::ml {

class VariationalAutoencoderImpl : public AnomalyNetImpl {
public:
    VariationalAutoencoderImpl(int channels, int size, const std::vector<int64_t>& widths, int64_t latent,
                               double klWeight);
    NetOutput run(const torch::Tensor& x) override;
    torch::Tensor loss(const torch::Tensor& x, const NetOutput& out) const override;
    torch::Tensor klPerPixel(const NetOutput& out, int64_t pixels) const override;

private:
    int64_t m_side;
    int64_t m_width;
    Encoder m_encoder{nullptr};
    torch::nn::Linear m_mu{nullptr}, m_logvar{nullptr}, m_fromCode{nullptr};
    Decoder m_decoder{nullptr};
};
TORCH_MODULE(VariationalAutoencoder);

} // namespace faultline::ml
