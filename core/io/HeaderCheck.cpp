#include "core/io/HeaderCheck.h"

#include "core/image/DecodeLimit.h"
#include "core/image/ImageHeader.h"

#include <QSet>
#include <QtConcurrent/QtConcurrentMap>

namespace faultline::core {

namespace {

constexpr int kBlock = 2048; // files per parallel batch, between progress calls

QString problemOf(const QString& path, qint64 maxPixels) {
    const ImageHeader h = readImageHeader(path, kScanHeadBytes);
    if (h.ok()) return decodeLimitProblem(h, maxPixels);
    return h.problem;
}

} // namespace

bool checkSampleHeaders(Dataset& data, qint64 maxPixels, const ScanProgressFn& progress) {
    QStringList paths;
    paths.reserve(data.samples.size());
    QSet<QString> masks;
    for (const Sample& s : data.samples) {
        paths.push_back(s.path);
        if (!s.maskPath.isEmpty()) masks.insert(s.maskPath);
    }
    for (const QString& m : masks) paths.push_back(m);

    QStringList problems;
    problems.reserve(paths.size());
    for (qsizetype start = 0; start < paths.size(); start += kBlock) {
        if (progress && !progress(start, paths.size())) return false;
        const QStringList block = paths.mid(start, kBlock);
        problems += QtConcurrent::blockingMapped<QStringList>(
            block, [maxPixels](const QString& path) { return problemOf(path, maxPixels); });
    }
    if (progress && !progress(paths.size(), paths.size())) return false;

    QHash<QString, QString> bad;
    for (qsizetype i = 0; i < paths.size(); ++i)
        if (!problems[i].isEmpty()) bad.insert(paths[i], problems[i]);
    if (bad.isEmpty()) return true;

    QVector<Sample> kept;
    kept.reserve(data.samples.size());
    QSet<QString> badMasksReported;
    for (Sample s : data.samples) {
        const auto it = bad.constFind(s.path);
        if (it != bad.constEnd()) {
            data.problems.push_back({s.path, it.value()});
            continue;
        }
        const auto mask = bad.constFind(s.maskPath);
        if (!s.maskPath.isEmpty() && mask != bad.constEnd()) {
            if (!badMasksReported.contains(s.maskPath))
                data.problems.push_back({s.maskPath, QStringLiteral("mask unusable (%1): the image is kept without a mask").arg(mask.value())});
            badMasksReported.insert(s.maskPath);
            s.maskPath.clear();
        }
        kept.push_back(s);
    }
    data.samples.swap(kept);
    return true;
}

} // namespace faultline::core
