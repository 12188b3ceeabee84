#pragma once
// The lot drift check's reference, read from a model bundle's calibration: the validation
// normals' scores under one score method and, when the bundle stores them, the same images'
// statistics (BundleCalibration::referenceImages). Plain functions; no LibTorch, no threads.

#include "core/eval/DriftReport.h"
#include "core/ml/ModelBundle.h"

namespace faultline::ml {

// The method a lot is compared on: the one the committed threshold applies to, else the
// bundle's default score.
QString driftScoreMethod(const BundleMetadata& metadata, const BundleCalibration& calibration);

// False with *error naming bundlePath when the calibration holds no validation scores for method.
// A bundle without image statistics (written before they were stored) gives a reference whose
// imagesUnavailable says so; the scores are still compared.
bool driftReference(const BundleCalibration& calibration, const QString& method, const QString& bundlePath,
                    core::DriftSample* out, QString* error);

} // namespace faultline::ml
