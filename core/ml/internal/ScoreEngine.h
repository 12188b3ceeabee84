#pragma once
// Private to faultline_ml. Per-image scores and per-pixel maps of one batch, for every score
// method, shared by the trainer (calibration) and the Scorer. Call in eval() under NoGradGuard.

#include "AnomalyNet.h"
#include "FeatureBank.h"
#include "core/ml/ScoreMethod.h"

#include <map>
#include <vector>

namespace faultline::ml {

struct BatchScores {
    torch::Tensor recon;                          // [N,C,H,W]; undefined when the network did not run
    std::map<ScoreMethod, torch::Tensor> scores;  // [N] per requested method
    std::map<ScoreMethod, torch::Tensor> maps;    // [N,1,H,W] per requested method
};

// The methods a network and its banks support (vae only for the VAE, kNN only with a bank).
std::vector<ScoreMethod> supportedMethods(const AnomalyNetImpl& net, const FeatureBanks& banks);

// Whether `methods` lists `m`.
bool wantsMethod(const std::vector<ScoreMethod>& methods, ScoreMethod m);

// Whether any of these methods needs the network's output (methodNeedsNetwork).
bool needsNetwork(const std::vector<ScoreMethod>& methods);

// The network runs only when a method needs it or wantRecon asks for BatchScores::recon
// (undefined otherwise).
BatchScores scoreBatch(AnomalyNetImpl& net, const FeatureBanks& banks, const torch::Tensor& x,
                       const std::vector<ScoreMethod>& methods, int64_t knnK, bool wantRecon = true);

} // namespace faultline::ml
