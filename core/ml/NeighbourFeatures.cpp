#include <torch/torch.h>
#include "internal/NeighbourFeatures.h"

#include "internal/FeatureBank.h"
#include "internal/NeighbourIndex.h"

#include <cmath>

namespace faultline::ml {

namespace F = torch::nn::functional;

namespace {
constexpr int64_t kImageSide = 16;      // image descriptor side: coarse enough to forgive small shifts
constexpr int64_t kWindow = 8;          // texture window side in input pixels
constexpr int64_t kStride = 4;          // texture window stride (the map's cell size)
constexpr double kDetailSigma = 1.0;    // detail = |x - blur(x)|, then averaged with the same blur
constexpr double kDetailGain = 4.0;     // puts detail energy on the scale of the pixel values
constexpr double kMapSigma = 1.0;       // smoothing of the distance map, in cells
} // namespace

torch::Tensor gaussianBlur(const torch::Tensor& x, double sigma) {
    const int64_t side = int64_t(std::ceil(sigma * 3.0)) * 2 + 1;
    auto r = torch::arange(side, x.options()) - double(side / 2);
    auto g = torch::exp(-(r * r) / (2.0 * sigma * sigma));
    g = g / g.sum();
    auto w = torch::outer(g, g).view({1, 1, side, side});
    const int64_t p = side / 2;
    return F::conv2d(F::pad(x, F::PadFuncOptions({p, p, p, p}).mode(torch::kReplicate)), w);
}

torch::Tensor imageDescriptors(const torch::Tensor& x) {
    auto small = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions({kImageSide, kImageSide}));
    return small.reshape({x.size(0), -1}).to(torch::kFloat32);
}

torch::Tensor textureDescriptors(const torch::Tensor& x) {
    auto grey = x.mean(1, /*keepdim=*/true);
    auto detail = gaussianBlur((grey - gaussianBlur(grey, kDetailSigma)).abs(), kDetailSigma) * kDetailGain;
    auto planes = torch::cat({x, detail}, 1).to(torch::kFloat32);
    // No padding: windows that hang over the border would be rare in the bank and look anomalous
    // on every image.
    auto cols = F::unfold(planes, F::UnfoldFuncOptions({kWindow, kWindow}).stride(kStride)); // [N,D,L]
    return cols.view({x.size(0), cols.size(1), (x.size(2) - kWindow) / kStride + 1, (x.size(3) - kWindow) / kStride + 1});
}

torch::Tensor textureDistanceMap(const torch::Tensor& x, const torch::Tensor& bank, const NeighbourIndex* index) {
    auto d = textureDescriptors(x);
    const int64_t n = d.size(0), h = d.size(2), w = d.size(3);
    auto q = d.permute({0, 2, 3, 1}).reshape({n * h * w, d.size(1)});
    auto nearest = index ? index->nearestDistance(q).to(q.device()) : knnDistance(q, bank, /*k=*/1);
    auto dist = nearest.view({n, 1, h, w});
    return gaussianBlur(dist, kMapSigma);
}

namespace {
double scaleAt(const torch::Tensor& scale, int64_t i) { return scale[i].item<double>(); }
} // namespace

torch::Tensor textureInKnnUnits(const torch::Tensor& texture, const torch::Tensor& scale) {
    return (texture - scaleAt(scale, 2)) / scaleAt(scale, 3);
}

torch::Tensor combineKnn(const torch::Tensor& imageScore, const torch::Tensor& textureScore, const torch::Tensor& scale) {
    auto zTexture = textureInKnnUnits(textureScore, scale);
    if (scaleAt(scale, 4) <= 0.5) return zTexture;
    return torch::maximum((imageScore - scaleAt(scale, 0)) / scaleAt(scale, 1), zTexture);
}

torch::Tensor fuseKnn(const torch::Tensor& imageScore, const torch::Tensor& latentScore, const torch::Tensor& scale) {
    return ((imageScore - scaleAt(scale, 0)) / scaleAt(scale, 1) + (latentScore - scaleAt(scale, 2)) / scaleAt(scale, 3)) / 2.0;
}

torch::Tensor textureMapToInput(const torch::Tensor& cells, int64_t height, int64_t width) {
    // Window i covers pixels [4i, 4i+8): its centre lies 2 pixels further in than the centre of
    // cell i of a plain 4x enlargement of the grid; the 2-pixel rim repeats the edge.
    const int64_t rim = (kWindow - kStride) / 2;
    auto inner = F::interpolate(cells, F::InterpolateFuncOptions()
                                           .size(std::vector<int64_t>{height - 2 * rim, width - 2 * rim})
                                           .mode(torch::kBilinear)
                                           .align_corners(false));
    return F::pad(inner, F::PadFuncOptions({rim, rim, rim, rim}).mode(torch::kReplicate));
}

} // namespace faultline::ml
