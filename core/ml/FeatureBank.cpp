#include <torch/torch.h>
#include "internal/FeatureBank.h"

#include <algorithm>

namespace faultline::ml {

namespace {
constexpr int64_t kDistanceBlock = int64_t(1) << 22; // query x bank distances per block (16 MiB of floats)
constexpr int64_t kCandidatesPerPick = 8; // coreset candidates kept per selected row
constexpr int64_t kPickProjectionDims = 64;   // random projection used to pick the coreset
} // namespace

torch::Tensor knnDistance(const torch::Tensor& queries, const torch::Tensor& bank, int64_t k) {
    k = std::max<int64_t>(1, std::min<int64_t>(k, bank.size(0)));
    auto bankSq = bank.pow(2).sum(1).unsqueeze(0); // [1,M]
    auto bankT = bank.t();
    // Blocks small enough to be reused by the allocator: fresh large blocks cost page faults
    // that took as long as the arithmetic.
    const int64_t chunk = std::max<int64_t>(16, kDistanceBlock / std::max<int64_t>(1, bank.size(0)));
    std::vector<torch::Tensor> parts;
    for (int64_t start = 0; start < queries.size(0); start += chunk) {
        auto q = queries.slice(0, start, std::min(start + chunk, queries.size(0)));
        // |q|^2 is the same along a row, so it cannot change which bank rows are nearest.
        auto d2 = torch::addmm(bankSq, q, bankT, /*beta=*/1.0, /*alpha=*/-2.0);
        // The expansion above loses precision when distances are small next to the norms and
        // varies with BLAS blocking (so with batch size): pick neighbours with it, then measure
        // the chosen ones exactly.
        auto idx = k == 1 ? d2.argmin(1, /*keepdim=*/true) : std::get<1>(d2.topk(k, /*dim=*/1, /*largest=*/false)); // [q,k]
        auto neighbours = bank.index_select(0, idx.reshape({-1})).view({q.size(0), k, bank.size(1)});
        parts.push_back((neighbours - q.unsqueeze(1)).pow(2).sum(2).sqrt().mean(1));
    }
    return torch::cat(parts);
}

torch::Tensor coresetSubsample(const torch::Tensor& features, int64_t count, uint64_t seed) {
    const int64_t n = features.size(0);
    if (n <= count) return features.clone();
    auto gen = at::detail::createCPUGenerator(seed);
    auto x = features;
    const int64_t candidates = count * kCandidatesPerPick;
    if (n > candidates) x = features.index_select(0, torch::randperm(n, gen).slice(0, 0, candidates));
    const int64_t dims = std::min<int64_t>(kPickProjectionDims, x.size(1));
    auto proj = torch::randn({x.size(1), dims}, gen, x.options()) / std::sqrt(double(dims));
    auto z = torch::matmul(x, proj);
    std::vector<int64_t> picked;
    picked.reserve(size_t(count));
    int64_t current = 0;
    auto minDist = torch::full({z.size(0)}, std::numeric_limits<float>::infinity(), z.options());
    // |z - c|^2 = |z|^2 - 2 z.c + |c|^2: one matrix-vector pass per pick instead of three
    // full-size temporaries; exactness is not needed to choose the farthest row.
    auto zsq = z.pow(2).sum(1);
    for (int64_t i = 0; i < count; ++i) {
        picked.push_back(current);
        auto c = z[current];
        auto d = zsq - 2.0 * torch::mv(z, c) + c.dot(c);
        minDist = torch::minimum(minDist, d);
        current = minDist.argmax().item<int64_t>();
    }
    auto idx = torch::tensor(picked, torch::kLong);
    return x.index_select(0, idx).clone();
}

} // namespace faultline::ml

namespace faultline::ml {

FeatureBanks FeatureBanks::to(torch::Device device) const {
    auto move = [&](const torch::Tensor& t) { return t.defined() ? t.to(device) : t; };
    FeatureBanks b = *this;
    for (torch::Tensor* t : {&b.latent, &b.patches, &b.images, &b.texture, &b.normals, &b.normalMean, &b.codeMean,
                             &b.codeStd, &b.svmVectors, &b.svmCoef})
        *t = move(*t);
    return b;
}

torch::Tensor roundNormals(const torch::Tensor& normals) {
    return (normals.to(torch::kCPU, torch::kFloat32) * 255.0).round().clamp(0, 255).to(torch::kUInt8).to(torch::kFloat32) / 255.0;
}

void writeBanks(torch::serialize::OutputArchive& archive, const FeatureBanks& b) {
    auto put = [&](const char* key, const torch::Tensor& t) {
        if (t.defined()) archive.write(key, t.to(torch::kCPU));
    };
    put("latent", b.latent);
    put("patches", b.patches);
    put("images", b.images);
    put("texture", b.texture);
    put("knn_scale", b.knnScale);
    put("fused_scale", b.fusedScale);
    if (b.normals.defined())
        archive.write("normals_u8", (b.normals.to(torch::kCPU, torch::kFloat32) * 255.0).round().clamp(0, 255).to(torch::kUInt8));
    put("normal_mean", b.normalMean);
    put("normal_hist", b.normalHist);
    put("code_mean", b.codeMean);
    put("code_std", b.codeStd);
    put("ocsvm_vectors", b.svmVectors);
    put("ocsvm_coef", b.svmCoef);
    put("ocsvm_params", b.svmParams);
    if (b.forest) {
        const std::vector<double> flat = b.forest->toFlat();
        archive.write("iforest", torch::tensor(flat, torch::kFloat64));
    }
}

FeatureBanks readBanks(torch::serialize::InputArchive& archive, torch::Device device) {
    FeatureBanks b;
    // One tensor per key: reading into a defined tensor overwrites its storage in place.
    auto get = [&](const char* key, torch::Tensor* out, bool toDevice = true) {
        torch::Tensor t;
        if (archive.try_read(key, t)) *out = toDevice ? t.to(device) : t;
    };
    get("latent", &b.latent);
    get("patches", &b.patches);
    get("images", &b.images);
    get("texture", &b.texture);
    torch::Tensor scale;
    if (archive.try_read("knn_scale", scale) && scale.numel() == 5) b.knnScale = scale;
    torch::Tensor fused;
    if (archive.try_read("fused_scale", fused) && fused.numel() == 4) b.fusedScale = fused.to(torch::kCPU, torch::kFloat64);
    torch::Tensor u8;
    if (archive.try_read("normals_u8", u8) && u8.dim() == 4 && u8.size(0) > 0)
        b.normals = (u8.to(torch::kFloat32) / 255.0).to(device);
    get("normal_mean", &b.normalMean);
    get("normal_hist", &b.normalHist, /*toDevice=*/false);
    get("code_mean", &b.codeMean);
    get("code_std", &b.codeStd);
    get("ocsvm_vectors", &b.svmVectors);
    get("ocsvm_coef", &b.svmCoef);
    get("ocsvm_params", &b.svmParams, /*toDevice=*/false);
    torch::Tensor flat;
    if (archive.try_read("iforest", flat)) {
        auto f = flat.to(torch::kCPU, torch::kFloat64).contiguous();
        auto forest = std::make_shared<core::IsolationForest>();
        QString why;
        if (!core::IsolationForest::fromFlat(std::vector<double>(f.data_ptr<double>(), f.data_ptr<double>() + f.numel()),
                                             forest.get(), &why))
            throw std::runtime_error(why.toStdString());
        b.forest = std::move(forest);
    }
    return b;
}

} // namespace faultline::ml
