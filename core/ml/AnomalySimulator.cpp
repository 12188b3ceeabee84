#include <torch/torch.h>
#include "internal/AnomalySimulator.h"

#include "AnomalySimulation.h"
#include "TensorBridge.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>

namespace faultline::ml {

namespace F = torch::nn::functional;

namespace {

constexpr double kCorruptedShare = 0.5;    // share of images corrupted; the rest teach both nets to leave normals alone
constexpr int kMaskCellsLog2Max = 4;       // mask noise grid: 2 to 16 cells per side (blobs from half the image down)
constexpr int64_t kMinCellPixels = 4;      // no mask grid cell smaller than this many pixels
constexpr double kThresholdLow = 0.7;      // region = noise above t spreads, t drawn from [low, high]: about 24%
constexpr double kThresholdHigh = 1.8;     // of the image at t = low, about 4% at t = high
constexpr double kMaxOpacityKeep = 0.8;    // the original shows through the fill by up to this share (faint defects)
constexpr double kMinShift = 0.15;         // intensity change: at least this shift of the mean level ...
constexpr double kMaxShift = 0.4;          // ... and at most this

double uniform(at::Generator& gen, double lo, double hi) {
    return lo + (hi - lo) * torch::rand({1}, gen, torch::kFloat64).item<double>();
}

int64_t below(at::Generator& gen, int64_t n) {
    return n <= 1 ? 0 : torch::randint(n, {1}, gen, torch::kLong).item<int64_t>();
}

// Contrast and level changed, the level pushed away from where it is (dark gets lighter, light
// darker) so that the change survives clipping; per channel for colour images.
torch::Tensor intensityChange(const torch::Tensor& img, at::Generator& gen, double minShift, double maxShift) {
    std::vector<torch::Tensor> channels;
    for (int64_t c = 0; c < img.size(0); ++c) {
        auto ch = img[c];
        const double mean = ch.mean().item<double>();
        const double gain = uniform(gen, 0.6, 1.4);
        const double shift = uniform(gen, minShift, maxShift) * (mean > 0.5 ? -1.0 : 1.0);
        channels.push_back((ch - mean) * gain + mean + shift);
    }
    return torch::stack(channels).clamp(0.0, 1.0);
}

// Another image of the batch, turned by a multiple of 90 degrees and maybe mirrored.
torch::Tensor otherImage(const torch::Tensor& clean, int64_t i, at::Generator& gen) {
    const int64_t n = clean.size(0);
    const int64_t j = n > 1 ? (i + 1 + below(gen, n - 1)) % n : i;
    auto t = torch::rot90(clean[j], 1 + below(gen, 3), {1, 2});
    if (below(gen, 2)) t = t.flip({2});
    return intensityChange(t, gen, 0.0, 0.1);
}

// The image cut into a grid of square patches, shuffled, each turned by a multiple of 90 degrees.
torch::Tensor shuffledPatches(const torch::Tensor& img, at::Generator& gen) {
    const int64_t c = img.size(0), side = img.size(1);
    int64_t grid = int64_t(1) << (1 + below(gen, 3)); // 2, 4 or 8 patches per side
    while (grid > 2 && side / grid < 2) grid /= 2;
    const int64_t p = side / grid;
    auto used = img.slice(1, 0, grid * p).slice(2, 0, grid * p);
    auto cells = used.reshape({c, grid, p, grid, p}).permute({1, 3, 0, 2, 4}).reshape({grid * grid, c, p, p});
    auto order = torch::randperm(grid * grid, gen);
    std::vector<torch::Tensor> moved;
    for (int64_t k = 0; k < grid * grid; ++k)
        moved.push_back(torch::rot90(cells[order[k].item<int64_t>()], below(gen, 4), {1, 2}));
    auto back = torch::stack(moved).reshape({grid, grid, c, p, p}).permute({2, 0, 3, 1, 4}).reshape({c, grid * p, grid * p});
    auto out = img.clone();
    out.slice(1, 0, grid * p).slice(2, 0, grid * p).copy_(back);
    return out;
}

// A procedural texture: smooth noise at a random scale, stretched to a random contrast and level.
torch::Tensor noiseTexture(int64_t c, int64_t side, at::Generator& gen) {
    std::vector<torch::Tensor> channels;
    const int64_t cells = std::max<int64_t>(2, std::min<int64_t>(side / 2, int64_t(4) << below(gen, 4)));
    auto grey = smoothNoise(side, side, cells, cells, gen);
    for (int64_t k = 0; k < c; ++k) {
        auto base = (c == 1 || below(gen, 2)) ? grey : smoothNoise(side, side, cells, cells, gen);
        channels.push_back(base * uniform(gen, 0.2, 0.5) + uniform(gen, 0.2, 0.8));
    }
    return torch::stack(channels).clamp(0.0, 1.0);
}

} // namespace

torch::Tensor smoothNoise(int64_t h, int64_t w, int64_t cellsY, int64_t cellsX, at::Generator gen) {
    auto octave = [&](int64_t cy, int64_t cx) {
        auto grid = torch::rand({1, 1, cy + 1, cx + 1}, gen, torch::kFloat32) * 2.0 - 1.0;
        return F::interpolate(grid, F::InterpolateFuncOptions()
                                        .size(std::vector<int64_t>{h, w})
                                        .mode(torch::kBicubic)
                                        .align_corners(true))[0][0];
    };
    return octave(cellsY, cellsX) + 0.5 * octave(cellsY * 2, cellsX * 2);
}

SimulatedBatch simulateAnomalies(const torch::Tensor& cleanIn, at::Generator gen) {
    torch::NoGradGuard noGrad;
    auto clean = cleanIn.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    const int64_t n = clean.size(0), c = clean.size(1), h = clean.size(2), w = clean.size(3);
    auto images = clean.clone();
    auto masks = torch::zeros({n, 1, h, w});
    const int64_t maxCellsY = std::max<int64_t>(2, h / kMinCellPixels), maxCellsX = std::max<int64_t>(2, w / kMinCellPixels);
    for (int64_t i = 0; i < n; ++i) {
        if (uniform(gen, 0.0, 1.0) >= kCorruptedShare) continue;
        const int64_t cy = std::min<int64_t>(maxCellsY, int64_t(2) << below(gen, kMaskCellsLog2Max));
        const int64_t cx = std::min<int64_t>(maxCellsX, int64_t(2) << below(gen, kMaskCellsLog2Max));
        auto noise = smoothNoise(h, w, cy, cx, gen);
        noise = (noise - noise.mean()) / noise.std().clamp_min(1e-6);
        auto mask = (noise > uniform(gen, kThresholdLow, kThresholdHigh)).to(torch::kFloat32);
        if (mask.sum().item<double>() < 1.0) continue;
        torch::Tensor fill;
        switch (below(gen, 4)) {
        case 0: fill = otherImage(clean, i, gen); break;
        case 1: fill = shuffledPatches(clean[i], gen); break;
        case 2: fill = intensityChange(clean[i], gen, kMinShift, kMaxShift); break;
        default: fill = noiseTexture(c, std::max(h, w), gen).slice(1, 0, h).slice(2, 0, w); break;
        }
        const double keep = uniform(gen, 0.0, kMaxOpacityKeep);
        auto blended = (1.0 - keep) * fill + keep * clean[i];
        // The mask marks the pixels that actually changed: a fill that happens to match the
        // original somewhere (a shuffled patch onto a like patch) is not a defect there.
        auto changed = ((blended - clean[i]).abs().amax(0) > 1.0 / 255.0).to(torch::kFloat32) * mask;
        images[i] = clean[i] * (1.0 - changed) + blended * changed;
        masks[i][0] = changed;
    }
    return {images.to(cleanIn.device()), masks.to(cleanIn.device())};
}

SimulatedImages simulateAnomalyImages(const std::vector<cv::Mat>& clean, uint64_t seed) {
    SimulatedImages out;
    if (clean.empty()) return out;
    const SimulatedBatch sim = simulateAnomalies(matsToBatch(clean), at::detail::createCPUGenerator(seed));
    out.images = batchToMats(sim.images);
    for (const cv::Mat& m : batchToMats(sim.masks)) {
        cv::Mat mask;
        m.convertTo(mask, CV_8U, 255.0);
        out.masks.push_back(mask);
    }
    return out;
}

} // namespace faultline::ml
