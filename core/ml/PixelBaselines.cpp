#include <torch/torch.h>
#include "internal/PixelBaselines.h"

#include "internal/Ssim.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <limits>

namespace faultline::ml {

namespace {
constexpr int64_t kBankBlock = 512; // stored normals compared per block (bounds the distance matrix)

PixelBaseline fromDifference(const torch::Tensor& diff, bool l2) {
    auto per = l2 ? diff.pow(2) : diff.abs();
    PixelBaseline r;
    r.map = per.mean(1, /*keepdim=*/true);
    r.score = per.reshape({per.size(0), -1}).mean(1);
    return r;
}
} // namespace

PixelBaseline meanImageDistance(const torch::Tensor& x, const torch::Tensor& mean, bool l2) {
    return fromDifference(x - mean, l2);
}

torch::Tensor nearestNormal(const torch::Tensor& x, const torch::Tensor& normals, bool l2) {
    const int64_t n = x.size(0), m = normals.size(0);
    auto q = x.reshape({n, -1});
    auto best = torch::full({n}, std::numeric_limits<float>::infinity(), q.options());
    auto bestIdx = torch::zeros({n}, q.options().dtype(torch::kLong));
    for (int64_t start = 0; start < m; start += kBankBlock) {
        auto b = normals.slice(0, start, std::min(m, start + kBankBlock)).reshape({-1, q.size(1)});
        // L2 ranks by |b|^2 - 2 q.b (|q|^2 is the same along a row); the distances of the chosen
        // normals are measured exactly afterwards.
        auto d = l2 ? torch::addmm(b.pow(2).sum(1).unsqueeze(0), q, b.t(), /*beta=*/1.0, /*alpha=*/-2.0)
                    : torch::cdist(q, b, /*p=*/1.0);
        auto [value, idx] = d.min(1);
        auto better = value < best;
        best = torch::where(better, value, best);
        bestIdx = torch::where(better, idx + start, bestIdx);
    }
    return bestIdx;
}

PixelBaseline pairDistance(const torch::Tensor& x, const torch::Tensor& chosen, bool l2) {
    return fromDifference(x - chosen, l2);
}

PixelBaseline pairSsim(const torch::Tensor& x, const torch::Tensor& chosen) {
    PixelBaseline r;
    r.map = 1.0 - ssimMap(x, chosen);
    r.score = r.map.reshape({x.size(0), -1}).mean(1);
    return r;
}

torch::Tensor pixelHistograms(const torch::Tensor& x) {
    const int64_t n = x.size(0), c = x.size(1);
    auto bins = (x.to(torch::kCPU, torch::kFloat32) * double(kHistogramBins)).floor().clamp(0, kHistogramBins - 1).to(torch::kLong);
    bins = bins.reshape({n * c, -1});
    auto counts = torch::zeros({n * c, kHistogramBins}, torch::kFloat32);
    counts.scatter_add_(1, bins, torch::ones(bins.sizes(), torch::kFloat32));
    counts = counts / double(bins.size(1));
    return counts.reshape({n, c * kHistogramBins}).contiguous();
}

torch::Tensor histogramScores(const torch::Tensor& queries, const torch::Tensor& bank, HistogramCompare how) {
    const int kind = how == HistogramCompare::Correlation ? cv::HISTCMP_CORREL
                     : how == HistogramCompare::ChiSquare ? cv::HISTCMP_CHISQR
                                                          : cv::HISTCMP_BHATTACHARYYA;
    auto q = queries.to(torch::kCPU, torch::kFloat32).contiguous();
    auto b = bank.to(torch::kCPU, torch::kFloat32).contiguous();
    const int cols = int(q.size(1));
    std::vector<float> out(size_t(q.size(0)));
    for (int64_t i = 0; i < q.size(0); ++i) {
        const cv::Mat qi(1, cols, CV_32F, q.data_ptr<float>() + i * cols);
        double best = kind == cv::HISTCMP_CORREL ? -std::numeric_limits<double>::infinity()
                                                 : std::numeric_limits<double>::infinity();
        for (int64_t j = 0; j < b.size(0); ++j) {
            const cv::Mat bj(1, cols, CV_32F, b.data_ptr<float>() + j * cols);
            const double v = cv::compareHist(qi, bj, kind);
            best = kind == cv::HISTCMP_CORREL ? std::max(best, v) : std::min(best, v);
        }
        out[size_t(i)] = float(kind == cv::HISTCMP_CORREL ? 1.0 - best : best);
    }
    return torch::tensor(out, torch::kFloat32);
}

} // namespace faultline::ml
