#pragma once
// Private to faultline_ml: included only by core/ml/*.cpp, never by a public header.
// The common interface of the networks, so the trainer and the scorer need not know
// which one they drive.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>
// (the target's precompiled header), so no header outside those files pulls in LibTorch.

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace faultline::ml {

// Everything one forward pass yields; the scorer uses all of it, the trainer only recon (+ VAE terms).
struct NetOutput {
    torch::Tensor recon;    // [N,C,H,W], in [0,1]; a backbone reconstructs nothing and gives the input itself
    torch::Tensor code;     // [N,D] latent code (VAE: the mean)
    torch::Tensor logvar;   // [N,D] VAE only; undefined for the plain autoencoders
    torch::Tensor features; // [N,F,H/4,W/4] encoder features, locally averaged, for patch kNN
    torch::Tensor defectMap; // [N,1,H,W] in [0,1], restore only: where the defect-map network sees a defect
    torch::Tensor reconCode; // [N,D] ganomaly only: the code of the reconstruction (E(x^)), compared with `code`
};

struct NetSpec {
    QString model;                 // "seed-ae", "ae", "vae" or "restore"
    int size = 32;                 // square input side, multiple of 8
    int channels = 1;              // 1 or 3
    std::vector<int64_t> widths;   // encoder widths of the three levels (seed-ae: fixed 32/64/128)
    int64_t latent = 128;          // dense code size (ae, vae)
    double klWeight = 1.0;         // VAE: weight of the per-pixel KL term against the per-pixel MSE
    QStringList backboneLayers;    // backbone: the TorchScript module's layers whose outputs are the features
};

class AnomalyNetImpl : public torch::nn::Module {
public:
    virtual NetOutput run(const torch::Tensor& x) = 0;
    // Training objective averaged over the batch: pixel MSE (+ weighted KL for the VAE).
    virtual torch::Tensor loss(const torch::Tensor& x, const NetOutput& out) const;
    // One training step's objective on the clean batch x (in train mode, under autocast when asked).
    // Default: loss(x, run(x)); the restoration model corrupts x first (using LibTorch's default
    // CPU generator, which the checkpoint saves) and adds the defect-map term.
    virtual torch::Tensor trainingLoss(const torch::Tensor& x);
    // The validation objective of a batch that starts at image `first` of the validation set; must
    // be the same for the same images in every epoch so epochs compare (no shared random state).
    virtual torch::Tensor validationLoss(const torch::Tensor& x, int64_t first);
    // Per-image KL divergence divided by the pixel count; zeros for non-variational nets.
    virtual torch::Tensor klPerPixel(const NetOutput& out, int64_t pixels) const;
    double klWeight() const { return m_klWeight; }
    // Called by the trainer before each epoch's first batch with that epoch's learning rate (a
    // network with an optimiser of its own, GANomaly's discriminator, follows the schedule).
    virtual void beginEpoch(int /*epoch*/, double /*learningRate*/) {}
    // What the run should tell the user about training itself (GANomaly: the discriminator won).
    virtual QStringList trainingWarnings() const { return {}; }
    // Training state beyond the parameters and the trainer's optimiser, saved with the checkpoint
    // (GANomaly: its discriminator's optimiser). Loading a checkpoint without it keeps the defaults.
    virtual void saveTrainingState(torch::serialize::OutputArchive& /*archive*/) {}
    virtual void loadTrainingState(torch::serialize::InputArchive& /*archive*/) {}
    // False for a network whose recon is not a reconstruction (the backbone): the scores that
    // compare the input with it (mse, topk, ssim, diff) are then not offered.
    virtual bool reconstructs() const { return true; }
    // True for a network of convolutions only, whose weights and activations may be kept
    // channels-last (NHWC) on the CPU, where oneDNN runs such convolutions without reordering
    // every tensor. A network that flattens activations (a dense code) keeps the default layout.
    virtual bool prefersChannelsLast() const { return false; }
    // The bundle's weights section and back. Default: parameters and buffers as a LibTorch
    // archive; loading throws c10::Error when they do not fit (the caller names the architecture).
    // A network that checks its weights itself returns false with *error naming `source`.
    virtual QByteArray weightsToBytes() const;
    virtual bool loadWeights(const QByteArray& bytes, const QString& source, QString* error);

protected:
    double m_klWeight = 0.0;
};
using AnomalyNetPtr = std::shared_ptr<AnomalyNetImpl>;

// Builds the network a spec names; nullptr and *error set for an unknown model or bad shape.
AnomalyNetPtr makeNet(const NetSpec& spec, QString* error);

// Moves the network to the device and, on the CPU, gives a network that prefers it the
// channels-last layout (its 4-D weights; the activations follow them). Call it after every
// load of weights too: loading takes the saved tensors' layout. Numerically the same network.
void placeNet(AnomalyNetImpl& net, const torch::Device& device);

// Encoder features of two levels concatenated at the finer level's resolution and averaged over
// a 3x3 neighbourhood (PatchCore's local aggregation), shared by every network that has an encoder.
torch::Tensor patchFeatures(const torch::Tensor& finer, const torch::Tensor& coarser);

// Nearest-neighbour doubling of the spatial size, the decoders' upsampling.
torch::Tensor upsample2(const torch::Tensor& x);

} // namespace faultline::ml
