#pragma once
// How texture-knn (and so `knn`) finds each window's nearest bank row on the CPU. `exact` is the
// LibTorch matrix-product search every bundle used before the others existed; `flat`, `ivf` and
// `hnsw` are FAISS indexes built from the stored bank when the bundle is loaded (nothing of them
// is stored). On CUDA the exact LibTorch search always runs.

#include <QString>
#include <QStringList>

namespace faultline::ml {

enum class KnnIndex {
    Exact, // LibTorch: every window against every bank row by matrix products
    Flat,  // FAISS IndexFlatL2: the same exhaustive search
    Ivf,   // FAISS IndexIVFFlat: 4 sqrt(rows) k-means cells (at most rows/39), 16 of them probed
    Hnsw,  // FAISS IndexHNSWFlat: 32 links per node, construction depth 40, search depth 64
};

bool parseKnnIndex(const QString& text, KnnIndex* out);
QString knnIndexName(KnnIndex index); // "exact", "flat", "ivf", "hnsw"
QStringList knnIndexNames();

} // namespace faultline::ml
