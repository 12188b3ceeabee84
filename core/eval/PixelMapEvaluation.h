#pragma once
// Pixel metrics from anomaly-map files and ground-truth mask files, streamed one image at a
// time (bounded memory, see PixelMetrics.h). A pair that cannot be used (missing or unreadable
// map or mask, size mismatch, NaN) is reported by file and reason and left out; the others
// still count. Runs on the calling thread; progress may return false to cancel.

#include "core/eval/PixelMetrics.h"

#include <QString>
#include <QVector>

#include <functional>

namespace faultline::core {

struct PixelMapPair {
    QString mapPath;   // single-channel 32-bit float TIFF at the image's original size
    QString maskPath;  // empty: every pixel is normal
};

struct PixelMapProblem {
    QString path;
    QString reason;
};

struct PixelMapEvaluation {
    PixelMetricsResult metrics;
    QVector<PixelMapProblem> problems;
    bool cancelled = false;
};

using PixelProgressFn = std::function<bool(int done, int total)>;

PixelMapEvaluation evaluatePixelMaps(const QVector<PixelMapPair>& pairs, const PixelProgressFn& progress = {},
                                     int bins = PixelMetricsAccumulator::kDefaultBins, double fprLimit = 0.3);

// The map file for an image: DIR/<relative path, extension replaced by .tiff>.
QString anomalyMapPath(const QString& mapsDir, const QString& relativeImagePath);

} // namespace faultline::core
