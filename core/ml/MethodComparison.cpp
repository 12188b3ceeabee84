#include "MethodComparison.h"

#include "ModelBundle.h"
#include "Scorer.h"
#include "TrainConfig.h"

#include "core/dataset/DatasetScanner.h"
#include "core/dataset/ValidationSplit.h"
#include "core/eval/PixelAurocBootstrap.h"
#include "core/eval/PixelMetrics.h"
#include "core/image/ImageCodecs.h"

#include <QElapsedTimer>
#include <QFile>

#include <opencv2/imgcodecs.hpp>

namespace faultline::ml {

namespace {

struct Judged {
    QStringList paths;
    std::vector<core::GroundTruth> labels;
    QStringList masks;
};

Judged judgedSamples(const QVector<core::Sample>& samples, const QString& split) {
    Judged j;
    for (const core::Sample& s : samples) {
        if (s.split == core::Split::Train || s.truth == core::GroundTruth::Unknown) continue;
        const bool in = split == QLatin1String("all") || (split == QLatin1String("val") && s.split == core::Split::Val) ||
                        (split == QLatin1String("test") && s.split == core::Split::Test);
        if (!in) continue;
        j.paths << s.path;
        j.labels.push_back(s.truth);
        j.masks << s.maskPath;
    }
    return j;
}

cv::Mat readMask(const QString& path) {
    try {
        return core::codecs::read(QFile::encodeName(path).toStdString(), cv::IMREAD_GRAYSCALE);
    } catch (const cv::Exception&) {
        return cv::Mat();
    }
}

} // namespace

ComparisonResult compareMethods(const ComparisonOptions& options, const ComparisonProgressFn& progress) {
    ComparisonResult result;
    if (options.split != QLatin1String("test") && options.split != QLatin1String("val") && options.split != QLatin1String("all")) {
        result.error = QStringLiteral("split '%1' is unknown (expected test, val or all)").arg(options.split);
        return result;
    }
    // Everything is scanned and every bundle's methods listed first, so progress knows its total.
    struct Plan {
        QString bundle;
        BundleMetadata meta;
        QStringList methods;
        Judged judged;
    };
    QVector<Plan> plans;
    qint64 total = 0;
    for (const QString& bundle : options.bundles) {
        Plan plan;
        plan.bundle = bundle;
        BundleCalibration cal;
        if (!ModelBundle::loadHeader(bundle, &plan.meta, &cal, &result.error)) return result;
        for (const ScoreCalibration& c : cal.methods)
            if (options.methods.isEmpty() || options.methods.contains(c.method)) plan.methods << c.method;
        if (!options.samples.isEmpty()) {
            plan.judged = judgedSamples(options.samples, options.split);
        } else {
            // Scanned as training scanned, so the validation images come out as "val" again.
            const TrainConfig trained = trainConfigFromJson(plan.meta.trainConfig);
            core::ScanOptions scan;
            scan.valFraction = trained.valFraction;
            scan.seed = trained.seed;
            core::ScanResult scanned = core::scanDataset(options.data, scan);
            if (!scanned.ok) {
                result.error = scanned.error;
                return result;
            }
            core::ensureValidation(scanned.dataset.samples, trained.seed);
            for (const core::FileProblem& fp : scanned.dataset.problems)
                if (!result.warnings.contains(fp.path + QStringLiteral(": ") + fp.reason))
                    result.warnings << fp.path + QStringLiteral(": ") + fp.reason;
            plan.judged = judgedSamples(scanned.dataset.samples, options.split);
        }
        if (plan.judged.paths.isEmpty()) {
            const QString where = options.samples.isEmpty() ? options.data : QStringLiteral("the project");
            result.error = QStringLiteral("%1: no labelled %2 images to compare on").arg(where, options.split);
            return result;
        }
        for (const QString& m : plan.judged.masks) result.masks = result.masks || !m.isEmpty();
        total += qint64(plan.judged.paths.size()) * plan.methods.size();
        plans.append(plan);
    }
    qint64 done = 0;
    for (const Plan& plan : plans) {
        for (const QString& method : plan.methods) {
            ScoreOptions so;
            so.method = method;
            so.device = options.device;
            so.threads = options.threads;
            so.batchSize = options.batchSize;
            so.wantMap = result.masks;
            Scorer scorer;
            if (!scorer.load(plan.bundle, so, &result.error)) return result;
            std::vector<double> scores(size_t(plan.judged.paths.size()), std::numeric_limits<double>::quiet_NaN());
            core::PixelMetricsAccumulator pixels;
            core::PixelAurocBootstrap pixelBootstrap(int(plan.judged.paths.size()));
            bool pixelsUsable = result.masks;
            QElapsedTimer sinkClock;
            qint64 sinkNs = 0;
            const QString label = QStringLiteral("%1 %2").arg(plan.meta.model, method);
            const ScoreRunSummary run = scorer.scoreFiles(
                plan.judged.paths,
                [&](int i, const ImageScore& s) {
                    if (!s.ok) {
                        if (!result.warnings.contains(s.error)) result.warnings << s.error;
                        return;
                    }
                    scores[size_t(i)] = s.score;
                    if (!pixelsUsable) return;
                    sinkClock.start();
                    const QString& maskPath = plan.judged.masks[i];
                    cv::Mat mask;
                    if (!maskPath.isEmpty()) mask = readMask(maskPath);
                    QString why;
                    if (!maskPath.isEmpty() && mask.empty())
                        why = QStringLiteral("%1: cannot decode the ground-truth mask").arg(maskPath);
                    else if (plan.judged.labels[size_t(i)] == core::GroundTruth::Anomalous && maskPath.isEmpty())
                        why = QStringLiteral("%1: anomalous without a mask; left out of the pixel metrics").arg(plan.judged.paths[i]);
                    else if (!pixels.add(s.anomalyMap, mask, &why))
                        why = QStringLiteral("%1: %2").arg(plan.judged.paths[i], why);
                    else
                        pixelBootstrap.add(s.anomalyMap, mask);  // checked alike by pixels.add
                    if (!why.isEmpty() && !result.warnings.contains(why)) result.warnings << why;
                    sinkNs += sinkClock.nsecsElapsed();
                },
                [&](qint64 d, qint64) { return !progress || progress(done + d, total, label); });
            done += plan.judged.paths.size();
            if (run.cancelled) {
                result.cancelled = true;
                return result;
            }
            ComparisonRow row;
            row.bundle = plan.bundle;
            row.model = plan.meta.model;
            row.method = method;
            row.isDefault = method == plan.meta.defaultScore;
            for (size_t i = 0; i < scores.size(); ++i) {
                if (!std::isfinite(scores[i])) continue;
                ++row.images;
                row.anomalous += plan.judged.labels[i] == core::GroundTruth::Anomalous;
            }
            row.image = core::bootstrapCurveMetrics(scores, plan.judged.labels, options.fprLimit, options.bootstrap);
            if (pixelsUsable) {
                const core::PixelMetricsResult p = pixels.result();
                row.pixelAuroc = p.auroc;
                row.pixelAurocErrorBound = p.aurocErrorBound;
                if (p.auroc) row.pixelAurocInterval = pixelBootstrap.result(*p.auroc, options.bootstrap);
            }
            const double seconds = run.seconds - double(sinkNs) * 1e-9; // the pixel bookkeeping is no scoring
            row.imagesPerSecond = seconds > 0 ? run.scored / seconds : 0.0;
            result.rows.append(row);
        }
    }
    result.ok = true;
    return result;
}

} // namespace faultline::ml
