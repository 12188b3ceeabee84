#pragma once
// The training-set check: ranks the project's training images by a k-fold leave-out score with
// the active run's bundle (ml::findTrainingSuspects), the worker of the Workspace's suspect
// BackgroundTask (QPromise: progress per image, cancel honoured at the next image).

#include "core/project/ProjectStore.h"

#include <QPromise>
#include <QStringList>
#include <QVector>

namespace faultline::ui {

struct SuspectCheckInput {
    QString bundlePath;
    qint64 runId = 0;
    QVector<qint64> ids;      // training sample ids, same order as paths
    QStringList paths;        // absolute image paths
};

struct SuspectCheckResult {
    bool ok = false;
    bool cancelled = false;
    QString error;            // names the bundle or image and the reason
    qint64 runId = 0;
    QVector<core::SuspectEntry> entries;  // highest score first
    int flagged = 0;
    int folds = 0;
    double seconds = 0.0;
    QStringList problems;     // "<file>: <reason>" per image that could not be read
};

void checkTrainingSet(QPromise<SuspectCheckResult>& promise, const SuspectCheckInput& input);

} // namespace faultline::ui
