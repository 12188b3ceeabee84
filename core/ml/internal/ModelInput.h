#pragma once
// Private to faultline_ml. Turns an image file or an in-memory image into what a network takes:
// CV_32FC1/CV_32FC3 (RGB) in [0,1], size x size. Thread-safe.

#include <opencv2/core/mat.hpp>

#include <QString>

namespace faultline::ml {

struct ModelInput {
    cv::Mat image;          // size x size, CV_32FC(channels), RGB, [0,1]
    cv::Size originalSize;  // before resizing
    QString error;          // non-empty: names the file and the reason
    bool ok() const { return error.isEmpty() && !image.empty(); }
};

ModelInput loadModelInput(const QString& path, int size, int channels);
// `image`: CV_8U/CV_16U/CV_32F, 1 or 3 (RGB) channels, any size.
ModelInput prepareModelInput(const cv::Mat& image, int size, int channels);

} // namespace faultline::ml
