#pragma once
// The table of OpenCV codec entry points that the faultline-codecs module hands to
// core::ImageCodecs (core/image/ImageCodecs.h). Both sides include this header; the version in
// the exported function's name changes whenever the table does.

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace faultline::core {

struct ImageCodecTable {
    cv::Mat (*decode)(const cv::Mat& buffer, int flags);
    bool (*encode)(const std::string& extension, const cv::Mat& image, std::vector<uchar>& out,
                   const std::vector<int>& params);
    cv::Mat (*read)(const std::string& path, int flags);
    bool (*write)(const std::string& path, const cv::Mat& image, const std::vector<int>& params);
};

} // namespace faultline::core

// Exported by faultline-codecs.so; returns a table valid for the life of the process.
extern "C" const faultline::core::ImageCodecTable* faultline_image_codecs_v1();
