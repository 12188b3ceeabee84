#include <torch/torch.h>
#include "internal/KCenterCoreset.h"

#include "TrainConfig.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <limits>

namespace faultline::ml {

namespace {
constexpr int64_t kDistanceProjectionDims = 128; // PatchCore's projection width for the distance computations
constexpr int64_t kRowsPerTask = 1024;   // rows per parallel task while updating the distances
} // namespace

KCenterResult kCenterGreedy(const torch::Tensor& rows, int64_t count, uint64_t seed) {
    KCenterResult r;
    const int64_t n = rows.size(0);
    count = std::max<int64_t>(0, std::min(count, n));
    if (count == 0) {
        r.indices = torch::empty({0}, torch::kLong);
        return r;
    }
    auto gen = at::detail::createCPUGenerator(seed);
    auto z = rows.to(torch::kCPU, torch::kFloat32).contiguous();
    if (z.size(1) > kDistanceProjectionDims) {
        auto proj = torch::randn({z.size(1), kDistanceProjectionDims}, gen, z.options()) / std::sqrt(double(kDistanceProjectionDims));
        z = torch::matmul(z, proj).contiguous();
    }
    const int64_t dims = z.size(1);
    const float* data = z.data_ptr<float>();
    std::vector<float> minDist(size_t(n), std::numeric_limits<float>::infinity());
    std::vector<int64_t> picked;
    picked.reserve(size_t(count));
    r.radii.reserve(size_t(count));
    int64_t current = torch::randint(n, {1}, gen, torch::kLong).item<int64_t>();
    for (int64_t i = 0; i < count; ++i) {
        picked.push_back(current);
        const float* c = data + current * dims;
        // Each row's distance is computed directly (no |a|^2 - 2ab + |b|^2 expansion), so the
        // radii are exact and independent of how the rows are split between threads.
        at::parallel_for(0, n, kRowsPerTask, [&](int64_t begin, int64_t end) {
            for (int64_t row = begin; row < end; ++row) {
                const float* a = data + row * dims;
                float s = 0.f;
                for (int64_t j = 0; j < dims; ++j) {
                    const float d = a[j] - c[j];
                    s += d * d;
                }
                if (s < minDist[size_t(row)]) minDist[size_t(row)] = s;
            }
        });
        int64_t far = 0;
        for (int64_t row = 1; row < n; ++row)
            if (minDist[size_t(row)] > minDist[size_t(far)]) far = row;
        r.radii.push_back(std::sqrt(double(minDist[size_t(far)])));
        current = far;
    }
    r.indices = torch::tensor(picked, torch::kLong);
    return r;
}

torch::Tensor textureBankFromSample(const torch::Tensor& sample, const TrainConfig& config) {
    if (config.textureCoreset <= 0 || config.textureCoreset >= sample.size(0)) return sample;
    return sample.index_select(0, kCenterGreedy(sample, config.textureCoreset, config.seed + 3).indices).contiguous();
}

} // namespace faultline::ml
