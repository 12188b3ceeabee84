#pragma once
// Writes a lot of demo fabric normals (core/demo's texture, no defects) as 8-bit PNGs, optionally
// with every pixel scaled by a factor (0.8: 20% darker). Shared by the drift tests.

#include "core/demo/DemoTexture.h"

#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>

#include <opencv2/imgcodecs.hpp>

#include <vector>

namespace demolot {

inline QStringList writeLot(const QString& dir, quint64 firstSeed, int count, int size, double factor = 1.0) {
    QDir().mkpath(dir);
    QStringList paths;
    for (int i = 0; i < count; ++i) {
        cv::Mat image;
        faultline::core::demoTexture(firstSeed + quint64(i), size).convertTo(image, CV_8U, 255.0 * factor);
        std::vector<uchar> png;
        if (!cv::imencode(".png", image, png)) return {};
        const QString path = QDir(dir).filePath(QStringLiteral("%1.png").arg(i, 3, 10, QLatin1Char('0')));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(reinterpret_cast<const char*>(png.data()), qint64(png.size())) != qint64(png.size()))
            return {};
        paths << path;
    }
    return paths;
}

} // namespace demolot
