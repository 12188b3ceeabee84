#include "internal/VariationalAutoencoder.h"

namespace faultline::ml {

namespace F = torch::nn::functional;

VariationalAutoencoderImpl::VariationalAutoencoderImpl(int channels, int size, const std::vector<int64_t>& widths,
                                                       int64_t latent, double klWeight)
    : m_side(size / 8), m_width(widths[2]) {
    m_klWeight = klWeight;
    m_encoder = register_module("encoder", Encoder(channels, widths));
    const int64_t flat = m_width * m_side * m_side;
    m_mu = register_module("mu", torch::nn::Linear(flat, latent));
    m_logvar = register_module("logvar", torch::nn::Linear(flat, latent));
    m_fromCode = register_module("from_code", torch::nn::Linear(latent, flat));
    m_decoder = register_module("decoder", Decoder(channels, widths));
}

NetOutput VariationalAutoencoderImpl::run(const torch::Tensor& x) {
    NetOutput out;
    auto flat = m_encoder->forward(x, &out.features).flatten(1);
    out.code = m_mu->forward(flat);
    // Clamped so that exp() cannot overflow early in training.
    out.logvar = m_logvar->forward(flat).clamp(-20.0, 20.0);
    torch::Tensor z = out.code;
    if (is_training()) z = out.code + torch::randn_like(out.code) * torch::exp(0.5 * out.logvar);
    auto back = torch::leaky_relu(m_fromCode->forward(z), 0.2).view({-1, m_width, m_side, m_side});
    out.recon = m_decoder->forward(back);
    return out;
}

torch::Tensor VariationalAutoencoderImpl::klPerPixel(const NetOutput& out, int64_t pixels) const {
    auto kl = -0.5 * (1 + out.logvar - out.code.pow(2) - out.logvar.exp()).sum(1);
    return kl / double(pixels);
}

torch::Tensor VariationalAutoencoderImpl::loss(const torch::Tensor& x, const NetOutput& out) const {
    const int64_t pixels = x[0].numel();
    return F::mse_loss(out.recon, x) + m_klWeight * klPerPixel(out, pixels).mean();
}

} // namespace faultline::ml
