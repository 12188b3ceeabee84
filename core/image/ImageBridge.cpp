#include "core/image/ImageBridge.h"

#include <opencv2/imgproc.hpp>

#include <cstring>

namespace faultline::core {

namespace {

// Copies rows one by one: QImage rows are 4-byte aligned, cv::Mat rows need not be (and a
// Mat may be a non-continuous ROI).
QImage copyInto(const cv::Mat& mat8, QImage::Format format) {
    QImage image(mat8.cols, mat8.rows, format);
    if (image.isNull()) return {};
    const size_t rowBytes = size_t(mat8.cols) * mat8.elemSize();
    for (int y = 0; y < mat8.rows; ++y) std::memcpy(image.scanLine(y), mat8.ptr(y), rowBytes);
    return image;
}

cv::Mat copyFrom(const QImage& image, int type) {
    cv::Mat mat(image.height(), image.width(), type);
    const size_t rowBytes = size_t(mat.cols) * mat.elemSize();
    for (int y = 0; y < mat.rows; ++y) std::memcpy(mat.ptr(y), image.constScanLine(y), rowBytes);
    return mat;
}

} // namespace

QImage toQImage(const cv::Mat& mat) {
    if (mat.empty() || mat.dims != 2) return {};
    const int channels = mat.channels();
    if (channels != 1 && channels != 3 && channels != 4) return {};
    cv::Mat src;
    switch (mat.depth()) {
    case CV_8U: src = mat; break;
    case CV_16U:
        if (channels == 1) return copyInto(mat, QImage::Format_Grayscale16);
        mat.convertTo(src, CV_8U, 255.0 / 65535.0);
        break;
    case CV_32F: case CV_64F: {
        cv::Mat f;
        mat.convertTo(f, CV_32F);
        if (!f.isContinuous() || f.data == mat.data) f = f.clone();
        cv::patchNaNs(f, 0.0);
        f.convertTo(src, CV_8U, 255.0); // saturating: values outside [0,1] clamp
        break;
    }
    default: return {};
    }
    const QImage::Format format = channels == 1 ? QImage::Format_Grayscale8
                                  : channels == 3 ? QImage::Format_RGB888 : QImage::Format_RGBA8888;
    return copyInto(src, format);
}

cv::Mat fromQImage(const QImage& image) {
    if (image.isNull()) return {};
    switch (image.format()) {
    case QImage::Format_Grayscale8: return copyFrom(image, CV_8UC1);
    case QImage::Format_Grayscale16: return copyFrom(image, CV_16UC1);
    default: break;
    }
    if (image.hasAlphaChannel()) return copyFrom(image.convertToFormat(QImage::Format_RGBA8888), CV_8UC4);
    return copyFrom(image.convertToFormat(QImage::Format_RGB888), CV_8UC3);
}

cv::Mat heatmapColors(const cv::Mat& map, float lo, float hi) {
    if (map.empty() || map.channels() != 1 || map.dims != 2) return {};
    cv::Mat f;
    map.convertTo(f, CV_32F);
    if (!f.isContinuous() || f.data == map.data) f = f.clone();
    cv::patchNaNs(f, double(lo));
    const double span = double(hi) - double(lo);
    // A flat range (hi <= lo) shows everything at or above lo as hot, the rest cold.
    cv::Mat gray;
    if (span > 0) f.convertTo(gray, CV_8U, 255.0 / span, -double(lo) * 255.0 / span);
    else gray = (f >= lo) & 255;
    cv::Mat bgr, rgb;
    cv::applyColorMap(gray, bgr, cv::COLORMAP_TURBO);
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return rgb;
}

QImage heatmapToQImage(const cv::Mat& map, float lo, float hi) {
    const cv::Mat rgb = heatmapColors(map, lo, hi);
    if (rgb.empty()) return {};
    return copyInto(rgb, QImage::Format_RGB888);
}

} // namespace faultline::core
