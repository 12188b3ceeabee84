#include <torch/torch.h>
#include "internal/Ssim.h"

namespace faultline::ml {

namespace F = torch::nn::functional;

namespace {
constexpr int64_t kSsimWindow = 7;      // SSIM Gaussian window side
constexpr double kSsimSigma = 1.5;      // SSIM Gaussian window sigma
constexpr double kSsimC1 = 0.01 * 0.01; // (K1 * L)^2 for L = 1
constexpr double kSsimC2 = 0.03 * 0.03; // (K2 * L)^2

torch::Tensor gaussianWindow(const torch::TensorOptions& options) {
    auto r = torch::arange(kSsimWindow, options) - double(kSsimWindow - 1) / 2.0;
    auto g = torch::exp(-(r * r) / (2.0 * kSsimSigma * kSsimSigma));
    g = g / g.sum();
    return torch::outer(g, g).view({1, 1, kSsimWindow, kSsimWindow});
}
} // namespace

torch::Tensor ssimMap(const torch::Tensor& a, const torch::Tensor& b) {
    auto x = a.mean(1, true), y = b.mean(1, true);
    auto w = gaussianWindow(x.options());
    auto blur = [&](const torch::Tensor& t) {
        return F::conv2d(t, w, F::Conv2dFuncOptions().padding(kSsimWindow / 2));
    };
    auto mx = blur(x), my = blur(y);
    auto sxx = blur(x * x) - mx * mx, syy = blur(y * y) - my * my, sxy = blur(x * y) - mx * my;
    return ((2 * mx * my + kSsimC1) * (2 * sxy + kSsimC2)) /
           ((mx * mx + my * my + kSsimC1) * (sxx + syy + kSsimC2));
}

} // namespace faultline::ml
