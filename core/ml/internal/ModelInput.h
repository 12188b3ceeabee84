#pragma once
// Private to faultline_ml. Turns an image file or an in-memory image into what a network takes:
// one or more CV_32FC1/CV_32FC3 (RGB) inputs in [0,1], side x side, framed as the bundle says
// (core/image/InputFraming: aspect kept, squeezed, or tiles). Thread-safe.

#include "core/image/InputFraming.h"

#include <opencv2/core/mat.hpp>

#include <QString>

#include <vector>

namespace faultline::ml {

struct ModelInput {
    std::vector<cv::Mat> frames;        // side x side, CV_32FC(channels), RGB, [0,1]; one per window
    std::vector<core::Frame> layout;    // where each came from in the original
    cv::Mat original;                   // the decoded image before framing (only with keepOriginal)
    cv::Size originalSize;              // of the file (or the in-memory image)
    QString error;                      // non-empty: names the file and the reason
    bool ok() const { return error.isEmpty() && !frames.empty(); }
};

// keepOriginal: also keep the decoded image (for showing it beside tiled reconstructions).
ModelInput loadModelInput(const QString& path, const core::FramingSpec& framing, int channels,
                          bool keepOriginal = false);
// `image`: CV_8U/CV_16U/CV_32F, 1 or 3 (RGB) channels, any size.
ModelInput prepareModelInput(const cv::Mat& image, const core::FramingSpec& framing, int channels,
                             bool keepOriginal = false);

} // namespace faultline::ml
