#include "core/ml/DriftReference.h"

#include <QFileInfo>

namespace faultline::ml {

QString driftScoreMethod(const BundleMetadata& metadata, const BundleCalibration& calibration) {
    if (calibration.hasThreshold() && !calibration.thresholdMethod.isEmpty()) return calibration.thresholdMethod;
    return metadata.defaultScore;
}

bool driftReference(const BundleCalibration& calibration, const QString& method, const QString& bundlePath,
                    core::DriftSample* out, QString* error) {
    const ScoreCalibration* scores = calibration.find(method);
    if (!scores || scores->scores.empty()) {
        *error = QStringLiteral("%1: the bundle holds no validation scores for the %2 score to compare a lot with")
                     .arg(bundlePath, method);
        return false;
    }
    out->scores.assign(scores->scores.begin(), scores->scores.end());
    out->images = calibration.referenceImages;
    if (out->images.isEmpty())
        out->imagesUnavailable = QStringLiteral("%1 stores no image statistics of its validation normals (written by "
                                                "an older version); retrain it to compare brightness, contrast, "
                                                "sharpness and size")
                                     .arg(QFileInfo(bundlePath).fileName());
    return true;
}

} // namespace faultline::ml
