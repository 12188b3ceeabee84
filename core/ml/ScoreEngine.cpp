#include "internal/ScoreEngine.h"

#include "internal/ClassicalScores.h"
#include "internal/Ganomaly.h"
#include "internal/NeighbourFeatures.h"
#include "internal/RestoreModel.h"
#include "internal/Ssim.h"
#include "internal/VariationalAutoencoder.h"

#include <algorithm>
#include <cmath>

namespace faultline::ml {

namespace F = torch::nn::functional;

namespace {

constexpr double kTopFraction = 0.01;  // topk: share of the largest pixel errors averaged

// A map of cells [N,1,h,w] scaled bilinearly to the input's pixels.
torch::Tensor toInputSize(const torch::Tensor& cells, const torch::Tensor& x) {
    return F::interpolate(cells, F::InterpolateFuncOptions()
                                     .size(std::vector<int64_t>{x.size(2), x.size(3)})
                                     .mode(torch::kBilinear)
                                     .align_corners(false));
}

// Largest value of a map [N,1,H,W] averaged over square windows of about a twelfth of the side
// (DRAEM's 21 pixels at 256): one bright pixel is noise, a defect covers a neighbourhood.
torch::Tensor peakOfLocalMean(const torch::Tensor& map) {
    int64_t k = std::max<int64_t>(3, map.size(2) / 12);
    if (k % 2 == 0) ++k;
    auto mean = F::avg_pool2d(map, F::AvgPool2dFuncOptions(k).stride(1).padding(k / 2).count_include_pad(false));
    return mean.view({map.size(0), -1}).amax(1);
}

} // namespace

std::vector<ScoreMethod> supportedMethods(const AnomalyNetImpl& net, const FeatureBanks& banks) {
    std::vector<ScoreMethod> m;
    if (net.reconstructs()) m = {ScoreMethod::Mse, ScoreMethod::TopK, ScoreMethod::Ssim, ScoreMethod::Diff};
    if (dynamic_cast<const RestoreModelImpl*>(&net)) m.push_back(ScoreMethod::DefectMap);
    if (dynamic_cast<const VariationalAutoencoderImpl*>(&net)) m.push_back(ScoreMethod::VaeElbo);
    if (dynamic_cast<const GanomalyImpl*>(&net)) m.push_back(ScoreMethod::Ganomaly);
    if (banks.latent.defined()) m.push_back(ScoreMethod::LatentKnn);
    if (banks.patches.defined()) m.push_back(ScoreMethod::PatchKnn);
    if (banks.images.defined()) m.push_back(ScoreMethod::ImageKnn);
    if (banks.texture.defined()) m.push_back(ScoreMethod::TextureKnn);
    if (banks.images.defined() && banks.texture.defined() && banks.knnScale.defined()) m.push_back(ScoreMethod::Knn);
    if (banks.images.defined() && banks.latent.defined() && banks.fusedScale.defined()) m.push_back(ScoreMethod::FusedKnn);
    addClassicalMethods(banks, &m);
    return m;
}

bool wantsMethod(const std::vector<ScoreMethod>& methods, ScoreMethod m) {
    return std::find(methods.begin(), methods.end(), m) != methods.end();
}

bool needsNetwork(const std::vector<ScoreMethod>& methods) {
    return std::any_of(methods.begin(), methods.end(), methodNeedsNetwork);
}

BatchScores scoreBatch(AnomalyNetImpl& net, const FeatureBanks& banks, const torch::Tensor& x,
                       const std::vector<ScoreMethod>& methods, int64_t knnK, bool wantRecon) {
    BatchScores r;
    const int64_t n = x.size(0);
    const bool runNet = wantRecon || needsNetwork(methods);
    NetOutput out;
    torch::Tensor err, flat;  // the reconstruction error [N,1,H,W], and per image [N,H*W]
    if (runNet) {
        out = net.run(x);
        r.recon = out.recon.to(torch::kFloat32);
        err = (r.recon - x).pow(2).mean(1, /*keepdim=*/true);
        flat = err.view({n, -1});
    }
    const int64_t pixels = x[0].numel();

    if (wantsMethod(methods, ScoreMethod::Mse)) {
        r.scores[ScoreMethod::Mse] = flat.mean(1);
        r.maps[ScoreMethod::Mse] = err;
    }
    if (wantsMethod(methods, ScoreMethod::TopK)) {
        const int64_t k = std::max<int64_t>(1, int64_t(std::ceil(kTopFraction * double(flat.size(1)))));
        r.scores[ScoreMethod::TopK] = std::get<0>(flat.topk(k, 1)).mean(1);
        r.maps[ScoreMethod::TopK] = err;
    }
    if (wantsMethod(methods, ScoreMethod::Ssim)) {
        auto dissim = (1.0 - ssimMap(x, r.recon)) / 2.0;
        r.scores[ScoreMethod::Ssim] = dissim.view({n, -1}).mean(1);
        r.maps[ScoreMethod::Ssim] = dissim;
    }
    if (wantsMethod(methods, ScoreMethod::Diff)) {
        auto diff = (r.recon - x).abs().mean(1, /*keepdim=*/true);
        r.scores[ScoreMethod::Diff] = peakOfLocalMean(diff);
        r.maps[ScoreMethod::Diff] = diff;
    }
    if (wantsMethod(methods, ScoreMethod::DefectMap) && out.defectMap.defined()) {
        r.scores[ScoreMethod::DefectMap] = peakOfLocalMean(out.defectMap);
        r.maps[ScoreMethod::DefectMap] = out.defectMap;
    }
    if (wantsMethod(methods, ScoreMethod::Ganomaly) && out.reconCode.defined()) {
        // The code distance has no location: the map is the reconstruction's error, as mse's.
        r.scores[ScoreMethod::Ganomaly] = (out.code - out.reconCode).to(torch::kFloat32).pow(2).mean(1);
        r.maps[ScoreMethod::Ganomaly] = err;
    }
    if (wantsMethod(methods, ScoreMethod::VaeElbo) && out.logvar.defined()) {
        r.scores[ScoreMethod::VaeElbo] = flat.mean(1) + net.klWeight() * net.klPerPixel(out, pixels);
        r.maps[ScoreMethod::VaeElbo] = err;
    }
    const bool fused = wantsMethod(methods, ScoreMethod::FusedKnn) && banks.fusedScale.defined() && banks.images.defined();
    if ((fused || wantsMethod(methods, ScoreMethod::LatentKnn)) && banks.latent.defined()) {
        r.scores[ScoreMethod::LatentKnn] = knnDistance(out.code.to(torch::kFloat32), banks.latent, knnK);
        if (wantsMethod(methods, ScoreMethod::LatentKnn)) r.maps[ScoreMethod::LatentKnn] = err;
    }
    if (wantsMethod(methods, ScoreMethod::PatchKnn) && banks.patches.defined()) {
        auto f = out.features.to(torch::kFloat32); // [N,F,h,w]
        const int64_t h = f.size(2), w = f.size(3);
        auto q = f.permute({0, 2, 3, 1}).reshape({n * h * w, f.size(1)});
        auto d = knnDistance(q, banks.patches, /*k=*/1).view({n, 1, h, w});
        r.scores[ScoreMethod::PatchKnn] = d.view({n, -1}).amax(1);
        r.maps[ScoreMethod::PatchKnn] = toInputSize(d, x);
    }
    const bool knn = wantsMethod(methods, ScoreMethod::Knn) && banks.knnScale.defined();
    torch::Tensor imageDist, textureMap;
    if ((knn || fused || wantsMethod(methods, ScoreMethod::ImageKnn)) && banks.images.defined()) {
        imageDist = knnDistance(imageDescriptors(x), banks.images, /*k=*/1);
        r.scores[ScoreMethod::ImageKnn] = imageDist;
        if (wantsMethod(methods, ScoreMethod::ImageKnn)) r.maps[ScoreMethod::ImageKnn] = err;
    }
    if ((knn || wantsMethod(methods, ScoreMethod::TextureKnn)) && banks.texture.defined()) {
        textureMap = textureDistanceMap(x, banks.texture, banks.textureIndex.get());
        r.scores[ScoreMethod::TextureKnn] = textureMap.view({n, -1}).amax(1);
        if (wantsMethod(methods, ScoreMethod::TextureKnn))
            r.maps[ScoreMethod::TextureKnn] = textureMapToInput(textureMap, x.size(2), x.size(3));
    }
    if (knn) {
        r.scores[ScoreMethod::Knn] = combineKnn(imageDist, r.scores[ScoreMethod::TextureKnn], banks.knnScale);
        r.maps[ScoreMethod::Knn] =
            textureMapToInput(textureInKnnUnits(textureMap, banks.knnScale), x.size(2), x.size(3));
    }
    if (fused && r.scores.count(ScoreMethod::LatentKnn)) {
        // Neither distance has a location: the map is the reconstruction's error, as latent-knn's.
        r.scores[ScoreMethod::FusedKnn] = fuseKnn(imageDist, r.scores[ScoreMethod::LatentKnn], banks.fusedScale);
        r.maps[ScoreMethod::FusedKnn] = err;
    }
    if (runNet) addClassicalScores(x, oneClassFeatures(out.code, out.features), err, banks, methods, &r.scores, &r.maps);
    return r;
}

} // namespace faultline::ml
