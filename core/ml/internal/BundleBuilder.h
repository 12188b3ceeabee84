#pragma once
// Private to faultline_ml. Turns a trained network into a model bundle: memory banks from the
// training images, calibration from the validation images, metadata, then an atomic write.

#include "AnomalyNet.h"
#include "ImageSet.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/TrainConfig.h"

#include <functional>

namespace faultline::ml {

struct BundleInputs {
    const TrainConfig* config = nullptr;
    AnomalyNetImpl* net = nullptr;
    torch::Device device{torch::kCPU};
    const ImageSet* train = nullptr;
    const ImageSet* val = nullptr;
    BundleMetadata metadata;     // model, size, channels, fingerprint, counts, epochs filled by the caller
    bool imagesAligned = false;  // out: whether knn weighs whole-image distances (see knnUsesWholeImage)
    // Called after each batch of training images the network runs on (done, total batches);
    // false cancels: buildBundle() then returns false with `cancelled` set and writes nothing.
    std::function<bool(int64_t done, int64_t total)> progress;
    bool cancelled = false;      // out
};

// Writes config->bundlePath. The network is left on the CPU in eval mode. metadata.normalisation
// empty means "unit-range".
bool buildBundle(BundleInputs& in, QString* error);

// SHA-256 over the sorted "relative path \t size" lines of the files.
QString dataFingerprint(const QString& root, const QStringList& paths);

} // namespace faultline::ml
