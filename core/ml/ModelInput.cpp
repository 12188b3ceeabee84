#include "ModelInput.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace faultline::ml {

ModelInput prepareModelInput(const cv::Mat& image, int size, int channels) {
    ModelInput in;
    if (image.empty()) {
        in.error = QStringLiteral("empty image");
        return in;
    }
    in.originalSize = image.size();
    cv::Mat f;
    const double scale = image.depth() == CV_8U ? 1.0 / 255.0 : image.depth() == CV_16U ? 1.0 / 65535.0 : 1.0;
    image.convertTo(f, CV_32F, scale);
    if (f.channels() == 4) cv::cvtColor(f, f, cv::COLOR_RGBA2RGB);
    if (channels == 1 && f.channels() == 3) cv::cvtColor(f, f, cv::COLOR_RGB2GRAY);
    else if (channels == 3 && f.channels() == 1) cv::cvtColor(f, f, cv::COLOR_GRAY2RGB);
    if (f.channels() != channels) {
        in.error = QStringLiteral("image has %1 channels, the model takes %2").arg(f.channels()).arg(channels);
        return in;
    }
    if (f.cols != size || f.rows != size) {
        // Area averaging when shrinking avoids aliasing of fine texture; linear when enlarging.
        const int interp = (f.cols > size || f.rows > size) ? cv::INTER_AREA : cv::INTER_LINEAR;
        cv::resize(f, f, cv::Size(size, size), 0, 0, interp);
    }
    cv::patchNaNs(f, 0.0);
    cv::min(cv::max(f, 0.0), 1.0, f);
    in.image = f.isContinuous() ? f : f.clone();
    return in;
}

ModelInput loadModelInput(const QString& path, int size, int channels) {
    cv::Mat raw = cv::imread(path.toStdString(), cv::IMREAD_UNCHANGED);
    if (raw.empty()) {
        ModelInput in;
        in.error = QStringLiteral("'%1': cannot be decoded as an image").arg(path);
        return in;
    }
    if (raw.channels() == 3) cv::cvtColor(raw, raw, cv::COLOR_BGR2RGB);
    else if (raw.channels() == 4) cv::cvtColor(raw, raw, cv::COLOR_BGRA2RGB);
    ModelInput in = prepareModelInput(raw, size, channels);
    if (!in.error.isEmpty()) in.error = QStringLiteral("'%1': %2").arg(path, in.error);
    return in;
}

} // namespace faultline::ml
