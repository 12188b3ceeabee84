#include "internal/ModelInput.h"

#include "core/image/ImageLoader.h"

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
    core::ImageLoadOptions options;
    options.size = size;
    options.channels = channels;
    core::LoadedImage loaded = core::loadImage(path, options);
    ModelInput in;
    in.originalSize = loaded.originalSize;
    if (!loaded.ok()) {
        in.error = loaded.error.isEmpty() ? QStringLiteral("%1: cannot be decoded").arg(path) : loaded.error;
        return in;
    }
    in.image = loaded.image.isContinuous() ? loaded.image : loaded.image.clone();
    return in;
}

} // namespace faultline::ml
