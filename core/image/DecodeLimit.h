#pragma once
// What one image may cost to decode, checked from its header before a decoder allocates. The
// pixel limit alone is not a memory limit: a 777 KB 9999 x 9999 RGBA 16-bit PNG is within
// 100 megapixels yet took 2.9 GB resident, because decoding keeps the 16-bit pixels and the
// conversion adds a float copy. Pure functions, safe from any thread.

#include "core/image/ImageHeader.h"

#include <QString>

namespace faultline::core {

constexpr qint64 kMaxDecodeBytes = qint64(1) << 30; // 1 GiB: decoded samples plus their float copy, per image
constexpr int kMaxImageSide = 1 << 20;              // OpenCV refuses wider or taller images (CV_IO_MAX_IMAGE_WIDTH)

// Bytes decoding `h` takes at its peak: width x height x channels x (bytes per sample + 4 for
// the float copy). Unknown channels count as 4, an unknown depth as 8 bits; palettes as 3 channels.
qint64 decodeBytes(const ImageHeader& h);

// Empty when an image with this header may be decoded; otherwise the reason, e.g.
// "too large: 100000000x1 pixels declared; one side may be at most 1048576 pixels".
QString decodeLimitProblem(const ImageHeader& h, qint64 maxPixels, qint64 maxBytes = kMaxDecodeBytes);

} // namespace faultline::core
