#pragma once
// The one pixel bridge between cv::Mat and QImage. Every function returns a deep copy: the
// result owns its pixels and shares no buffer with the argument, so either side may be
// modified or destroyed afterwards. Safe from any thread (QImage needs no display); only the
// GUI thread turns the QImage into a QPixmap.
//
// Channel order: 3-channel mats are RGB (as ImageLoader produces), 4-channel mats RGBA.
// The tensor side of the bridge lives in core/ml.

#include <QImage>

#include <opencv2/core.hpp>

namespace faultline::core {

// Accepts CV_8U (values 0..255), CV_16U (0..65535, gray only) and CV_32F/CV_64F (values in
// [0,1], clamped, NaN shown as 0) with 1, 3 or 4 channels. Gray gives Format_Grayscale8 (or
// Grayscale16 for CV_16UC1), RGB Format_RGB888, RGBA Format_RGBA8888. Anything else: null QImage.
QImage toQImage(const cv::Mat& mat);

// Grayscale8 -> CV_8UC1, Grayscale16 -> CV_16UC1, images with alpha -> CV_8UC4 (RGBA),
// every other format (RGB32, indexed, ...) -> CV_8UC3 (RGB). Null image -> empty Mat.
cv::Mat fromQImage(const QImage& image);

// Colours a single-channel score map: lo maps to the cold end, hi to the hot end (values
// outside are clamped; NaN counts as lo). Uses OpenCV's perceptually ordered "turbo" map.
// Returns Format_RGB888 at the map's size; a null QImage for an empty or multi-channel map.
QImage heatmapToQImage(const cv::Mat& map, float lo, float hi);

// The same colouring as an RGB CV_8UC3 mat, for overlays and exports done without Qt.
cv::Mat heatmapColors(const cv::Mat& map, float lo, float hi);

} // namespace faultline::core
