#include "core/image/DecodeLimit.h"

#include <algorithm>

namespace faultline::core {

qint64 decodeBytes(const ImageHeader& h) {
    if (!h.sizeKnown()) return 0;
    const int channels = h.palette ? std::max(h.channels, 3) : h.channels > 0 ? h.channels : 4;
    const int sampleBytes = h.bitDepth > 16 ? 4 : h.bitDepth > 8 ? 2 : 1;
    return h.pixels() * channels * (sampleBytes + 4);
}

QString decodeLimitProblem(const ImageHeader& h, qint64 maxPixels, qint64 maxBytes) {
    if (!h.sizeKnown()) return {};
    if (h.width > kMaxImageSide || h.height > kMaxImageSide)
        return QStringLiteral("too large: %1x%2 pixels declared; one side may be at most %3 pixels (the decoder's limit)")
            .arg(h.width).arg(h.height).arg(kMaxImageSide);
    if (h.pixels() > maxPixels)
        return QStringLiteral("too large: %1x%2 pixels declared, limit is %3 pixels").arg(h.width).arg(h.height).arg(maxPixels);
    const qint64 bytes = decodeBytes(h);
    if (bytes > maxBytes)
        return QStringLiteral("too large to decode: %1x%2 pixels, %3 channel(s) of %4 bits need about %5 MiB, limit is %6 MiB")
            .arg(h.width).arg(h.height).arg(h.channels > 0 ? h.channels : 4).arg(h.bitDepth > 0 ? h.bitDepth : 8)
            .arg(bytes >> 20).arg(maxBytes >> 20);
    return {};
}

} // namespace faultline::core
