#include "core/image/ImageStatistics.h"

#include "core/image/ImageLoader.h"

#include <QJsonArray>

#include <opencv2/imgproc.hpp>

#include <array>
#include <cmath>

namespace faultline::core {

ImageStatistics imageStatistics(const cv::Mat& image) {
    ImageStatistics s;
    if (image.empty()) return s;
    cv::Mat grey;
    if (image.channels() == 3) cv::cvtColor(image, grey, cv::COLOR_RGB2GRAY);
    else image.convertTo(grey, CV_32F);
    if (grey.depth() != CV_32F) grey.convertTo(grey, CV_32F);
    cv::Scalar mean, stddev;
    cv::meanStdDev(grey, mean, stddev);
    s.brightness = mean[0];
    s.contrast = stddev[0];
    cv::Mat laplacian;
    cv::Laplacian(grey, laplacian, CV_32F, /*ksize=*/1);  // ksize 1: the 3x3 kernel [0 1 0; 1 -4 1; 0 1 0]
    cv::meanStdDev(laplacian, mean, stddev);
    s.sharpness = stddev[0] * stddev[0];
    s.width = image.cols;
    s.height = image.rows;
    return s;
}

bool imageStatisticsOfFile(const QString& path, ImageStatistics* out, QString* error) {
    const LoadedImage loaded = loadImage(path);
    if (!loaded.ok()) {
        if (error) *error = loaded.error.isEmpty() ? QStringLiteral("%1: cannot be decoded").arg(path) : loaded.error;
        return false;
    }
    *out = imageStatistics(loaded.image);
    out->width = loaded.originalSize.width;
    out->height = loaded.originalSize.height;
    return true;
}

QVector<ImageStatistics> imageStatisticsOfFiles(const QStringList& paths, QStringList* problems) {
    QVector<ImageStatistics> all;
    all.reserve(paths.size());
    for (const QString& path : paths) {
        ImageStatistics s;
        QString error;
        if (imageStatisticsOfFile(path, &s, &error)) all.append(s);
        else if (problems) problems->append(error);
    }
    return all;
}

namespace {

const std::array<QString, 5> kColumns = {QStringLiteral("brightness"), QStringLiteral("contrast"),
                                         QStringLiteral("sharpness"), QStringLiteral("width"),
                                         QStringLiteral("height")};

double column(const ImageStatistics& s, int c) {
    switch (c) {
    case 0: return s.brightness;
    case 1: return s.contrast;
    case 2: return s.sharpness;
    case 3: return s.width;
    default: return s.height;
    }
}

} // namespace

QJsonObject imageStatisticsToJson(const QVector<ImageStatistics>& stats) {
    QJsonObject o{{QStringLiteral("count"), int(stats.size())}};
    for (int c = 0; c < int(kColumns.size()); ++c) {
        QJsonArray values;
        for (const ImageStatistics& s : stats) values.append(column(s, c));
        o.insert(kColumns[c], values);
    }
    return o;
}

QVector<ImageStatistics> imageStatisticsFromJson(const QJsonObject& o) {
    const int n = o.value(QStringLiteral("count")).toInt(-1);
    if (n <= 0) return {};
    std::array<QJsonArray, 5> columns;
    for (int c = 0; c < int(kColumns.size()); ++c) {
        columns[c] = o.value(kColumns[c]).toArray();
        if (columns[c].size() != n) return {};
        for (const QJsonValue& v : columns[c])
            if (!v.isDouble() || !std::isfinite(v.toDouble())) return {};
    }
    QVector<ImageStatistics> stats(n);
    for (int i = 0; i < n; ++i) {
        stats[i].brightness = columns[0][i].toDouble();
        stats[i].contrast = columns[1][i].toDouble();
        stats[i].sharpness = columns[2][i].toDouble();
        stats[i].width = columns[3][i].toInt();
        stats[i].height = columns[4][i].toInt();
    }
    return stats;
}

} // namespace faultline::core
