#include "ui/threshold/DriftCheck.h"

#include "core/image/ImageStatistics.h"
#include "core/ml/DriftReference.h"
#include "core/ml/ModelBundle.h"

namespace faultline::ui {

void checkLotDrift(QPromise<DriftCheckResult>& promise, const DriftCheckInput& input) {
    DriftCheckResult r;
    ml::BundleMetadata metadata;
    ml::BundleCalibration calibration;
    core::DriftSample reference;
    // Workbench runs are scored with the bundle's default score (ScoringTask names none).
    if (!ml::ModelBundle::loadHeader(input.bundlePath, &metadata, &calibration, &r.error) ||
        !ml::driftReference(calibration, metadata.defaultScore, input.bundlePath, &reference, &r.error)) {
        promise.addResult(r);
        return;
    }
    promise.setProgressRange(0, int(input.paths.size()));
    core::DriftSample lot;
    lot.scores = input.scores;
    lot.images.reserve(input.paths.size());
    for (int i = 0; i < input.paths.size(); ++i) {
        if (promise.isCanceled()) return;
        core::ImageStatistics s;
        QString ignored;  // an image that scored but no longer decodes just has no statistics
        if (core::imageStatisticsOfFile(input.paths[i], &s, &ignored)) lot.images.append(s);
        promise.setProgressValue(i + 1);
    }
    r.report = core::compareLot(reference, lot, metadata.defaultScore);
    r.referenceScores = std::move(reference.scores);
    r.lotScores = std::move(lot.scores);
    r.ok = true;
    promise.addResult(r);
}

} // namespace faultline::ui
