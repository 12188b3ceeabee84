#pragma once
// Outlines of binary regions (ground-truth masks, thresholded error maps) as painter paths
// in image pixel coordinates, for drawing over the inspection panes. Plain functions, safe
// on any thread.

#include <QPainterPath>

#include <opencv2/core.hpp>

namespace faultline::ui {

// Outlines of the non-zero pixels of a CV_8UC1 mat; `count` receives the number of regions.
QPainterPath regionOutlines(const cv::Mat& binary, int* count = nullptr);
// Pixels of a CV_32FC1 map at or above `level`, as a CV_8UC1 mask (255 inside).
cv::Mat thresholdMap(const cv::Mat& map, double level);

} // namespace faultline::ui
