#pragma once
// Simple statistics of one decoded image, the ones a change of camera, lighting or focus moves:
// mean brightness, contrast, sharpness and size. The lot drift check (core/eval/DriftReport)
// compares their distributions over a lot with those of the validation normals. Plain functions,
// no shared state: safe on any thread. Cost: one decode plus a 3x3 Laplacian per image.

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <opencv2/core.hpp>

namespace faultline::core {

struct ImageStatistics {
    double brightness = 0.0; // mean grey intensity, [0,1] (the file's full scale is 1)
    double contrast = 0.0;   // standard deviation of the grey intensity, same units
    double sharpness = 0.0;  // variance of the 3x3 Laplacian of the grey intensity
    int width = 0;           // pixels, as stored in the file
    int height = 0;
};

// image: CV_32FC1 or CV_32FC3 in [0,1] (core::loadImage's layout) at the original size; colour is
// turned grey first. An empty image gives all zeros.
ImageStatistics imageStatistics(const cv::Mat& image);

// Decodes path with core::loadImage at its original size; false with *error ("<file>: <reason>")
// when it cannot be read.
bool imageStatisticsOfFile(const QString& path, ImageStatistics* out, QString* error);

// Statistics of every readable file; files that cannot be read are named in *problems.
QVector<ImageStatistics> imageStatisticsOfFiles(const QStringList& paths, QStringList* problems = nullptr);

// Column form: {"count": n, "brightness": [...], "contrast": [...], "sharpness": [...],
// "width": [...], "height": [...]}. fromJson returns an empty list for anything malformed.
QJsonObject imageStatisticsToJson(const QVector<ImageStatistics>& stats);
QVector<ImageStatistics> imageStatisticsFromJson(const QJsonObject& object);

} // namespace faultline::core
