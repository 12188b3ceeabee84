#include "ui/inspection/InspectionContours.h"

#include <opencv2/imgproc.hpp>

namespace faultline::ui {

QPainterPath regionOutlines(const cv::Mat& binary, int* count) {
    QPainterPath path;
    if (count)
        *count = 0;
    if (binary.empty() || binary.type() != CV_8UC1)
        return path;
    std::vector<std::vector<cv::Point>> contours;
    // findContours may modify its input in old OpenCV versions: work on a copy.
    cv::findContours(binary.clone(), contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
    for (const auto& contour : contours) {
        if (contour.empty())
            continue;
        // Pixel centres, so a one-pixel region still gets a visible outline.
        path.moveTo(contour[0].x + 0.5, contour[0].y + 0.5);
        for (size_t i = 1; i < contour.size(); ++i)
            path.lineTo(contour[i].x + 0.5, contour[i].y + 0.5);
        path.closeSubpath();
    }
    if (count)
        *count = int(contours.size());
    return path;
}

cv::Mat thresholdMap(const cv::Mat& map, double level) {
    if (map.empty() || map.type() != CV_32FC1)
        return {};
    cv::Mat out;
    cv::compare(map, level, out, cv::CMP_GE);
    return out;
}

} // namespace faultline::ui
