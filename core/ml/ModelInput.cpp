#include "internal/ModelInput.h"

#include "core/image/ImageLoader.h"

#include <opencv2/imgproc.hpp>

namespace faultline::ml {

namespace {
// Frames a float image already in the model's channel layout.
void frameInto(const cv::Mat& f, const core::FramingSpec& framing, bool keepOriginal, ModelInput* in) {
    in->layout = core::frameLayout(f.size(), framing);
    in->frames.reserve(in->layout.size());
    for (const core::Frame& frame : in->layout) in->frames.push_back(core::frameImage(f, frame, framing.side));
    if (keepOriginal) in->original = f;
}
} // namespace

ModelInput prepareModelInput(const cv::Mat& image, const core::FramingSpec& framing, int channels, bool keepOriginal) {
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
    cv::patchNaNs(f, 0.0);
    cv::min(cv::max(f, 0.0), 1.0, f);
    frameInto(f, framing, keepOriginal, &in);
    return in;
}

ModelInput loadModelInput(const QString& path, const core::FramingSpec& framing, int channels, bool keepOriginal) {
    core::ImageLoadOptions options;
    // Tiles need every pixel; a whole image only needs its sides >= the input side.
    options.size = framing.tiled() ? 0 : framing.side;
    options.resize = false;
    options.channels = channels;
    core::LoadedImage loaded = core::loadImage(path, options);
    ModelInput in;
    in.originalSize = loaded.originalSize;
    if (!loaded.ok()) {
        in.error = loaded.error.isEmpty() ? QStringLiteral("%1: cannot be decoded").arg(path) : loaded.error;
        return in;
    }
    // A JPEG decoded reduced is framed at the reduced size; the layout is then scaled back to the
    // file's pixels, so maps still land on the original.
    frameInto(loaded.image, framing, keepOriginal, &in);
    if (loaded.image.size() != in.originalSize && !in.layout.empty()) {
        const double sx = double(in.originalSize.width) / loaded.image.cols;
        const double sy = double(in.originalSize.height) / loaded.image.rows;
        for (core::Frame& frame : in.layout) {
            const cv::Rect& r = frame.source;
            const int x0 = int(std::lround(r.x * sx)), y0 = int(std::lround(r.y * sy));
            const int x1 = std::min(in.originalSize.width, int(std::lround(r.br().x * sx)));
            const int y1 = std::min(in.originalSize.height, int(std::lround(r.br().y * sy)));
            frame.source = cv::Rect(x0, y0, std::max(1, x1 - x0), std::max(1, y1 - y0));
        }
    }
    return in;
}

} // namespace faultline::ml
