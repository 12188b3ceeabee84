#include "core/report/ReportBuilder.h"

#include "core/eval/EvaluationSet.h"
#include "core/image/ImageBridge.h"
#include "core/image/ImageLoader.h"

#include <QDateTime>
#include <QDir>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace faultline::core {

namespace {

DatasetCounts countSamples(const QVector<ScoreRecord>& records) {
    DatasetCounts c;
    c.samples = records.size();
    for (const ScoreRecord& r : records) {
        if (!std::isfinite(r.score)) ++c.unscored;
        switch (r.split) {
        case Split::Train: ++c.train; break;
        case Split::Val: ++c.val; break;
        case Split::Test:
            ++c.test;
            if (r.label == GroundTruth::Normal) ++c.testNormal;
            else if (r.label == GroundTruth::Anomalous) ++c.testAnomalous;
            else ++c.testUnlabelled;
            break;
        }
    }
    return c;
}

QImage thumbnail(const QImage& image, int side) {
    if (image.isNull()) return {};
    return image.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation)
        .convertToFormat(QImage::Format_RGB888);
}

// Brings a reconstruction (the model's input size and channels) to the original's size and type.
cv::Mat matchOriginal(const cv::Mat& image, const cv::Mat& original) {
    if (image.empty()) return {};
    cv::Mat out;
    cv::resize(image, out, original.size(), 0, 0, cv::INTER_LINEAR);
    if (out.channels() == 1 && original.channels() == 3) cv::cvtColor(out, out, cv::COLOR_GRAY2RGB);
    else if (out.channels() == 3 && original.channels() == 1) cv::cvtColor(out, out, cv::COLOR_RGB2GRAY);
    return out;
}

// Rows of the judged, labelled test samples for each gallery section, worst first.
QVector<QVector<int>> pickGallery(const QVector<ScoreRecord>& records, const EvaluationSet& set, double threshold,
                                  int count) {
    QVector<int> rejects, missed, all;
    for (int row : set.judgedRows) {
        const ScoreRecord& r = records[row];
        if (r.label == GroundTruth::Unknown) continue;
        all.append(row);
        if (r.label == GroundTruth::Normal && r.score >= threshold) rejects.append(row);
        if (r.label == GroundTruth::Anomalous && r.score < threshold) missed.append(row);
    }
    const auto score = [&](int row) { return records[row].score; };
    std::stable_sort(rejects.begin(), rejects.end(), [&](int a, int b) { return score(a) > score(b); });
    std::stable_sort(missed.begin(), missed.end(), [&](int a, int b) { return score(a) < score(b); });
    std::stable_sort(all.begin(), all.end(), [&](int a, int b) {
        return std::abs(score(a) - threshold) < std::abs(score(b) - threshold);
    });
    rejects.resize(std::min<int>(count, rejects.size()));
    missed.resize(std::min<int>(count, missed.size()));
    QVector<int> borderline;
    for (int row : all) {
        if (borderline.size() >= count) break;
        if (!rejects.contains(row) && !missed.contains(row)) borderline.append(row);
    }
    return {rejects, missed, borderline};
}

} // namespace

ReportData buildReport(ReportInputs inputs, const GalleryScoreFn& score, const ReportOptions& options) {
    ReportData d;
    d.generated = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    d.counts = countSamples(inputs.records);

    EvaluationOptions eval;
    eval.bootstrap = options.bootstrap;
    if (inputs.threshold) eval.threshold = ThresholdSpec{ThresholdMethod::Fixed, inputs.threshold->value};
    d.evaluation = evaluateScores(inputs.records, eval);
    if (!inputs.threshold)
        d.thresholdNote = d.evaluation.chosen.defined
                              ? QStringLiteral("No threshold was committed: the figures are at the default threshold "
                                               "(%1), which nobody has signed off.").arg(d.evaluation.chosen.method)
                              : QStringLiteral("No threshold was committed and none could be computed: %1")
                                    .arg(d.evaluation.chosen.explanation);
    const double threshold = d.evaluation.chosen.value;  // NaN when undefined

    const EvaluationSet set = buildEvaluationSet(inputs.records);
    const ScoreCurve curve(set.judged.scores, set.judged.truths);
    d.roc = curve.rocCurve(/*maxPoints=*/400);
    d.pr = curve.prCurve(/*maxPoints=*/400);
    d.histogram = buildScoreHistogram(set.judged.scores, set.judged.truths, options.histogramBins);

    const QStringList titles = {QStringLiteral("Worst false rejects"), QStringLiteral("Missed defects"),
                                QStringLiteral("Borderline samples")};
    const QStringList descriptions = {
        QStringLiteral("Normal samples the threshold rejects, highest score first."),
        QStringLiteral("Anomalous samples the threshold passes, lowest score first."),
        QStringLiteral("Labelled samples closest to the threshold, on either side.")};
    const QVector<QVector<int>> picks =
        std::isfinite(threshold) ? pickGallery(inputs.records, set, threshold, options.galleryCount)
                                 : QVector<QVector<int>>(3);
    if (!score) d.galleryNote = options.noModelReason.isEmpty() ? QStringLiteral("No model: originals only.")
                                                                : options.noModelReason;
    const QDir root(inputs.datasetRoot);
    std::vector<cv::Mat> maps;  // per gallery item, to colour on one range
    float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
    for (int s = 0; s < 3; ++s) {
        GallerySection section{titles[s], descriptions[s], {}};
        for (int row : picks[s]) {
            const ScoreRecord& r = inputs.records[row];
            GalleryItem item{r.path, r.defect, r.label, r.score, {}, {}, {}, {}};
            cv::Mat map;
            const LoadedImage original = inputs.datasetRoot.isEmpty() ? LoadedImage{} : loadImage(root.filePath(r.path));
            if (inputs.datasetRoot.isEmpty()) {
                item.problem = QStringLiteral("the dataset folder is not known: no images");
            } else if (!original.ok()) {
                item.problem = original.error;
            } else {
                item.original = thumbnail(toQImage(original.image), options.thumbnailSide);
                if (score) {
                    const GalleryModelImages m = score(root.filePath(r.path));
                    if (!m.error.isEmpty()) item.problem = m.error;
                    item.reconstruction =
                        thumbnail(toQImage(matchOriginal(m.reconstruction, original.image)), options.thumbnailSide);
                    if (!m.anomalyMap.empty()) cv::resize(m.anomalyMap, map, original.image.size(), 0, 0, cv::INTER_LINEAR);
                    if (!map.empty()) {
                        double mn = 0, mx = 0;
                        cv::minMaxLoc(map, &mn, &mx);
                        lo = std::min(lo, float(mn));
                        hi = std::max(hi, float(mx));
                    }
                }
            }
            section.items.append(item);
            maps.push_back(map);
        }
        d.gallery.append(section);
    }
    if (lo <= hi) {
        d.heatmapLow = lo;
        d.heatmapHigh = hi > lo ? hi : lo + 1.0f;
    }
    std::size_t k = 0;
    for (GallerySection& section : d.gallery)
        for (GalleryItem& item : section.items) {
            const cv::Mat& map = maps[k++];
            if (!map.empty())
                item.heatmap = thumbnail(heatmapToQImage(map, float(d.heatmapLow), float(d.heatmapHigh)),
                                         options.thumbnailSide);
        }
    d.inputs = std::move(inputs);
    return d;
}

} // namespace faultline::core
