#include <torch/torch.h>
#include "internal/BackboneFit.h"

#include "internal/BackboneNet.h"
#include "internal/BundleBuilder.h"

#include <QElapsedTimer>

#include <limits>

namespace faultline::ml {

std::shared_ptr<BackboneNetImpl> loadBackboneNet(const TrainConfig& config, QString* error) {
    auto net = std::make_shared<BackboneNetImpl>(effectiveBackboneLayers(config), config.size);
    if (!net->loadFile(config.backbonePath, error)) return nullptr;
    return net;
}

void fitBackbone(const TrainConfig& given, BackboneNetImpl& net, const QString& fingerprint, const ImageSet& train,
                 const ImageSet& val, torch::Device device, const TrainProgressFn& progress, TrainResult* result) {
    // The bundle records the layers it was fitted on, not "the default".
    TrainConfig config = given;
    config.backboneLayers = effectiveBackboneLayers(given);
    if (config.resume)
        result->warnings << QStringLiteral("a backbone is not trained, so there is nothing to resume: its memory "
                                           "banks are fitted afresh");
    if (config.bundlePath.isEmpty()) {
        result->ok = true; // checked and nothing asked for: the banks are the bundle's
        return;
    }
    net.to(device);

    QElapsedTimer clock;
    clock.start();
    TrainProgress report;
    report.epoch = 1;
    report.epochs = 1;
    report.trainLoss = std::numeric_limits<double>::quiet_NaN(); // nothing is optimised
    report.refreshed = true;
    BundleInputs in;
    in.config = &config;
    in.net = &net;
    in.device = device;
    in.train = &train;
    in.val = &val;
    in.progress = [&](int64_t done, int64_t total) {
        report.batch = int(done);
        report.batchesPerEpoch = int(total);
        const double secs = clock.elapsed() / 1000.0;
        const double images = double(train.count()) * double(done) / double(std::max<int64_t>(1, total));
        report.imagesPerSecond = secs > 0 ? images / secs : 0.0;
        report.etaSeconds = done > 0 ? secs / double(done) * double(total - done) : 0.0;
        return !progress || progress(report);
    };
    in.metadata.model = config.model;
    in.metadata.size = config.size;
    in.metadata.channels = config.channels;
    in.metadata.normalisation = QStringLiteral("imagenet");
    in.metadata.dataFingerprint = fingerprint;
    in.metadata.trainImages = result->trainImages;
    in.metadata.valImages = result->valImages;
    in.metadata.backboneSha256 = net.backbone().sha256();
    if (!buildBundle(in, &result->error)) {
        result->cancelled = in.cancelled;
        return;
    }
    const double secs = clock.elapsed() / 1000.0;
    result->imagesPerSecond = secs > 0 ? double(train.count()) / secs : 0.0;
    result->imagesAligned = in.imagesAligned;
    result->ok = true;
}

} // namespace faultline::ml
