// faultline-codecs.so: the only code that links OpenCV's image codecs. libopencv_imgcodecs pulls
// in about 140 shared libraries (GDAL, HDF5, poppler, ...) whose loading and relocation cost
// every process about 50 ms of CPU at start; core::ImageCodecs loads this module on the first
// decode or encode instead, so commands that never touch pixels start light.
#include "core/image/ImageCodecTable.h"

#include <opencv2/imgcodecs.hpp>

namespace {

cv::Mat decode(const cv::Mat& buffer, int flags) { return cv::imdecode(buffer, flags); }

bool encode(const std::string& extension, const cv::Mat& image, std::vector<uchar>& out, const std::vector<int>& params) {
    return cv::imencode(extension, image, out, params);
}

cv::Mat read(const std::string& path, int flags) { return cv::imread(path, flags); }

bool write(const std::string& path, const cv::Mat& image, const std::vector<int>& params) {
    return cv::imwrite(path, image, params);
}

const faultline::core::ImageCodecTable kTable{&decode, &encode, &read, &write};

} // namespace

extern "C" __attribute__((visibility("default"))) const faultline::core::ImageCodecTable* faultline_image_codecs_v1() {
    return &kTable;
}
