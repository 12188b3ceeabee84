#pragma once
// How an image of any size becomes the square inputs a model takes, and how per-pixel maps
// computed on those inputs go back onto the original pixels. One path for training and scoring,
// for every model and score, recorded in the bundle so scoring repeats it exactly.
//
// - fit (the default): the longer side is scaled to the input side and the shorter is padded by
//   mirroring the image's own border, so nothing is stretched; the padding is cut off again
//   when a map is projected back.
// - stretch: the image is squeezed to the square (what bundles before framing did).
// - tiles (tile > 0): the full-resolution image is cut into tile x tile windows every `stride`
//   pixels, the last ones flush with the right and bottom edges; each window is framed as above.
//   Maps of overlapping windows are blended with weights that fall towards a window's edges.
// Pure functions of their arguments, any thread.

#include <opencv2/core/mat.hpp>

#include <QString>

#include <algorithm>
#include <vector>

namespace faultline::core {

enum class FramingMode { Fit, Stretch };

struct FramingSpec {
    FramingMode mode = FramingMode::Fit;
    int side = 128;    // the model's square input side
    int tile = 0;      // window side in original pixels; 0 = the whole image is one window
    int stride = 0;    // pixels between windows; 0 = tile / 2
    bool tiled() const { return tile > 0; }
    int effectiveStride() const { return stride > 0 ? stride : std::max(1, tile / 2); }
};

// One window of an image and where it lands in the model's input.
struct Frame {
    cv::Rect source;   // in the original image's pixels
    cv::Rect content;  // in the side x side input; the rest of the input is padding
};

QString framingModeName(FramingMode mode);             // "fit", "stretch"
bool parseFramingMode(const QString& name, FramingMode* out);

// Windows covering an image of `original` size: one for whole-image framing; a regular grid
// (every pixel covered) for tiles. Empty for an empty size.
std::vector<Frame> frameLayout(cv::Size original, const FramingSpec& spec);

// The model input of one window: CV_32F with the image's channels, side x side.
cv::Mat frameImage(const cv::Mat& image, const Frame& frame, int side);

// Maps (or images: any CV_32F channel count) on the inputs of `frames`, side x side each,
// projected onto an image of `original` size. Where windows overlap, a weighted mean; a single
// window is cropped to its content and resized to its source, nothing else.
cv::Mat projectToOriginal(const std::vector<cv::Mat>& inputs, const std::vector<Frame>& frames, cv::Size original);

} // namespace faultline::core
