#pragma once
// Every score method of one or more model bundles on the labelled non-training images of a
// dataset: image AUROC, average precision, F1-max and recall at an FPR limit with stratified
// bootstrap intervals (core/eval/CurveBootstrap), pixel AUROC where the dataset has masks
// (core/eval/PixelMetrics) with an image-resampling interval, and the scoring speed. Each method
// is a scoring pass of its own, so its speed is that of scoring with it alone (the network pass
// where the method needs one, and decoding, as `score` does).
// Runs on the calling thread (the GUI runs it in a background task); progress is called after
// every batch and may return false to cancel, which is honoured at the next batch.

#include "core/dataset/Sample.h"
#include "core/eval/CurveBootstrap.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>
#include <optional>

namespace faultline::ml {

struct ComparisonOptions {
    QStringList bundles;
    QString data;                            // dataset folder, scanned as each bundle's training scanned it
    // When not empty, these are judged instead of scanning `data`: a project's samples, with the
    // user's label as truth where there is one (the workbench's Methods panel).
    QVector<core::Sample> samples;
    QString split = QStringLiteral("test");  // "test", "val" (labelled validation images) or "all" (both)
    QStringList methods;                     // only these score methods; empty = every one a bundle supports
    QString device = QStringLiteral("auto");
    int threads = 0;
    int batchSize = 32;
    double fprLimit = 0.01;                  // recall is reported at this false-positive rate
    core::BootstrapOptions bootstrap;        // resamples, confidence, seed
};

struct ComparisonRow {
    QString bundle;
    QString model;
    QString method;
    bool isDefault = false;                  // the bundle's default score
    int images = 0;                          // labelled images scored
    int anomalous = 0;
    core::CurveIntervals image;              // AUROC, AP, F1-max, recall at the FPR limit
    std::optional<double> pixelAuroc;        // when masks exist (histogram AUROC, error bound below)
    double pixelAurocErrorBound = 0.0;
    core::RateInterval pixelAurocInterval;   // images resampled (core/eval/PixelAurocBootstrap)
    double imagesPerSecond = 0.0;
};

struct ComparisonResult {
    bool ok = false;
    bool cancelled = false;
    QString error;                           // names the bundle or dataset that failed
    QStringList warnings;                    // images that could not be scored, masks that could not be read
    bool masks = false;                      // the judged images carry ground-truth masks
    QVector<ComparisonRow> rows;
};

// done / total scoring steps (images x methods x bundles); the label says which bundle and method.
using ComparisonProgressFn = std::function<bool(qint64 done, qint64 total, const QString& label)>;

ComparisonResult compareMethods(const ComparisonOptions& options, const ComparisonProgressFn& progress = {});

} // namespace faultline::ml
