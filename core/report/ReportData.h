#pragma once
// What the inspection report shows, gathered once and written as HTML or PDF (HtmlReport,
// PdfReport). ReportInputs is what a source provides (a project, or a model bundle with a scores
// CSV); buildReport() turns it into ReportData: the evaluation at the committed threshold, the
// curves, the histogram and the gallery. Plain value types; QImage pixels are owned (deep), so a
// ReportData may be built on a worker thread and written on another.

#include "core/eval/EvaluationReport.h"
#include "core/eval/ScoreHistogram.h"
#include "core/eval/ScoreRecord.h"

#include <QImage>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>
#include <vector>

namespace faultline::core {

struct ReportField {
    QString name;
    QString value;
};

struct EpochLoss {
    int epoch = 0;
    double trainLoss = 0.0;
    double valLoss = 0.0;  // NaN when the epoch had no validation
};

// The threshold a person committed: from the project's audit trail or a bundle's calibration.
struct CommittedThreshold {
    double value = 0.0;            // score >= value is anomalous
    QString method;                // "manual", "max-f1", "percentile:99", ...
    QString note;
    QString author;                // empty when the source does not record it (a bundle)
    QString committed;             // ISO 8601 UTC; empty when unknown
    std::optional<double> reviewLow, reviewHigh;
    QString source;                // "project audit trail", "model bundle calibration"
};

struct ReportInputs {
    QString title;                 // e.g. the project's name
    QString source;                // project file, or "<bundle> + <scores CSV>"
    QString datasetRoot;           // where record paths are relative to; empty when unknown
    QVector<ScoreRecord> records;  // every sample; a NaN score: not scored
    QString bundlePath;            // empty when there is no model
    QVector<ReportField> model;    // model and data fingerprints, in display order
    QJsonObject trainConfig;
    QVector<EpochLoss> history;    // the training loss curve; empty when not recorded
    std::optional<CommittedThreshold> threshold;
    QStringList warnings;          // shown at the top of the report
};

// One gallery sample as original / reconstruction / heatmap (the last two null without a model).
struct GalleryItem {
    QString path;                  // relative to the dataset root
    QString defect;
    GroundTruth label = GroundTruth::Unknown;
    double score = 0.0;
    QImage original, reconstruction, heatmap;
    QString problem;               // why an image is missing, when one is
};

struct GallerySection {
    QString title;
    QString description;
    QVector<GalleryItem> items;
};

struct DatasetCounts {
    int samples = 0, train = 0, val = 0, test = 0;
    int testNormal = 0, testAnomalous = 0, testUnlabelled = 0, unscored = 0;
};

struct ReportData {
    ReportInputs inputs;
    QString generated;             // ISO 8601 UTC
    DatasetCounts counts;
    EvaluationReport evaluation;   // at the committed threshold (or the default one, see thresholdNote)
    QString thresholdNote;         // set when no threshold was committed
    std::vector<CurvePoint> roc, pr;
    ScoreHistogram histogram;
    QVector<GallerySection> gallery;
    QString galleryNote;           // why the gallery shows originals only, when it does
    double heatmapLow = 0.0, heatmapHigh = 1.0; // one colour range for every gallery heatmap
};

} // namespace faultline::core
