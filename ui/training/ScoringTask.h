#pragma once
// Scores every sample of the project with a model bundle: the worker of the Workspace's scoring
// BackgroundTask (QPromise: progress per batch, cancel honoured at the next batch). Images that cannot be
// scored are listed with the reason; the others are scored.

#include "core/project/ProjectStore.h"

#include <QPromise>
#include <QStringList>
#include <QVector>

namespace faultline::ui {

struct ScoringInput {
    QString bundlePath;
    QString method;           // score method name; empty = the bundle's default
    QVector<qint64> ids;      // sample ids, same order as paths
    QStringList paths;        // absolute image paths
};

struct ScoringTaskResult {
    bool ok = false;
    bool cancelled = false;
    QString error;            // bundle could not be loaded, nothing scored, ...
    QString device;           // where it ran
    QString method;           // the score method used (its name)
    QString bundleSha256;     // hex digest of the bundle file, what identifies an imported model
    double seconds = 0.0;
    QVector<core::RunScore> scores;
    QStringList failures;     // "<file>: <reason>" per image left unscored
};

void scoreDataset(QPromise<ScoringTaskResult>& promise, const ScoringInput& input);

} // namespace faultline::ui
