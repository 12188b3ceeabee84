#pragma once
// Private to faultline_ml. What the classical scores compare with, built from the training
// normals at bundle-building time: stored normal images, their mean and histograms (pixel
// baselines), and the one-class SVM and isolation forest on the standardised encoder codes.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

#include "FeatureBank.h"
#include "ImageSet.h"
#include "core/ml/TrainConfig.h"

#include <QString>

namespace faultline::ml {

// Fills normals (every training image, or a sample of kMaxStoredNormals seeded by `seed`, rounded
// to 8 bits as stored), normalMean (of every training image) and normalHist.
void buildPixelBanks(const ImageSet& train, quint64 seed, FeatureBanks* banks);

// Fills codeMean/codeStd, the one-class SVM (config.ocsvmNu, config.ocsvmGamma; at most
// kMaxSvmRows seeded rows) and the isolation forest (100 trees, subsample 256, config.seed) from
// the training codes [N,D] (CPU). False with *error when libsvm refuses.
bool buildOneClassBanks(const torch::Tensor& codes, const TrainConfig& config, FeatureBanks* banks, QString* error);

constexpr int64_t kMaxSvmRows = 4096; // codes the one-class SVM trains on (libsvm's cost grows with their square)

} // namespace faultline::ml
