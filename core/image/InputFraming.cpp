#include "core/image/InputFraming.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace faultline::core {

namespace {

constexpr double kBlendFloor = 0.05; // a window's weight at its very edge (where no other may reach)

// Window starts along one axis: every `stride`, the last flush with the end; one when it fits.
std::vector<int> windowStarts(int length, int tile, int stride) {
    std::vector<int> starts{0};
    if (length <= tile) return starts;
    while (starts.back() + tile < length) starts.push_back(std::min(starts.back() + stride, length - tile));
    return starts;
}

// Where a window of `size` pixels lands when scaled by `scale`, centred in side x side.
cv::Rect centredContent(cv::Size size, double scale, int side) {
    const int w = std::clamp(int(std::lround(size.width * scale)), 1, side);
    const int h = std::clamp(int(std::lround(size.height * scale)), 1, side);
    return {(side - w) / 2, (side - h) / 2, w, h};
}

// Weights along one axis: 1 in the middle half, falling linearly to kBlendFloor at the ends.
cv::Mat rampWeights(int length) {
    cv::Mat w(1, length, CV_32F);
    const double ramp = std::max(1.0, length / 4.0);
    for (int i = 0; i < length; ++i) {
        const double fromEdge = std::min(i + 0.5, length - i - 0.5);
        w.at<float>(0, i) = float(std::clamp(fromEdge / ramp, kBlendFloor, 1.0));
    }
    return w;
}

cv::Mat resizedTo(const cv::Mat& m, cv::Size size) {
    if (m.size() == size) return m;
    cv::Mat out;
    const bool shrinking = qint64(size.width) * size.height < qint64(m.cols) * m.rows;
    cv::resize(m, out, size, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
    return out;
}

// `m` with pixels of its own: a view into `source` (resizedTo returns one at equal size) is copied.
cv::Mat owned(const cv::Mat& m, const cv::Mat& source) { return m.datastart == source.datastart ? m.clone() : m; }

} // namespace

QString framingModeName(FramingMode mode) {
    return mode == FramingMode::Stretch ? QStringLiteral("stretch") : QStringLiteral("fit");
}

bool parseFramingMode(const QString& name, FramingMode* out) {
    if (name == QLatin1String("fit")) *out = FramingMode::Fit;
    else if (name == QLatin1String("stretch")) *out = FramingMode::Stretch;
    else return false;
    return true;
}

std::vector<Frame> frameLayout(cv::Size original, const FramingSpec& spec) {
    std::vector<Frame> frames;
    if (original.width <= 0 || original.height <= 0 || spec.side <= 0) return frames;
    const cv::Rect whole(0, 0, spec.side, spec.side);
    if (!spec.tiled()) {
        const double scale = double(spec.side) / std::max(original.width, original.height);
        frames.push_back({cv::Rect({0, 0}, original),
                          spec.mode == FramingMode::Stretch ? whole : centredContent(original, scale, spec.side)});
        return frames;
    }
    // Every window has the same pixel scale, so a narrow edge window is not enlarged.
    const double scale = double(spec.side) / spec.tile;
    const int stride = spec.effectiveStride();
    for (int y : windowStarts(original.height, spec.tile, stride))
        for (int x : windowStarts(original.width, spec.tile, stride)) {
            const cv::Rect source(x, y, std::min(spec.tile, original.width), std::min(spec.tile, original.height));
            frames.push_back({source, spec.mode == FramingMode::Stretch ? whole
                                                                         : centredContent(source.size(), scale, spec.side)});
        }
    return frames;
}

cv::Mat frameImage(const cv::Mat& image, const Frame& frame, int side) {
    const cv::Mat content = resizedTo(image(frame.source), frame.content.size());
    if (frame.content == cv::Rect(0, 0, side, side)) return owned(content, image);
    cv::Mat out;
    cv::copyMakeBorder(content, out, frame.content.y, side - frame.content.br().y, frame.content.x,
                       side - frame.content.br().x, cv::BORDER_REFLECT_101);
    return out;
}

cv::Mat projectToOriginal(const std::vector<cv::Mat>& inputs, const std::vector<Frame>& frames, cv::Size original) {
    if (inputs.empty() || inputs.size() != frames.size() || original.empty()) return {};
    if (frames.size() == 1 && frames[0].source == cv::Rect({0, 0}, original))
        return owned(resizedTo(inputs[0](frames[0].content), original), inputs[0]);
    const int channels = inputs[0].channels();
    cv::Mat sum = cv::Mat::zeros(original, CV_32FC(channels));
    cv::Mat weight = cv::Mat::zeros(original, CV_32F);
    for (size_t i = 0; i < frames.size(); ++i) {
        const cv::Rect& src = frames[i].source;
        const cv::Mat part = resizedTo(inputs[i](frames[i].content), src.size());
        const cv::Mat w = rampWeights(src.height).t() * rampWeights(src.width); // outer product, src.size()
        cv::Mat weighted;
        if (channels == 1) {
            weighted = part.mul(w);
        } else {
            cv::Mat wc;
            cv::merge(std::vector<cv::Mat>(size_t(channels), w), wc);
            weighted = part.mul(wc);
        }
        sum(src) += weighted;
        weight(src) += w;
    }
    if (channels == 1) return sum / weight;
    cv::Mat wc;
    cv::merge(std::vector<cv::Mat>(size_t(channels), weight), wc);
    return sum / wc;
}

} // namespace faultline::core
