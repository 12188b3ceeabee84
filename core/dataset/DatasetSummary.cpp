#include "core/dataset/DatasetSummary.h"

#include "core/image/ImageHeader.h"

#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <map>
#include <tuple>

namespace faultline::core {

int DatasetSummary::total() const {
    int n = 0;
    for (const auto& row : counts)
        for (int c : row) n += c;
    return n;
}

DatasetSummary summarizeDataset(const Dataset& dataset, bool readHeaders) {
    DatasetSummary s;
    for (const Sample& smp : dataset.samples) {
        ++s.counts[int(smp.split)][int(smp.truth)];
        ++s.defects[smp.defect];
        if (!smp.maskPath.isEmpty()) ++s.withMask;
    }
    if (!readHeaders) return s;

    QStringList paths;
    for (const Sample& smp : dataset.samples) paths << smp.path;
    const QVector<ImageHeader> headers = QtConcurrent::blockingMapped<QVector<ImageHeader>>(
        paths, [](const QString& path) { return readImageHeader(path); });
    using Key = std::tuple<QString, int, int, int, int>;
    std::map<Key, int> kinds;
    for (const ImageHeader& h : headers) {
        if (!h.sizeKnown()) {
            ++s.unreadHeaders;
            continue;
        }
        ++kinds[Key(formatName(h.format), h.width, h.height, h.channels, h.bitDepth)];
    }
    for (const auto& [k, n] : kinds)
        s.kinds.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k), std::get<4>(k), n});
    std::stable_sort(s.kinds.begin(), s.kinds.end(), [](const ImageKind& a, const ImageKind& b) { return a.count > b.count; });
    return s;
}

} // namespace faultline::core
