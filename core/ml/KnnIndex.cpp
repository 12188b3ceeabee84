#include "KnnIndex.h"

namespace faultline::ml {

namespace {
constexpr KnnIndex kAll[] = {KnnIndex::Exact, KnnIndex::Flat, KnnIndex::Ivf, KnnIndex::Hnsw};
} // namespace

QString knnIndexName(KnnIndex index) {
    switch (index) {
    case KnnIndex::Exact: return QStringLiteral("exact");
    case KnnIndex::Flat: return QStringLiteral("flat");
    case KnnIndex::Ivf: return QStringLiteral("ivf");
    case KnnIndex::Hnsw: return QStringLiteral("hnsw");
    }
    return QStringLiteral("exact");
}

bool parseKnnIndex(const QString& text, KnnIndex* out) {
    for (KnnIndex k : kAll)
        if (text == knnIndexName(k)) {
            *out = k;
            return true;
        }
    return false;
}

QStringList knnIndexNames() {
    QStringList names;
    for (KnnIndex k : kAll) names << knnIndexName(k);
    return names;
}

} // namespace faultline::ml
