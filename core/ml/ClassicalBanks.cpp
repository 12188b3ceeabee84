#include <torch/torch.h>
#include "internal/ClassicalBanks.h"

#include "internal/PixelBaselines.h"
#include "core/oneclass/OneClassSvm.h"

#include <algorithm>
#include <numeric>

namespace faultline::ml {

namespace {
constexpr int64_t kMeanImageBatch = 64;          // images per pass while summing the mean image
constexpr double kMinCodeSpread = 1e-6; // a code dimension with less spread is left unscaled
constexpr int kForestTrees = 100;       // isolation forest: trees (Liu et al.'s default)
constexpr int kForestSubsample = 256;   // isolation forest: psi (Liu et al.'s default)

std::vector<float> rowsOf(const torch::Tensor& t) {
    auto c = t.to(torch::kCPU, torch::kFloat32).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}
} // namespace

void buildPixelBanks(const ImageSet& train, quint64 seed, FeatureBanks* banks) {
    const int64_t n = train.count();
    if (n == 0) return;
    torch::Tensor sum;
    for (int64_t start = 0; start < n; start += kMeanImageBatch) {
        auto s = train.range(start, std::min(n, start + kMeanImageBatch)).to(torch::kFloat64).sum(0, /*keepdim=*/true);
        sum = sum.defined() ? sum + s : s;
    }
    banks->normalMean = (sum / double(n)).to(torch::kFloat32);
    std::vector<int64_t> pick(static_cast<size_t>(n));
    std::iota(pick.begin(), pick.end(), int64_t(0));
    if (n > kMaxStoredNormals) {
        auto gen = at::detail::createCPUGenerator(seed);
        auto perm = torch::randperm(n, gen).slice(0, 0, kMaxStoredNormals);
        perm = std::get<0>(perm.sort()).contiguous();
        pick.assign(perm.data_ptr<int64_t>(), perm.data_ptr<int64_t>() + perm.numel());
    }
    std::vector<torch::Tensor> parts;
    for (size_t start = 0; start < pick.size(); start += size_t(kMeanImageBatch)) {
        std::vector<int64_t> idx(pick.begin() + long(start), pick.begin() + long(std::min(pick.size(), start + size_t(kMeanImageBatch))));
        parts.push_back(roundNormals(train.batch(idx)));
    }
    banks->normals = torch::cat(parts).contiguous();
    banks->normalHist = pixelHistograms(banks->normals);
}

bool buildOneClassBanks(const torch::Tensor& codes, const TrainConfig& config, FeatureBanks* banks, QString* error) {
    auto c = codes.to(torch::kCPU, torch::kFloat32);
    const int64_t n = c.size(0), dims = c.size(1);
    if (n == 0 || dims == 0) return true;
    banks->codeMean = c.mean(0);
    auto spread = n > 1 ? c.std(0) : torch::ones({dims});
    banks->codeStd = torch::where(spread < kMinCodeSpread, torch::ones_like(spread), spread);
    auto z = (c - banks->codeMean) / banks->codeStd;
    auto svmRows = z;
    if (n > kMaxSvmRows) {
        auto gen = at::detail::createCPUGenerator(config.seed + 4);
        svmRows = z.index_select(0, torch::randperm(n, gen).slice(0, 0, kMaxSvmRows));
    }
    core::OneClassSvmOptions o;
    o.nu = config.ocsvmNu;
    o.gamma = config.ocsvmGamma;
    core::OneClassSvmModel svm;
    if (!core::trainOneClassSvm(rowsOf(svmRows), int(dims), o, &svm, error)) return false;
    banks->svmVectors = torch::tensor(svm.supportVectors, torch::kFloat32).view({svm.count(), dims});
    banks->svmCoef = torch::tensor(svm.coefficients, torch::kFloat64);
    banks->svmParams = torch::tensor({svm.rho, svm.gamma}, torch::kFloat64);
    banks->forest = std::make_shared<core::IsolationForest>(
        core::IsolationForest::fit(rowsOf(z), int(dims), {kForestTrees, kForestSubsample, config.seed}));
    return true;
}

} // namespace faultline::ml
