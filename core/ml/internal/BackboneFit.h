#pragma once
// Private to faultline_ml. "Training" a pretrained backbone: no gradient steps, one pass of the
// training images through it to fit the memory banks (PatchCore's coreset of patch features,
// the one-class classifiers on pooled image vectors), calibration on the validation images,
// and the bundle, which embeds the TorchScript file. Same contract as train(): progress after
// every batch of images from the caller's thread, false cancels within a batch, errors name the
// file, the bundle is written atomically or not at all.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

#include "ImageSet.h"
#include "core/ml/Trainer.h"

#include <memory>

namespace faultline::ml {

class BackboneNetImpl;

// Reads and checks config.backbonePath and its layers at config.size, before any image is
// decoded; nullptr with *error naming the file and the reason.
std::shared_ptr<BackboneNetImpl> loadBackboneNet(const TrainConfig& config, QString* error);

// Fills *result (error, warnings, cancelled, ok, imagesPerSecond, imagesAligned); the caller has
// set its image counts. `fingerprint`: dataFingerprint() of the training and validation images.
void fitBackbone(const TrainConfig& config, BackboneNetImpl& net, const QString& fingerprint, const ImageSet& train,
                 const ImageSet& val, torch::Device device, const TrainProgressFn& progress, TrainResult* result);

} // namespace faultline::ml
