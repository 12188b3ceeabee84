#include <torch/torch.h>
#include "internal/Ganomaly.h"

#include <algorithm>

namespace faultline::ml {

namespace F = torch::nn::functional;

namespace {
constexpr double kAdvWeight = 1.0;     // GANomaly's w_adv
constexpr double kConWeight = 50.0;    // w_con: the L1 reconstruction term
constexpr double kEncWeight = 1.0;     // w_enc: the code distance
constexpr double kDLossFloor = 1e-5;   // D's loss below this: it has won; re-initialise it (the paper's rule)
constexpr double kDivergedLoss = 10.0; // D's epoch-mean loss above this (chance: 2 ln 2 = 1.39): it diverged
constexpr double kBeta1 = 0.5;         // Adam betas of DCGAN's discriminator
constexpr double kBeta2 = 0.999;

void setTrainable(torch::nn::Module& m, bool on) {
    for (auto& p : m.parameters()) p.set_requires_grad(on);
}

// Undefined (not zero) gradients: Adam skips a parameter without one, so the trainer's optimiser,
// which holds every parameter of the network, leaves D alone.
void dropGradients(torch::nn::Module& m) {
    for (auto& p : m.parameters()) p.mutable_grad() = torch::Tensor();
}
} // namespace

GanomalyImpl::GanomalyImpl(int channels, int size, int64_t width, int64_t latent)
    : m_channels(channels), m_size(size), m_width(width) {
    m_encoder = register_module("encoder", DcganEncoder(channels, size, width, latent));
    m_decoder = register_module("decoder", DcganDecoder(channels, size, width, latent));
    m_reencoder = register_module("reencoder", DcganEncoder(channels, size, width, latent));
    m_discriminator = register_module("discriminator", DcganEncoder(channels, size, width, /*out=*/1));
}

NetOutput GanomalyImpl::run(const torch::Tensor& x) {
    std::vector<torch::Tensor> levels;
    auto z = m_encoder->forward(x, &levels);
    auto recon = m_decoder->forward(z);
    auto zr = m_reencoder->forward(recon);
    NetOutput out;
    out.recon = recon;
    out.code = z.flatten(1);
    out.reconCode = zr.flatten(1);
    // The generator encoder's levels at a quarter and an eighth of the side (or the coarsest).
    const size_t finer = std::min<size_t>(1, levels.size() - 1), coarser = std::min<size_t>(2, levels.size() - 1);
    out.features = patchFeatures(levels[finer], levels[coarser]);
    return out;
}

torch::Tensor GanomalyImpl::discriminate(const torch::Tensor& x, torch::Tensor* features) {
    std::vector<torch::Tensor> levels;
    auto logit = m_discriminator->forward(x, &levels).flatten();
    if (features) *features = levels.back();
    return logit;
}

torch::Tensor GanomalyImpl::loss(const torch::Tensor& x, const NetOutput& out) const {
    // Without the adversarial term (D changes as it trains): what validation compares across epochs.
    return kConWeight * (x - out.recon).abs().mean() + kEncWeight * (out.code - out.reconCode).pow(2).mean();
}

void GanomalyImpl::makeDiscriminatorOptimizer() {
    m_dOptimizer = std::make_unique<torch::optim::Adam>(
        m_discriminator->parameters(), torch::optim::AdamOptions(m_learningRate).betas({kBeta1, kBeta2}));
}

void GanomalyImpl::resetDiscriminator() {
    // A fresh D of the same shape, on the same device, from LibTorch's default generator (seeded
    // by the trainer and saved with the checkpoint, so a resumed run resets alike).
    const auto device = m_discriminator->parameters().front().device();
    DcganEncoder fresh(m_channels, m_size, m_width, /*out=*/1);
    fresh->to(device);
    torch::NoGradGuard noGrad;
    auto to = m_discriminator->named_parameters();
    for (const auto& p : fresh->named_parameters()) to[p.key()].copy_(p.value());
    auto toBuffers = m_discriminator->named_buffers();
    for (const auto& b : fresh->named_buffers()) toBuffers[b.key()].copy_(b.value());
    makeDiscriminatorOptimizer();
    if (m_resetEpochs.empty() || m_resetEpochs.back() != m_epoch) m_resetEpochs.push_back(m_epoch);
}

torch::Tensor GanomalyImpl::trainingLoss(const torch::Tensor& x) {
    if (!m_dOptimizer) makeDiscriminatorOptimizer();
    NetOutput out = run(x);

    // D's step: real against the detached reconstruction.
    setTrainable(*m_discriminator, true);
    m_dOptimizer->zero_grad();
    auto real = discriminate(x, nullptr);
    auto fake = discriminate(out.recon.detach(), nullptr);
    auto dLoss = F::binary_cross_entropy_with_logits(real, torch::ones_like(real)) +
                 F::binary_cross_entropy_with_logits(fake, torch::zeros_like(fake));
    dLoss.backward();
    m_dOptimizer->step();
    dropGradients(*m_discriminator);
    const double d = dLoss.item<double>();
    m_dLossSum += d;
    ++m_dBatches;
    if (d < kDLossFloor) resetDiscriminator();

    // The generator's objective; D frozen, so only the generator's parameters get gradients.
    setTrainable(*m_discriminator, false);
    torch::Tensor realFeatures, fakeFeatures;
    {
        torch::NoGradGuard noGrad;
        discriminate(x, &realFeatures);
    }
    discriminate(out.recon, &fakeFeatures);
    auto adversarial = (realFeatures - fakeFeatures).pow(2).mean();
    return kAdvWeight * adversarial + loss(x, out);
}

torch::Tensor GanomalyImpl::validationLoss(const torch::Tensor& x, int64_t /*first*/) { return loss(x, run(x)); }

bool GanomalyImpl::epochDiverged() const {
    return m_dBatches > 0 && !(m_dLossSum / m_dBatches <= kDivergedLoss);
}

void GanomalyImpl::beginEpoch(int epoch, double learningRate) {
    if (epochDiverged()) m_divergedEpochs.push_back(m_epoch);
    m_dLossSum = 0.0;
    m_dBatches = 0;
    m_epoch = epoch;
    m_learningRate = learningRate;
    if (!m_dOptimizer) makeDiscriminatorOptimizer();
    for (auto& group : m_dOptimizer->param_groups())
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(learningRate);
}

QStringList GanomalyImpl::trainingWarnings() const {
    const auto list = [](const std::vector<int>& epochs) {
        QStringList out;
        for (int e : epochs) out << QString::number(e);
        return out.join(QStringLiteral(", "));
    };
    QStringList warnings;
    std::vector<int> diverged = m_divergedEpochs;
    if (epochDiverged() && (diverged.empty() || diverged.back() != m_epoch)) diverged.push_back(m_epoch);
    if (!diverged.empty())
        warnings << QStringLiteral("adversarial training diverged: the discriminator's loss averaged more than %1 "
                                   "(chance is 1.39) in epoch(s) %2, so it no longer tells real images from "
                                   "reconstructions and its features mislead the generator. Lower the learning rate "
                                   "(GANomaly's is 0.0002)")
                        .arg(kDivergedLoss).arg(list(diverged));
    if (m_resetEpochs.empty()) return warnings;
    warnings << QStringLiteral("adversarial training diverged: the discriminator won (its loss fell below %1, so the "
                           "generator learnt nothing from it) in epoch(s) %2 and was re-initialised each time, as "
                           "GANomaly does. If it keeps happening, lower the learning rate (GANomaly's is 0.0002)")
                .arg(kDLossFloor).arg(list(m_resetEpochs));
    return warnings;
}

void GanomalyImpl::saveTrainingState(torch::serialize::OutputArchive& archive) {
    if (!m_dOptimizer) makeDiscriminatorOptimizer();
    torch::serialize::OutputArchive optim;
    m_dOptimizer->save(optim);
    archive.write("discriminator_optimizer", optim);
    std::vector<int64_t> resets(m_resetEpochs.begin(), m_resetEpochs.end());
    archive.write("discriminator_resets", torch::tensor(resets, torch::kInt64));
    std::vector<int64_t> diverged(m_divergedEpochs.begin(), m_divergedEpochs.end());
    archive.write("discriminator_diverged", torch::tensor(diverged, torch::kInt64));
}

void GanomalyImpl::loadTrainingState(torch::serialize::InputArchive& archive) {
    makeDiscriminatorOptimizer();
    torch::serialize::InputArchive optim;
    if (archive.try_read("discriminator_optimizer", optim)) m_dOptimizer->load(optim);
    torch::Tensor resets;
    m_resetEpochs.clear();
    if (archive.try_read("discriminator_resets", resets))
        for (int64_t i = 0; i < resets.numel(); ++i) m_resetEpochs.push_back(int(resets[i].item<int64_t>()));
    torch::Tensor diverged;
    m_divergedEpochs.clear();
    if (archive.try_read("discriminator_diverged", diverged))
        for (int64_t i = 0; i < diverged.numel(); ++i) m_divergedEpochs.push_back(int(diverged[i].item<int64_t>()));
}

} // namespace faultline::ml
