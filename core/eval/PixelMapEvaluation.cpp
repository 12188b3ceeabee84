#include "core/eval/PixelMapEvaluation.h"

#include "core/image/ImageCodecs.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <opencv2/imgcodecs.hpp>

namespace faultline::core {

namespace {

cv::Mat readImage(const QString& path, int flags) {
    try {
        return codecs::read(QFile::encodeName(path).toStdString(), flags);
    } catch (const cv::Exception&) {
        return cv::Mat(); // reported by the caller as unreadable
    }
}

} // namespace

QString anomalyMapPath(const QString& mapsDir, const QString& relativeImagePath) {
    // Same rule as the writer in `score --maps`: QFileInfo's complete base name.
    const QFileInfo rel(relativeImagePath);
    const QString base = rel.path() == QLatin1String(".") ? rel.completeBaseName()
                                                          : rel.path() + QLatin1Char('/') + rel.completeBaseName();
    return QDir(mapsDir).filePath(base + QStringLiteral(".tiff"));
}

PixelMapEvaluation evaluatePixelMaps(const QVector<PixelMapPair>& pairs, const PixelProgressFn& progress, int bins,
                                     double fprLimit) {
    PixelMapEvaluation out;
    PixelMetricsAccumulator acc(bins);
    for (int i = 0; i < pairs.size(); ++i) {
        if (progress && !progress(i, pairs.size())) {
            out.cancelled = true;
            break;
        }
        const PixelMapPair& pair = pairs.at(i);
        if (!QFileInfo::exists(pair.mapPath)) {
            out.problems.append({pair.mapPath, QStringLiteral("no anomaly map at this path")});
            continue;
        }
        const cv::Mat map = readImage(pair.mapPath, cv::IMREAD_UNCHANGED);
        if (map.empty()) {
            out.problems.append({pair.mapPath, QStringLiteral("cannot decode the anomaly map")});
            continue;
        }
        cv::Mat mask;
        if (!pair.maskPath.isEmpty()) {
            if (!QFileInfo::exists(pair.maskPath)) {
                out.problems.append({pair.maskPath, QStringLiteral("the ground-truth mask does not exist")});
                continue;
            }
            mask = readImage(pair.maskPath, cv::IMREAD_GRAYSCALE);
            if (mask.empty()) {
                out.problems.append({pair.maskPath, QStringLiteral("cannot decode the ground-truth mask")});
                continue;
            }
        }
        QString error;
        if (!acc.add(map, mask, &error)) out.problems.append({pair.mapPath, error});
    }
    if (progress && !out.cancelled) progress(pairs.size(), pairs.size());
    out.metrics = acc.result(fprLimit);
    return out;
}

} // namespace faultline::core
