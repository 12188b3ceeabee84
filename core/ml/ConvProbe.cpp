#include "ConvProbe.h"

#include "DeviceSelect.h"

#include <torch/torch.h>

#include <chrono>

namespace faultline::ml {

ConvProbeResult probeConvolution(int threads, int repeats) {
    applyThreads(threads);
    constexpr int64_t kBatch = 16, kChannels = 128, kSide = 64; // big enough to leave overheads behind
    const double flops = 2.0 * 9 * kChannels * kChannels * kSide * kSide * kBatch;
    torch::manual_seed(0);
    auto conv = torch::nn::Conv2d(torch::nn::Conv2dOptions(kChannels, kChannels, 3).padding(1));
    auto x = torch::randn({kBatch, kChannels, kSide, kSide}, torch::requires_grad());
    auto seconds = [](auto&& f, int n) {
        f(); // warm-up: oneDNN picks and caches its kernels
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < n; ++i) f();
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / n;
    };
    ConvProbeResult r;
    {
        torch::NoGradGuard noGrad;
        r.forwardGflops = flops / seconds([&] { conv->forward(x); }, repeats) / 1e9;
    }
    r.trainingGflops = 3.0 * flops / seconds([&] { conv->forward(x).sum().backward(); }, repeats) / 1e9;
    return r;
}

} // namespace faultline::ml
