// faultline-cli score: scores a dataset with a model bundle, writes scores.csv and optional maps.
#include "app/cli/CliCommand.h"
#include "app/cli/CliContext.h"

#include "core/dataset/DatasetScanner.h"
#include "core/dataset/ValidationSplit.h"
#include "core/eval/ScoreShard.h"
#include "core/io/OsError.h"
#include "core/io/OutputGuard.h"
#include "core/eval/PixelMapEvaluation.h"
#include "core/image/ImageCodecs.h"
#include "core/threshold/DecisionRule.h"
#include "core/eval/ScoresCsv.h"
#include "core/ml/KnnIndex.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/Scorer.h"
#include "core/ml/TrainConfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

#include <opencv2/imgcodecs.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>

namespace faultline::cli {

namespace {

// anomalyMapPath(DIR, relative): written via a temporary name, failures with the OS reason.
bool writeMap(const QString& mapsDir, const QString& relative, const cv::Mat& map, QString* error) {
    const QString target = core::anomalyMapPath(mapsDir, relative);
    if (!QDir().mkpath(QFileInfo(target).path())) {
        *error = QStringLiteral("%1: cannot create the folder: %2")
                     .arg(QFileInfo(target).path(), core::OutputGuard::probeWritable(mapsDir));
        return false;
    }
    // OpenCV picks the format from the extension, so the temporary name keeps ".tiff" last.
    const QString temp = target + QStringLiteral(".tmp.tiff");
    bool ok = false;
    errno = 0;
    try {
        ok = core::codecs::write(QFile::encodeName(temp).toStdString(), map);
    } catch (const cv::Exception& e) {
        *error = QStringLiteral("%1: %2").arg(target, QString::fromStdString(e.msg));
        QFile::remove(temp);
        return false;
    }
    const int writeErrno = errno;
    if (!ok) {
        QFile::remove(temp);
        *error = QStringLiteral("%1: cannot be written: %2").arg(target, core::osReason(writeErrno));
        return false;
    }
    if (std::rename(QFile::encodeName(temp).constData(), QFile::encodeName(target).constData()) != 0) {
        const int renameErrno = errno;
        QFile::remove(temp);
        *error = QStringLiteral("%1: cannot be moved into place: %2").arg(target, core::osReason(renameErrno));
        return false;
    }
    return true;
}

// Refuses maps that would land inside the dataset or on each other (x.png and x.jpg both give
// x.tiff): empty when every image has its own map path outside the inputs.
QString checkMapTargets(const core::OutputGuard& guard, const QString& mapsDir, const QDir& root,
                        const QVector<core::Sample>& chosen) {
    QHash<QString, QString> byTarget;
    for (const core::Sample& s : chosen) {
        const QString rel = root.relativeFilePath(s.path);
        const QString target = core::anomalyMapPath(mapsDir, rel);
        if (const QString bad = guard.conflict(target, QStringLiteral("the anomaly map of ") + rel); !bad.isEmpty())
            return bad;
        const QString key = core::OutputGuard::resolve(target);
        if (const auto it = byTarget.constFind(key); it != byTarget.cend())
            return QStringLiteral("%1: --maps: %2 and %3 would both write this map, and one would be lost; rename one "
                                  "of them or score them separately")
                .arg(target, *it, rel);
        byTarget.insert(key, rel);
    }
    return {};
}

// The threshold verdicts follow: the bundle's committed one or --threshold, as a
// core::DecisionRule, the rule the workbench's verdicts follow.
struct AppliedThreshold {
    bool on = false;
    double value = 0.0;
    core::DecisionRule rule;     // with a review band only when the bundle carries one and no --threshold
    QString origin;              // "bundle" or "option"
    QString source, note, committed;

    QString describe() const {
        QString text = QStringLiteral("threshold %1").arg(value, 0, 'g', 17);
        if (rule.hasReviewBand())
            text += QStringLiteral(", review band [%1, %2)").arg(rule.reviewFrom(), 0, 'g', 17).arg(rule.threshold(), 0, 'g', 17);
        if (origin == QLatin1String("option")) return text + QStringLiteral(" from --threshold");
        text += QStringLiteral(" committed in the bundle");
        const QStringList how = QStringList{source, committed}.filter(QRegularExpression(QStringLiteral(".")));
        if (!how.isEmpty()) text += QStringLiteral(" (%1)").arg(how.join(QStringLiteral(", ")));
        if (!note.isEmpty()) text += QStringLiteral(": \"%1\"").arg(note);
        return text;
    }
    QJsonObject toJson() const {
        QJsonObject o{{QStringLiteral("value"), value}, {QStringLiteral("origin"), origin}};
        if (rule.hasReviewBand()) o.insert(QStringLiteral("review_band"), QJsonArray{rule.reviewFrom(), rule.threshold()});
        if (origin == QLatin1String("bundle")) {
            o.insert(QStringLiteral("source"), source);
            o.insert(QStringLiteral("note"), note);
            o.insert(QStringLiteral("committed"), committed);
        }
        return o;
    }
};

} // namespace

class ScoreCommand : public CliCommand {
public:
    QString name() const override { return QStringLiteral("score"); }
    QString summary() const override { return QStringLiteral("Score a dataset's images with a trained model."); }

    void addOptions(QCommandLineParser& p) const override {
        p.addOptions({
            {QStringLiteral("model"), QStringLiteral("Model bundle written by train."), QStringLiteral("MODEL")},
            {QStringLiteral("data"),
             QStringLiteral("Dataset folder. A file the scan leaves out or that cannot be decoded is named on stderr with "
                            "the reason and skipped; the rest is scored and written, and the exit code is then 2."),
             QStringLiteral("DIR")},
            {QStringLiteral("out"),
             QStringLiteral("Scores CSV to write (path,split,defect,label,score, then verdict when a threshold applies)."),
             QStringLiteral("CSV")},
            {QStringLiteral("split"), QStringLiteral("train, val, test or all (default)."), QStringLiteral("SPLIT"), QStringLiteral("all")},
            {QStringLiteral("maps"), QStringLiteral("Also write float TIFF anomaly maps under DIR."), QStringLiteral("DIR")},
            {QStringLiteral("score"), QStringLiteral("Score method (default: the bundle's): ") +
                                          ml::scoreMethodNames().join(QStringLiteral(", ")), QStringLiteral("METHOD")},
            {QStringLiteral("smooth"), QStringLiteral("Gaussian sigma for maps in model pixels, 0 = none (default 2)."), QStringLiteral("SIGMA")},
            {QStringLiteral("batch"), QStringLiteral("Images per inference batch (default 32)."), QStringLiteral("N")},
            {QStringLiteral("threads"), QStringLiteral("CPU threads, 0 = all cores (default)."), QStringLiteral("N")},
            {QStringLiteral("device"), QStringLiteral("auto (default), cpu or cuda."), QStringLiteral("DEV"), QStringLiteral("auto")},
            {QStringLiteral("knn-index"), QStringLiteral("Texture search of knn and texture-knn on the CPU: exact (LibTorch), "
                                                         "flat, ivf or hnsw (FAISS) (default: the bundle's)."),
             QStringLiteral("NAME")},
            {QStringLiteral("threshold"), QStringLiteral("Score at or above X fails; overrides the threshold (and review "
                                                         "band) committed in the bundle. Adds a verdict column."),
             QStringLiteral("X")},
            {QStringLiteral("shard"), QStringLiteral("Score only slice K of N (K from 0), every N-th sample in scan order, "
                                                     "and write CSV.shard.json beside the CSV; merge-scores joins the N "
                                                     "CSVs into the CSV of one unsharded run."),
             QStringLiteral("K/N")},
        });
    }

    int run(const QCommandLineParser& p, CliContext& ctx) override {
        for (const char* required : {"model", "data", "out"})
            if (!p.isSet(QLatin1String(required)))
                return ctx.fail(kExitUsage, QStringLiteral("score needs --model MODEL, --data DIR and --out CSV"));
        const QString splitText = p.value(QStringLiteral("split")).toLower();
        core::Split only = core::Split::Test;
        const bool all = splitText == QLatin1String("all");
        if (!all && !core::parseSplit(splitText, &only))
            return ctx.fail(kExitUsage, QStringLiteral("--split %1: expected train, val, test or all").arg(splitText));
        ml::ScoreOptions o;
        o.method = p.value(QStringLiteral("score"));
        o.device = p.value(QStringLiteral("device"));
        o.knnIndex = p.value(QStringLiteral("knn-index"));
        if (ml::KnnIndex index; !o.knnIndex.isEmpty() && !ml::parseKnnIndex(o.knnIndex, &index))
            return ctx.fail(kExitUsage, QStringLiteral("--knn-index %1: expected one of %2")
                                            .arg(o.knnIndex, ml::knnIndexNames().join(QStringLiteral(", "))));
        o.wantMap = p.isSet(QStringLiteral("maps"));
        bool ok = true;
        if (p.isSet(QStringLiteral("smooth"))) {
            o.smoothSigma = p.value(QStringLiteral("smooth")).toDouble(&ok);
            if (!ok || !(o.smoothSigma >= 0.0) || o.smoothSigma > 100.0)
                return ctx.fail(kExitUsage, QStringLiteral("--smooth: expected a number from 0 to 100"));
        }
        if (p.isSet(QStringLiteral("batch"))) {
            o.batchSize = p.value(QStringLiteral("batch")).toInt(&ok);
            if (!ok || o.batchSize < 1 || o.batchSize > 4096)
                return ctx.fail(kExitUsage, QStringLiteral("--batch: expected a whole number from 1 to 4096"));
        }
        if (p.isSet(QStringLiteral("threads"))) {
            o.threads = p.value(QStringLiteral("threads")).toInt(&ok);
            if (!ok || o.threads < 0 || o.threads > 1024)
                return ctx.fail(kExitUsage, QStringLiteral("--threads: expected a whole number from 0 to 1024"));
        }
        core::ShardSpec shard;
        QString error;
        if (p.isSet(QStringLiteral("shard")) && !core::parseShardSpec(p.value(QStringLiteral("shard")), &shard, &error))
            return ctx.fail(kExitUsage, error);
        AppliedThreshold applied;
        if (p.isSet(QStringLiteral("threshold"))) {
            applied.value = p.value(QStringLiteral("threshold")).toDouble(&ok);
            if (!ok || !std::isfinite(applied.value))
                return ctx.fail(kExitUsage, QStringLiteral("--threshold: expected a finite number"));
            applied.on = true;
            applied.origin = QStringLiteral("option");
            applied.rule = core::DecisionRule(applied.value);
        }
        const QString modelPath = p.value(QStringLiteral("model"));
        const QString outPath = p.value(QStringLiteral("out"));
        const QString mapsDir = p.value(QStringLiteral("maps"));
        // Every output is checked before the model is loaded or an image is read.
        core::OutputGuard guard;
        guard.addInputFile(modelPath, QStringLiteral("the model bundle"));
        guard.addInputTree(p.value(QStringLiteral("data")), QStringLiteral("the dataset folder"));
        if (const QString bad = guard.checkFile(outPath, QStringLiteral("--out")); !bad.isEmpty())
            return ctx.fail(kExitUsage, bad);
        if (!mapsDir.isEmpty()) {
            if (const QString bad = guard.conflict(mapsDir, QStringLiteral("--maps")); !bad.isEmpty())
                return ctx.fail(kExitUsage, bad);
            // The CSV is one file in the maps folder's tree at most, never a map: no overlap check needed.
        }
        ml::Scorer scorer;
        if (!scorer.load(modelPath, o, &error)) {
            // A bad --score or --device is usage; a score method the bundle itself names badly is damaged input.
            const bool usage = (p.isSet(QStringLiteral("score")) && error.contains(QLatin1String("score method"))) ||
                               error.contains(QLatin1String("CUDA"));
            return ctx.fail(usage ? kExitUsage : kExitInputError, error);
        }
        const ml::BundleCalibration cal = scorer.calibration();  // a copy: a reload below replaces the scorer's
        if (!applied.on && cal.hasThreshold()) {
            // A committed threshold only means something for the score method it was set on.
            if (!cal.thresholdMethod.isEmpty() && cal.thresholdMethod != ml::scoreMethodName(scorer.method())) {
                if (p.isSet(QStringLiteral("score")))
                    return ctx.fail(kExitUsage, QStringLiteral("%1: the committed threshold applies to the %2 score, not %3; "
                                                               "drop --score or give --threshold")
                                                    .arg(modelPath, cal.thresholdMethod, o.method));
                o.method = cal.thresholdMethod;
                if (!scorer.load(modelPath, o, &error)) return ctx.fail(kExitInputError, error);
            }
            applied.on = true;
            applied.origin = QStringLiteral("bundle");
            // With a band, its upper edge is the fail threshold (the workbench commits them equal).
            applied.value = cal.hasReviewBand() ? cal.reviewHigh : cal.threshold;
            applied.rule = cal.hasReviewBand() ? core::DecisionRule::withReviewBand(cal.reviewLow, cal.reviewHigh)
                                               : core::DecisionRule(cal.threshold);
            applied.source = cal.thresholdSource;
            applied.note = cal.thresholdNote;
            applied.committed = cal.thresholdCommitted;
        }
        // Scan as training did, so the validation normals come out as split "val" again.
        const ml::TrainConfig trained = ml::trainConfigFromJson(scorer.metadata().trainConfig);
        core::ScanOptions scan;
        scan.valFraction = trained.valFraction;
        scan.seed = trained.seed;
        core::ScanResult scanned = core::scanDataset(p.value(QStringLiteral("data")), scan);
        if (!scanned.ok) return ctx.fail(kExitInputError, scanned.error);
        // Trained with validation fraction 0 on a dataset without val images: training held out
        // its fallback share with the same seed, and the CSV must call those images "val" too.
        core::ensureValidation(scanned.dataset.samples, trained.seed);
        // Files the scan left out count as skipped input, exactly like images that fail to decode below.
        QStringList failures;
        for (const core::FileProblem& fp : scanned.dataset.problems) {
            failures << QStringLiteral("%1: %2").arg(fp.path, fp.reason);
            ctx.warn(failures.last() + QStringLiteral(" (not scored)"));
        }
        const int scanProblems = int(failures.size());

        QVector<core::Sample> chosen;
        int inSplit = 0;  // samples of the whole run, every shard together
        for (const core::Sample& s : scanned.dataset.samples)
            if ((all || s.split == only) && shard.contains(inSplit++)) chosen.append(s);
        QStringList paths;
        for (const core::Sample& s : chosen) paths << s.path;
        const QDir root(scanned.dataset.root);
        if (!mapsDir.isEmpty()) {
            if (const QString bad = checkMapTargets(guard, mapsDir, root, chosen); !bad.isEmpty())
                return ctx.fail(kExitUsage, bad);
            if (const QString bad = guard.checkFolder(mapsDir, QStringLiteral("--maps")); !bad.isEmpty())
                return ctx.fail(kExitUsage, bad);
        }
        QVector<core::ScoreRecord> records;
        records.reserve(chosen.size());
        QStringList verdicts;
        int mapFailures = 0;
        const ml::ScoreRunSummary run = scorer.scoreFiles(
            paths,
            [&](int i, const ml::ImageScore& s) {
                if (!s.ok) {
                    failures << s.error;
                    ctx.warn(s.error + QStringLiteral(" (not scored)"));
                    return;
                }
                const core::Sample& sample = chosen[i];
                core::ScoreRecord r;
                r.path = root.relativeFilePath(sample.path);
                r.split = sample.split;
                r.defect = sample.defect;
                r.label = sample.truth;
                r.score = s.score;
                records.append(r);
                if (applied.on) verdicts << core::verdictName(applied.rule.verdict(r.score));
                QString why;
                if (!mapsDir.isEmpty() && !writeMap(mapsDir, r.path, s.anomalyMap, &why)) {
                    ++mapFailures;
                    ctx.warn(why);
                }
            },
            [&](qint64 done, qint64 total) {
                ctx.progress(QStringLiteral("scoring"), done, total);
                return true;
            });
        ctx.endProgress();
        const bool written = applied.on ? core::writeScoresCsv(outPath, records, verdicts, &error)
                                        : core::writeScoresCsv(outPath, records, &error);
        if (!written) return ctx.fail(kExitWorkFailed, error);
        const QString manifestError = writeShardManifest(p, modelPath, shard, scorer, splitText, inSplit,
                                                         int(chosen.size()));
        if (!manifestError.isEmpty()) return ctx.fail(kExitWorkFailed, manifestError);
        int failVerdicts = 0;
        for (const QString& v : verdicts) failVerdicts += v == QLatin1String("fail");
        const double perSecond = run.seconds > 0 ? run.scored / run.seconds : 0.0;
        if (ctx.json()) {
            QJsonArray failed;
            for (const QString& f : failures) failed.append(f);
            ctx.printJson(QJsonObject{{QStringLiteral("scored"), run.scored},
                                      {QStringLiteral("threshold"), applied.on ? QJsonValue(applied.toJson()) : QJsonValue()},
                                      {QStringLiteral("fail_verdicts"), applied.on ? QJsonValue(failVerdicts) : QJsonValue()},
                                      {QStringLiteral("failed"), failed},
                                      {QStringLiteral("method"), ml::scoreMethodName(scorer.method())},
                                      {QStringLiteral("framing"), trained.framing},
                                      {QStringLiteral("tile"), trained.tile},
                                      {QStringLiteral("device"), scorer.deviceDescription()},
                                      {QStringLiteral("seconds"), run.seconds},
                                      {QStringLiteral("images_per_second"), perSecond},
                                      {QStringLiteral("decode_seconds"), run.decodeSeconds},
                                      {QStringLiteral("decode_wait_seconds"), run.waitSeconds},
                                      {QStringLiteral("score_seconds"), run.scoreSeconds},
                                      {QStringLiteral("out"), p.value(QStringLiteral("out"))},
                                      {QStringLiteral("maps"), mapsDir}});
        } else {
            ctx.out() << "Scored " << run.scored << " images with " << ml::scoreMethodName(scorer.method()) << " in "
                      << QString::number(run.seconds, 'f', 1) << " s (" << QString::number(perSecond, 'f', perSecond < 10 ? 2 : 0)
                      << " images/s); wrote " << p.value(QStringLiteral("out")) << Qt::endl;
            if (trained.tile > 0)
                ctx.out() << "  each image in windows of " << trained.tile << " px every "
                          << ml::framingSpec(trained).effectiveStride() << " px at full resolution, maps stitched" << Qt::endl;
            // Decoding runs beside scoring: the wait is what it cost the scorer.
            ctx.out() << "  time: decoding " << QString::number(run.decodeSeconds, 'f', 1) << " s beside scoring "
                      << QString::number(run.scoreSeconds, 'f', 1) << " s; scoring waited "
                      << QString::number(run.waitSeconds, 'f', 1) << " s for decoded images" << Qt::endl;
            if (applied.on)
                ctx.out() << "Verdicts with " << applied.describe() << ": " << failVerdicts << " fail, "
                          << verdicts.count(QStringLiteral("review")) << " review, "
                          << verdicts.count(QStringLiteral("pass")) << " pass" << Qt::endl;
        }
        if (!failures.isEmpty() || mapFailures > 0)
            return ctx.fail(kExitInputError, QStringLiteral("%1 file(s) skipped (%2 left out by the dataset scan, %3 could "
                                                            "not be decoded or scored) and %4 map(s) not written; the CSV "
                                                            "holds the rest")
                                                 .arg(failures.size()).arg(scanProblems)
                                                 .arg(failures.size() - scanProblems).arg(mapFailures));
        return kExitOk;
    }

private:
    // The manifest merge-scores checks; an unsharded run removes a stale one so it cannot mislead.
    static QString writeShardManifest(const QCommandLineParser& p, const QString& modelPath, const core::ShardSpec& shard,
                                      const ml::Scorer& scorer, const QString& split, int total, int assigned) {
        const QString out = p.value(QStringLiteral("out"));
        if (!p.isSet(QStringLiteral("shard"))) {
            const QString stale = core::shardManifestPath(out);
            return QFile::exists(stale) && !QFile::remove(stale)
                       ? QStringLiteral("%1: cannot remove the manifest of an earlier sharded run").arg(stale)
                       : QString();
        }
        core::ShardManifest m;
        QString error;
        m.bundleSha256 = core::fileSha256(modelPath, &error);
        if (m.bundleSha256.isEmpty()) return error;
        m.shard = shard;
        m.method = ml::scoreMethodName(scorer.method());
        m.split = split;
        m.total = total;
        m.assigned = assigned;
        return core::writeShardManifest(out, m);
    }
};

} // namespace faultline::cli

using faultline::cli::ScoreCommand;
FAULTLINE_CLI_COMMAND(ScoreCommand)
