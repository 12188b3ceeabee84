#pragma once
// Decodes one image file into the float layout every model and view works with.
// Thread-safe (no shared state); call it from worker threads, never from the GUI thread.

#include <QString>

#include <opencv2/core.hpp>

namespace faultline::core {

struct ImageLoadOptions {
    int size = 0;                   // square side in pixels; 0 keeps the original size
    int channels = 0;               // 1 (gray), 3 (RGB), or 0 to keep (gray stays 1, colour becomes 3)
    qint64 maxPixels = 100'000'000; // decompression-bomb limit on declared width x height
    qint64 maxDecodeBytes = qint64(1) << 30; // memory one decode may take (as kMaxDecodeBytes, core/DecodeLimit.h)
    bool resize = true;             // false: `size` only lets a large JPEG decode reduced (both sides stay
                                    // >= size); the image keeps its own shape, for core::frameImage
};

struct LoadedImage {
    cv::Mat image;                  // CV_32FC1 or CV_32FC3 (RGB order), values in [0,1]; owns its pixels
    cv::Size originalSize;          // as stored in the file, before resizing
    int originalBitDepth = 8;       // bits per channel in the file (8 or 16; 32 for float TIFF)
    QString error;                  // "<file>: <reason>" when loading failed
    bool ok() const { return error.isEmpty() && !image.empty(); }
};

// Reads PNG, JPEG, BMP and TIFF: 8/16-bit, gray, RGB, RGBA (alpha dropped), palette PNG,
// CMYK JPEG. The declared size is checked against maxPixels before any pixel is decoded.
// Shrinking uses area averaging, enlarging bilinear interpolation. A JPEG much larger than `size`
// is decoded at 1/2, 1/4 or 1/8 scale first, so maxDecodeBytes is checked against that.
LoadedImage loadImage(const QString& path, const ImageLoadOptions& options = {});

// The same conversion for pixels already in memory (8/16-bit or float, 1-4 channels, BGR(A)
// order as OpenCV decodes), e.g. for the demo generator; returns an empty Mat on bad input.
cv::Mat toFloatImage(const cv::Mat& decoded, int channels, int size);

} // namespace faultline::core
