#pragma once
// Turns what a source provides (ReportInputs) into the report's content (ReportData): the
// evaluation at the committed threshold (EvaluationReport, with its bootstrap intervals and
// per-defect rates), ROC/PR curves, the score histogram and the gallery of the worst false
// rejects, the missed defects and the borderline samples. The samples judged are the ones
// buildEvaluationSet judges, as in the threshold panel and `faultline-cli evaluate`.
// Blocking; decodes at most 3 x galleryCount images and asks `score` for each of them. Call from
// any thread (QImage needs no display); `score` is called on the calling thread.

#include "core/report/ReportData.h"

#include <opencv2/core.hpp>

#include <functional>

namespace faultline::core {

// What a model gives the gallery for one image: its reconstruction and anomaly map (any size;
// they are resized to the original). Empty mats and an error when scoring failed.
struct GalleryModelImages {
    cv::Mat reconstruction;  // CV_32FC1 / CV_32FC3 (RGB) in [0,1]
    cv::Mat anomalyMap;      // CV_32FC1, higher = more anomalous
    QString error;
};
using GalleryScoreFn = std::function<GalleryModelImages(const QString& absolutePath)>;

struct ReportOptions {
    int galleryCount = 4;        // samples per gallery section
    int thumbnailSide = 128;     // px: the longer side of each gallery image
    int histogramBins = 40;
    BootstrapOptions bootstrap;
    QString noModelReason;       // shown when `score` is empty: why there are no reconstructions
};

ReportData buildReport(ReportInputs inputs, const GalleryScoreFn& score, const ReportOptions& options = {});

} // namespace faultline::core
