#pragma once
// A list of files scored with a bundle and one method (CPU, 2 threads, reconstructions kept), and
// the paths of a generated set with a given truth: what the model tests compare runs with.

#include "core/dataset/Sample.h"
#include "core/ml/Scorer.h"

#include <QStringList>
#include <QVector>

#include <vector>

namespace faultline::testing {

inline std::vector<ml::ImageScore> scoresOf(const QString& bundle, const QStringList& paths, const QString& method,
                                            int batch = 32) {
    ml::Scorer scorer;
    ml::ScoreOptions o;
    o.method = method;
    o.device = QStringLiteral("cpu");
    o.threads = 2;
    o.batchSize = batch;
    o.wantReconstruction = true;
    QString error;
    if (!scorer.load(bundle, o, &error)) qFatal("%s", qPrintable(error));
    std::vector<ml::ImageScore> out(size_t(paths.size()));
    scorer.scoreFiles(paths, [&](int i, const ml::ImageScore& s) { out[size_t(i)] = s; });
    return out;
}

inline QStringList pathsOf(const QVector<core::Sample>& samples, core::GroundTruth truth) {
    QStringList paths;
    for (const auto& s : samples)
        if (s.truth == truth) paths << s.path;
    return paths;
}

} // namespace faultline::testing
