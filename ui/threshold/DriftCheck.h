#pragma once
// The lot drift check of the workbench, run off the GUI thread (the worker of DriftBinding's
// BackgroundTask): reads the bundle's reference (validation-normal scores and image
// statistics), decodes the lot's images for their statistics and compares (core::compareLot).
// Takes copies; touches nothing of the GUI. Cost: one decode per lot image.

#include "core/eval/DriftReport.h"

#include <QPromise>
#include <QStringList>

#include <vector>

namespace faultline::ui {

struct DriftCheckInput {
    QString bundlePath;
    QStringList paths;            // the lot's images (the active run's scored test samples)
    std::vector<double> scores;   // their scores, same order
};

struct DriftCheckResult {
    bool ok = false;
    QString error;                // the bundle could not be read, or holds no reference
    core::DriftReport report;
    std::vector<double> referenceScores;
    std::vector<double> lotScores;
};

void checkLotDrift(QPromise<DriftCheckResult>& promise, const DriftCheckInput& input);

} // namespace faultline::ui
