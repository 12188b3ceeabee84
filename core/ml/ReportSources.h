#pragma once
// Gathers an inspection report (core/report) from a project file, or from a model bundle with
// a scores CSV, for `faultline-cli report` and the workbench's File > Export Report. The model
// bundle adds its fingerprints, training configuration and calibration; when it is available
// the gallery's few images are scored with it (Scorer: reconstruction and anomaly map).
// Blocking; uses only the calling thread's objects, so a worker thread may call it.

#include "core/report/ReportData.h"

#include <QString>

namespace faultline::ml {

struct ReportRequest {
    QString project;   // a project file; or, when empty:
    QString model;     // a model bundle, and
    QString scores;    // the scores CSV it wrote (score --out)
    QString data;      // the dataset root the CSV paths are relative to (for the gallery); optional
    QString device = QStringLiteral("auto");
    int threads = 0;   // 0 = every core
};

// Adds the bundle's header (model, fingerprints, training config, calibration threshold when
// `inputs` has none). False with *error naming the file.
bool addBundleToReport(const QString& bundlePath, core::ReportInputs* inputs, QString* error);

// False with *error naming the file and the reason when an input cannot be read.
bool gatherReport(const ReportRequest& request, core::ReportData* report, QString* error);

} // namespace faultline::ml
