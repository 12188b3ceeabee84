#pragma once
// Private to faultline_ml. The scores that compare with what bundle building stored rather than
// with the network's reconstruction: the pixel baselines (mean image, nearest normal, SSIM to it,
// histograms) and the one-class classifiers on the encoder's code (one-class SVM, isolation forest).

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

#include "FeatureBank.h"
#include "core/ml/ScoreMethod.h"

#include <map>
#include <vector>

namespace faultline::ml {

// Appends the methods these banks support (each needs its bank: older bundles lack them).
void addClassicalMethods(const FeatureBanks& banks, std::vector<ScoreMethod>* methods);

// What the one-class classifiers read [N,D]: the network's code when it has at most
// kMaxOneClassDims values (ae, vae: the dense code; restore: the pooled bottleneck), else the
// encoder's patch features averaged over positions (seed-ae, whose code is its whole bottleneck).
torch::Tensor oneClassFeatures(const torch::Tensor& code, const torch::Tensor& features);
constexpr int64_t kMaxOneClassDims = 1024;

// Scores [N] and maps [N,1,H,W] of the requested classical methods for the batch x [N,C,H,W] with
// the network's oneClassFeatures() [N,D]; `err` [N,1,H,W] (the squared reconstruction error) is the map of the
// one-class classifiers, which have none of their own.
void addClassicalScores(const torch::Tensor& x, const torch::Tensor& code, const torch::Tensor& err,
                        const FeatureBanks& banks, const std::vector<ScoreMethod>& methods,
                        std::map<ScoreMethod, torch::Tensor>* scores, std::map<ScoreMethod, torch::Tensor>* maps);

// (code - mean) / std with the banks' training statistics, float32.
torch::Tensor standardisedCode(const torch::Tensor& code, const FeatureBanks& banks);

// Minus the one-class SVM's decision value [N] for standardised codes [N,D] (higher = more anomalous).
torch::Tensor ocsvmScores(const torch::Tensor& z, const FeatureBanks& banks);

} // namespace faultline::ml
