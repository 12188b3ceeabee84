#include "core/dataset/InputSizeChoice.h"

#include "core/image/ImageHeader.h"

#include <map>

#include <algorithm>
#include <utility>
#include <vector>

namespace faultline::core {

namespace {
constexpr double kSqueezeAspect = 1.25;  // a longer/shorter side ratio above this is noted as squeezed
constexpr int kDetailLossFactor = 4;     // images this many times the default side are tiled, not shrunk

int roundUpTo8(int v) { return (v + 7) / 8 * 8; }

// The count-weighted median of values paired with counts.
int weightedMedian(std::vector<std::pair<int, int>> valueCounts) {
    std::sort(valueCounts.begin(), valueCounts.end());
    long long total = 0;
    for (const auto& vc : valueCounts) total += vc.second;
    long long seen = 0;
    for (const auto& [value, count] : valueCounts) {
        seen += count;
        if (2 * seen >= total) return value;
    }
    return valueCounts.empty() ? 0 : valueCounts.back().first;
}
} // namespace

InputSizeChoice chooseInputSize(const QVector<ImageKind>& kinds) {
    InputSizeChoice c;
    std::vector<std::pair<int, int>> shorter;
    int minShort = 0, maxShort = 0, typicalW = 0, typicalH = 0, typicalCount = 0;
    double maxAspect = 1.0;
    for (const ImageKind& k : kinds) {
        if (k.width <= 0 || k.height <= 0 || k.count <= 0) continue;
        const int s = std::min(k.width, k.height);
        shorter.emplace_back(s, k.count);
        minShort = shorter.size() == 1 ? s : std::min(minShort, s);
        maxShort = std::max(maxShort, s);
        maxAspect = std::max(maxAspect, double(std::max(k.width, k.height)) / double(s));
        if (k.count > typicalCount) {
            typicalCount = k.count;
            typicalW = k.width;
            typicalH = k.height;
        }
    }
    if (shorter.empty()) {
        c.size = kDefaultInputSide;
        c.reason = QStringLiteral("no image size could be read from the headers: the default %1 px").arg(c.size);
        return c;
    }
    const int median = weightedMedian(shorter);
    const QString what = shorter.size() == 1
                             ? QStringLiteral("the images are %1 x %2 px").arg(typicalW).arg(typicalH)
                             : QStringLiteral("the images' shorter sides are %1 px (median; %2 to %3 px)")
                                   .arg(median).arg(minShort).arg(maxShort);
    if (median >= kDetailLossFactor * kDefaultInputSide) {
        c.size = kDefaultInputSide;
        c.tile = kDefaultInputSide;
        c.tileStride = kDefaultInputSide / 2;
        c.reason = QStringLiteral("%1: tiles of %2 px at full resolution, every %3 px, with their maps stitched "
                                  "(shrinking to %2 px would make a defect of %4 pixels one pixel)")
                       .arg(what).arg(c.tile).arg(c.tileStride).arg(median / kDefaultInputSide);
    } else if (median >= kDefaultInputSide) {
        c.size = kDefaultInputSide;
        c.reason = median == kDefaultInputSide
                       ? QStringLiteral("%1: %2 px, their own size").arg(what).arg(c.size)
                       : QStringLiteral("%1: shrunk to %2 px (training cost grows with the square of the side)")
                             .arg(what).arg(c.size);
    } else {
        c.size = std::max(kSmallestInputSide, roundUpTo8(median));
        c.reason = c.size == median ? QStringLiteral("%1: %2 px, their own size (small images are not enlarged)")
                                          .arg(what).arg(c.size)
                                    : QStringLiteral("%1: %2 px, the nearest multiple of 8 (small images are not "
                                                     "enlarged)").arg(what).arg(c.size);
    }
    if (maxAspect > kSqueezeAspect && c.tile == 0)
        c.notes << QStringLiteral("aspect ratios up to %1 : 1 are kept: the longer side is fitted to %2 px and the "
                                  "shorter padded with the image's mirrored border, which the maps leave out")
                       .arg(maxAspect, 0, 'f', 1).arg(c.size);
    if (minShort != maxShort)
        c.notes << QStringLiteral("the sizes are mixed (shorter sides %1 to %2 px): every image is framed on its "
                                  "own and its map projected back onto its own pixels").arg(minShort).arg(maxShort);
    return c;
}

InputSizeChoice chooseInputSizeForFiles(const QStringList& paths, int maxFiles) {
    std::map<std::pair<int, int>, int> counts;
    const qsizetype n = paths.size();
    const qsizetype take = std::min<qsizetype>(n, std::max(1, maxFiles));
    for (qsizetype i = 0; i < take; ++i) {
        const ImageHeader h = readImageHeader(paths[i * n / take]);
        if (h.sizeKnown()) ++counts[{h.width, h.height}];
    }
    QVector<ImageKind> kinds;
    for (const auto& [size, count] : counts) {
        ImageKind k;
        k.width = size.first;
        k.height = size.second;
        k.count = count;
        kinds.push_back(k);
    }
    return chooseInputSize(kinds);
}

} // namespace faultline::core
