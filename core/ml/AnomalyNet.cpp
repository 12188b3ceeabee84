#include <torch/torch.h>
#include "internal/AnomalyNet.h"

#include "internal/Autoencoder.h"
#include "internal/BackboneNet.h"
#include "internal/Ganomaly.h"
#include "internal/RestoreModel.h"
#include "internal/SeedAutoencoder.h"
#include "internal/TorchSerial.h"
#include "internal/VariationalAutoencoder.h"

namespace faultline::ml {

namespace F = torch::nn::functional;

torch::Tensor AnomalyNetImpl::loss(const torch::Tensor& x, const NetOutput& out) const {
    return F::mse_loss(out.recon, x);
}

torch::Tensor AnomalyNetImpl::trainingLoss(const torch::Tensor& x) {
    NetOutput out = run(x);
    out.recon = out.recon.to(torch::kFloat32);
    return loss(x, out);
}

torch::Tensor AnomalyNetImpl::validationLoss(const torch::Tensor& x, int64_t /*first*/) {
    return loss(x, run(x));
}

torch::Tensor AnomalyNetImpl::klPerPixel(const NetOutput& out, int64_t /*pixels*/) const {
    return torch::zeros({out.recon.size(0)}, out.recon.options());
}

QByteArray AnomalyNetImpl::weightsToBytes() const { return moduleToBytes(*this); }

bool AnomalyNetImpl::loadWeights(const QByteArray& bytes, const QString& /*source*/, QString* /*error*/) {
    moduleFromBytes(*this, bytes);
    return true;
}

void placeNet(AnomalyNetImpl& net, const torch::Device& device) {
    net.to(device);
    if (!device.is_cpu() || !net.prefersChannelsLast()) return;
    torch::NoGradGuard noGrad;
    for (auto& p : net.parameters())
        if (p.dim() == 4) p.set_data(p.data().contiguous(torch::MemoryFormat::ChannelsLast));
}

torch::Tensor upsample2(const torch::Tensor& x) {
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{x.size(2) * 2, x.size(3) * 2})
                                 .mode(torch::kNearest));
}

torch::Tensor patchFeatures(const torch::Tensor& finer, const torch::Tensor& coarser) {
    auto up = F::interpolate(coarser, F::InterpolateFuncOptions()
                                          .size(std::vector<int64_t>{finer.size(2), finer.size(3)})
                                          .mode(torch::kBilinear)
                                          .align_corners(false));
    auto cat = torch::cat({finer, up}, /*dim=*/1);
    return F::avg_pool2d(cat, F::AvgPool2dFuncOptions(3).stride(1).padding(1).count_include_pad(false));
}

AnomalyNetPtr makeNet(const NetSpec& spec, QString* error) {
    auto fail = [&](const QString& why) -> AnomalyNetPtr {
        if (error) *error = why;
        return nullptr;
    };
    if (spec.size < 8 || spec.size % 8 != 0)
        return fail(QStringLiteral("input size %1 is not a positive multiple of 8").arg(spec.size));
    if (spec.channels != 1 && spec.channels != 3)
        return fail(QStringLiteral("%1 channels: only 1 (grey) or 3 (RGB) are supported").arg(spec.channels));
    // A backbone's architecture is in its TorchScript file, read by loadWeights().
    if (spec.model == QLatin1String("backbone")) return std::make_shared<BackboneNetImpl>(spec.backboneLayers, spec.size);
    if (spec.model == QLatin1String("seed-ae"))
        return std::make_shared<SeedAutoencoderImpl>(spec.channels);
    std::vector<int64_t> widths = spec.widths.empty() ? std::vector<int64_t>{32, 64, 128} : spec.widths;
    if (widths.size() != 3) return fail(QStringLiteral("the encoder needs exactly three widths"));
    for (int64_t w : widths)
        if (w < 1 || w > 4096) return fail(QStringLiteral("encoder width %1 is out of range 1..4096").arg(w));
    if (spec.latent < 1 || spec.latent > 65536)
        return fail(QStringLiteral("latent size %1 is out of range 1..65536").arg(spec.latent));
    if (spec.model == QLatin1String("ae"))
        return std::make_shared<AutoencoderImpl>(spec.channels, spec.size, widths, spec.latent);
    if (spec.model == QLatin1String("vae"))
        return std::make_shared<VariationalAutoencoderImpl>(spec.channels, spec.size, widths, spec.latent,
                                                           spec.klWeight);
    if (spec.model == QLatin1String("restore"))
        return std::make_shared<RestoreModelImpl>(spec.channels, widths);
    if (spec.model == QLatin1String("ganomaly")) {
        if (spec.size < GanomalyImpl::kMinSize)
            return fail(QStringLiteral("ganomaly needs an input of at least %1 px (asked: %2)").arg(GanomalyImpl::kMinSize).arg(spec.size));
        // The first encoder width is DCGAN's base width; the code size is the latent size.
        return std::make_shared<GanomalyImpl>(spec.channels, spec.size, widths[0], spec.latent);
    }
    return fail(QStringLiteral("unknown model '%1' (expected seed-ae, ae, vae, restore, ganomaly or backbone)").arg(spec.model));
}

} // namespace faultline::ml
