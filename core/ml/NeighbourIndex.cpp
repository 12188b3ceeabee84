#include <torch/torch.h>
#include "internal/NeighbourIndex.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/FaissException.h>

#include <omp.h>

#include <algorithm>
#include <cmath>

namespace faultline::ml {

namespace {
constexpr double kIvfCellsPerSqrtRow = 4.0; // nlist = 4 sqrt(rows): the usual FAISS starting point
constexpr int64_t kIvfRowsPerCell = 39;      // FAISS's k-means wants at least 39 training rows per cell
constexpr int kIvfProbes = 16;               // cells searched per query (nprobe)
constexpr int kHnswLinks = 32;               // M: neighbours per node
constexpr int kHnswConstruction = 40;        // efConstruction (FAISS's default)
constexpr int kHnswSearch = 64;              // efSearch

// FAISS parallelises with plain `omp parallel`, which takes the calling thread's OpenMP setting:
// on a thread LibTorch never configured that is every core. Match LibTorch's count for the call.
class OmpThreads {
public:
    explicit OmpThreads(int n) : saved_(omp_get_max_threads()) { omp_set_num_threads(std::max(1, n)); }
    ~OmpThreads() { omp_set_num_threads(saved_); }
private:
    int saved_;
};
} // namespace

struct NeighbourIndex::Impl {
    KnnIndex kind = KnnIndex::Flat;
    torch::Tensor bank; // [M,D] contiguous float32: the exact distances are measured against it
    std::unique_ptr<faiss::IndexFlatL2> quantizer; // ivf's coarse cells; declared before the index that uses it
    std::unique_ptr<faiss::Index> index;
};

NeighbourIndex::NeighbourIndex(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
NeighbourIndex::~NeighbourIndex() = default;

KnnIndex NeighbourIndex::kind() const { return d->kind; }

std::unique_ptr<NeighbourIndex> NeighbourIndex::build(const torch::Tensor& bank, KnnIndex kind, QString* error) {
    auto fail = [&](const QString& why) {
        if (error) *error = why;
        return std::unique_ptr<NeighbourIndex>();
    };
    if (kind == KnnIndex::Exact) return fail(QStringLiteral("the exact search uses no index"));
    if (!bank.defined() || bank.dim() != 2 || bank.size(0) < 1 || bank.size(1) < 1)
        return fail(QStringLiteral("the bank to index is empty"));
    auto impl = std::make_unique<Impl>();
    impl->kind = kind;
    impl->bank = bank.to(torch::kCPU, torch::kFloat32).contiguous().clone();
    const auto rows = faiss::Index::idx_t(impl->bank.size(0));
    const int dims = int(impl->bank.size(1));
    const float* x = impl->bank.data_ptr<float>();
    try {
        switch (kind) {
        case KnnIndex::Flat: {
            impl->index = std::make_unique<faiss::IndexFlatL2>(dims);
            impl->index->add(rows, x);
            break;
        }
        case KnnIndex::Ivf: {
            const auto cells = std::clamp<int64_t>(int64_t(std::lround(kIvfCellsPerSqrtRow * std::sqrt(double(rows)))), 1,
                                                   std::max<int64_t>(1, int64_t(rows) / kIvfRowsPerCell));
            impl->quantizer = std::make_unique<faiss::IndexFlatL2>(dims);
            auto ivf = std::make_unique<faiss::IndexIVFFlat>(impl->quantizer.get(), dims, size_t(cells), faiss::METRIC_L2);
            ivf->cp.verbose = false;
            OmpThreads threads(at::get_num_threads());
            ivf->train(rows, x); // k-means with FAISS's fixed seed: the same cells for the same bank
            ivf->add(rows, x);
            ivf->nprobe = size_t(std::min<int64_t>(kIvfProbes, cells));
            impl->index = std::move(ivf);
            break;
        }
        case KnnIndex::Hnsw: {
            auto hnsw = std::make_unique<faiss::IndexHNSWFlat>(dims, kHnswLinks);
            hnsw->hnsw.efConstruction = kHnswConstruction;
            hnsw->hnsw.efSearch = kHnswSearch;
            // Parallel insertion makes the graph depend on thread timing; one thread makes it a
            // function of the bank, so a reloaded bundle scores exactly as before.
            OmpThreads threads(1);
            hnsw->add(rows, x);
            impl->index = std::move(hnsw);
            break;
        }
        case KnnIndex::Exact: break;
        }
    } catch (const faiss::FaissException& e) {
        return fail(QStringLiteral("building the %1 index failed: %2").arg(knnIndexName(kind), QString::fromUtf8(e.what())));
    }
    return std::unique_ptr<NeighbourIndex>(new NeighbourIndex(std::move(impl)));
}

torch::Tensor NeighbourIndex::nearestRows(const torch::Tensor& queries) const {
    auto q = queries.to(torch::kCPU, torch::kFloat32).contiguous();
    const auto n = faiss::Index::idx_t(q.size(0));
    auto labels = torch::empty({q.size(0)}, torch::kLong);
    std::vector<float> distances(static_cast<size_t>(n));
    static_assert(sizeof(faiss::Index::idx_t) == sizeof(int64_t), "FAISS labels are 64-bit");
    {
        OmpThreads threads(at::get_num_threads());
        d->index->search(n, q.data_ptr<float>(), 1, distances.data(),
                         reinterpret_cast<faiss::Index::idx_t*>(labels.data_ptr<int64_t>()));
    }
    // An approximate search that found nothing for a query (-1) falls back to row 0, whose
    // exact distance is then an upper bound.
    return labels.clamp_min(0);
}

torch::Tensor NeighbourIndex::nearestDistance(const torch::Tensor& queries) const {
    auto q = queries.to(torch::kCPU, torch::kFloat32).contiguous();
    auto rows = nearestRows(q);
    // FAISS reports squared distances from the same |a|^2 - 2ab + |b|^2 expansion as the matrix
    // products, with the same loss of precision: measure the chosen rows directly instead.
    return (d->bank.index_select(0, rows) - q).pow(2).sum(1).sqrt();
}

} // namespace faultline::ml
