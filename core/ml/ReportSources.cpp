#include "core/ml/ReportSources.h"

#include "core/eval/ScoresCsv.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/Scorer.h"
#include "core/report/ProjectReportSource.h"
#include "core/report/ReportBuilder.h"

#include <QDir>
#include <QFileInfo>

#include <memory>

namespace faultline::ml {

bool addBundleToReport(const QString& bundlePath, core::ReportInputs* in, QString* error) {
    BundleMetadata m;
    BundleCalibration c;
    if (!ModelBundle::loadHeader(bundlePath, &m, &c, error)) return false;
    in->bundlePath = bundlePath;
    const QVector<core::ReportField> fields = {
        {QStringLiteral("Model bundle"), QFileInfo(bundlePath).absoluteFilePath()},
        {QStringLiteral("Model"), QStringLiteral("%1, %2 x %2 px, %3 channel(s), score %4")
                                      .arg(m.model).arg(m.size).arg(m.channels).arg(m.defaultScore)},
        {QStringLiteral("Payload SHA-256"), m.payloadSha256},
        {QStringLiteral("Training data fingerprint"), m.dataFingerprint},
        {QStringLiteral("Training / validation images"), QStringLiteral("%1 / %2").arg(m.trainImages).arg(m.valImages)},
        {QStringLiteral("Epochs, best validation loss"), QStringLiteral("%1, %2").arg(m.epochsRun).arg(m.bestValLoss, 0, 'g', 6)},
        {QStringLiteral("Created"), QStringLiteral("%1 by Faultline %2 (LibTorch %3)")
                                        .arg(m.created, m.faultlineVersion, m.torchVersion)},
    };
    in->model += fields;
    if (!m.trainConfig.isEmpty()) in->trainConfig = m.trainConfig;
    if (!in->threshold && c.hasThreshold()) {
        core::CommittedThreshold t;
        t.value = c.threshold;
        t.method = c.thresholdSource.isEmpty() ? QStringLiteral("(not recorded)") : c.thresholdSource;
        t.note = c.thresholdNote;
        t.committed = c.thresholdCommitted;
        if (c.hasReviewBand()) {
            t.reviewLow = c.reviewLow;
            t.reviewHigh = c.reviewHigh;
        }
        t.source = QStringLiteral("model bundle calibration (score %1)").arg(c.thresholdMethod);
        in->threshold = t;
    }
    return true;
}

namespace {

core::GalleryScoreFn galleryScorer(const ReportRequest& request, const QString& bundlePath, QString* error) {
    ScoreOptions options;
    options.wantMap = true;
    options.wantReconstruction = true;
    options.batchSize = 1;
    options.threads = request.threads;
    options.device = request.device;
    auto scorer = std::make_shared<Scorer>();
    if (!scorer->load(bundlePath, options, error)) return {};
    return [scorer](const QString& path) {
        const ImageScore s = scorer->scoreFile(path);
        if (!s.ok) return core::GalleryModelImages{{}, {}, s.error};
        return core::GalleryModelImages{s.reconstruction, s.anomalyMap, {}};
    };
}

} // namespace

bool gatherReport(const ReportRequest& request, core::ReportData* report, QString* error) {
    core::ReportInputs in;
    if (!request.project.isEmpty()) {
        if (!core::reportInputsFromProject(request.project, &in, error)) return false;
        if (!in.bundlePath.isEmpty()) {
            QString bundleError;
            if (!addBundleToReport(in.bundlePath, &in, &bundleError)) {
                in.warnings << QStringLiteral("the run's model bundle cannot be read (%1): no fingerprints, no "
                                              "reconstructions").arg(bundleError);
                in.bundlePath.clear();
            }
        }
    } else {
        const core::ScoresReadResult csv = core::readScoresCsv(request.scores);
        if (!csv.ok) {
            *error = csv.error;
            return false;
        }
        if (csv.records.isEmpty()) {
            *error = QStringLiteral("%1: no usable score rows").arg(request.scores);
            return false;
        }
        for (const core::CsvRowProblem& p : csv.problems) in.warnings << p.toString();
        in.warnings += csv.warnings;
        in.records = csv.records;
        in.title = QFileInfo(request.model).completeBaseName();
        in.source = QStringLiteral("%1 + %2").arg(QFileInfo(request.model).absoluteFilePath(),
                                                  QFileInfo(request.scores).absoluteFilePath());
        if (!request.data.isEmpty()) in.datasetRoot = QFileInfo(request.data).absoluteFilePath();
        if (!addBundleToReport(request.model, &in, error)) return false;
    }
    core::ReportOptions options;
    core::GalleryScoreFn score;
    if (in.bundlePath.isEmpty()) {
        options.noModelReason = QStringLiteral("Originals only: this run has no model bundle (its scores were imported "
                                               "from a CSV), so there is no reconstruction or heatmap to show.");
    } else if (in.datasetRoot.isEmpty()) {
        options.noModelReason = QStringLiteral("No images: the dataset folder was not given (--data), so the gallery "
                                               "lists the samples only.");
    } else {
        QString scorerError;
        score = galleryScorer(request, in.bundlePath, &scorerError);
        if (!score)
            options.noModelReason = QStringLiteral("Originals only: the model could not be loaded to show "
                                                   "reconstructions (%1).").arg(scorerError);
    }
    *report = core::buildReport(std::move(in), score, options);
    return true;
}

} // namespace faultline::ml
