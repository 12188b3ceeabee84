#pragma once
// Private to faultline_ml. GANomaly (Akcay, Atapour-Abarghouei & Breckon, ACCV 2018): a generator
// that encodes the image (z = GE(x)), decodes it (x^ = GD(z)) and encodes the reconstruction again
// (z^ = E(x^)), trained on normal images only against a discriminator D. The anomaly score is the
// distance between the two codes, |z - z^|^2: the second encoder has only seen reconstructions of
// normal images, so an anomaly's reconstruction (which paints it normal) lands elsewhere.
//
// Training, per batch: D steps first on real x against the detached x^ (BCE; its own Adam, betas
// 0.5/0.999 as in DCGAN, at the trainer's learning rate), then the trainer steps the generator on
// w_adv |f(x) - f(x^)|^2 (f: D's last feature map) + w_con |x - x^|_1 + w_enc |z - z^|^2 with
// the paper's weights 1, 50, 1. D's parameters are frozen for the generator's step and hold no
// gradient, so the trainer's optimiser never moves them. When D's loss falls below 1e-5 it has
// won (the generator learns nothing from it): D is re-initialised, as the paper does, and the run
// reports it (trainingWarnings); an epoch whose mean D loss is far above chance (D diverged) is
// reported too. D's optimiser state is saved with the checkpoint.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

#include "AnomalyNet.h"
#include "DcganDecoder.h"
#include "DcganEncoder.h"

#include <memory>

namespace faultline::ml {

class GanomalyImpl : public AnomalyNetImpl {
public:
    GanomalyImpl(int channels, int size, int64_t width, int64_t latent);
    NetOutput run(const torch::Tensor& x) override;
    torch::Tensor loss(const torch::Tensor& x, const NetOutput& out) const override;
    torch::Tensor trainingLoss(const torch::Tensor& x) override;
    torch::Tensor validationLoss(const torch::Tensor& x, int64_t first) override;
    void beginEpoch(int epoch, double learningRate) override;
    QStringList trainingWarnings() const override;
    void saveTrainingState(torch::serialize::OutputArchive& archive) override;
    void loadTrainingState(torch::serialize::InputArchive& archive) override;

    // The smallest input side: the patch features need a level at a quarter of the side.
    static constexpr int kMinSize = 16;
    int discriminatorResets() const { return int(m_resetEpochs.size()); }

private:
    torch::Tensor discriminate(const torch::Tensor& x, torch::Tensor* features);
    void makeDiscriminatorOptimizer();
    void resetDiscriminator();
    bool epochDiverged() const;           // this epoch's mean D loss so far is past kDivergedLoss

    int m_channels, m_size;
    int64_t m_width;
    DcganEncoder m_encoder{nullptr};      // GE
    DcganDecoder m_decoder{nullptr};      // GD
    DcganEncoder m_reencoder{nullptr};    // E
    DcganEncoder m_discriminator{nullptr}; // D: one logit
    std::unique_ptr<torch::optim::Adam> m_dOptimizer;
    double m_learningRate = 2e-4;
    int m_epoch = 0;
    std::vector<int> m_resetEpochs;       // epochs in which D was re-initialised
    std::vector<int> m_divergedEpochs;    // finished epochs whose mean D loss showed divergence
    double m_dLossSum = 0.0;              // D's loss summed over this epoch's batches
    int m_dBatches = 0;
};

} // namespace faultline::ml
