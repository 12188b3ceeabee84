#pragma once
// OpenCV's image decoders and encoders, loaded on first use from the faultline-codecs module
// (core/image/codecs/ImageCodecsModule.cpp) so that a process which never reads or writes
// pixels (faultline-cli scan, evaluate, merge-scores, --help) does not load the ~140 libraries
// behind libopencv_imgcodecs. The functions behave as cv::imdecode, cv::imencode, cv::imread and
// cv::imwrite (they throw cv::Exception as those do). When the module cannot be loaded they
// return an empty Mat or false, and problem() says which paths were tried and why.
// Thread-safe: the module is loaded once, under std::call_once, and never unloaded.

#include <QString>

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace faultline::core::codecs {

// Empty when the codecs are loaded (loading them now if needed); otherwise the reason.
QString problem();

cv::Mat decode(const cv::Mat& buffer, int flags);
bool encode(const std::string& extension, const cv::Mat& image, std::vector<uchar>& out,
            const std::vector<int>& params = {});
cv::Mat read(const std::string& path, int flags);
bool write(const std::string& path, const cv::Mat& image, const std::vector<int>& params = {});

// Where the module is looked for, in order: next to the running executable, in
// ../lib/faultline/ from it, in the build tree and in the install prefix's lib/faultline/.
QStringList moduleCandidates();

} // namespace faultline::core::codecs
