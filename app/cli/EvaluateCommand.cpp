// faultline-cli evaluate: image metrics, explained thresholds, bootstrap intervals, per-defect
// recall and (with --data and --maps) pixel metrics from a scores CSV.
#include "CliCommand.h"
#include "CliContext.h"
#include "EvaluationTable.h"

#include "core/dataset/DatasetScanner.h"
#include "core/eval/EvaluationReport.h"
#include "core/eval/PixelMapEvaluation.h"
#include "core/eval/ScoresCsv.h"

#include <QDir>
#include <QHash>
#include <QJsonArray>

namespace faultline::cli {

using namespace faultline::core;

namespace {

// "a,b" -> two finite non-negative numbers.
bool parsePair(const QString& text, double* a, double* b) {
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() != 2) return false;
    bool okA = false, okB = false;
    *a = parts[0].trimmed().toDouble(&okA);
    *b = parts[1].trimmed().toDouble(&okB);
    return okA && okB && std::isfinite(*a) && std::isfinite(*b) && *a >= 0 && *b >= 0;
}

} // namespace

class EvaluateCommand : public CliCommand {
public:
    QString name() const override { return QStringLiteral("evaluate"); }
    QString summary() const override { return QStringLiteral("Metrics and explained thresholds from a scores CSV."); }

    void addOptions(QCommandLineParser& p) const override {
        p.addOption({QStringLiteral("scores"), QStringLiteral("Scores CSV (header path,split,defect,label,score)."), QStringLiteral("file")});
        p.addOption({QStringLiteral("data"), QStringLiteral("Dataset root, for ground-truth masks (with --maps)."), QStringLiteral("dir")});
        p.addOption({QStringLiteral("maps"), QStringLiteral("Anomaly maps written by 'score --maps' (with --data)."), QStringLiteral("dir")});
        p.addOption({QStringLiteral("threshold"),
                     QStringLiteral("Threshold to apply: mean-sigma[:k], percentile[:p], iqr[:m], max-f1, fpr[:target], "
                                    "recall[:target], min-cost, value:x. Default percentile:99 of the normal validation "
                                    "scores, or max-f1 when there are none."),
                     QStringLiteral("method[:arg]")});
        p.addOption({QStringLiteral("costs"), QStringLiteral("Cost of a false reject and of a missed defect for min-cost (default 1,1)."),
                     QStringLiteral("fp,fn")});
        p.addOption({QStringLiteral("prevalence"), QStringLiteral("Share of anomalous parts for min-cost (default: the labelled share)."),
                     QStringLiteral("p")});
        p.addOption({QStringLiteral("review"), QStringLiteral("Review band targets: recall of the lower threshold, FPR of the upper (default 0.99,0.01)."),
                     QStringLiteral("recall,fpr")});
        p.addOption({QStringLiteral("bootstrap"), QStringLiteral("Bootstrap resamples for the intervals (default 1000)."), QStringLiteral("n")});
        p.addOption({QStringLiteral("confidence"), QStringLiteral("Interval confidence level (default 0.95)."), QStringLiteral("level")});
        p.addOption({QStringLiteral("seed"), QStringLiteral("Bootstrap seed (default 42)."), QStringLiteral("n")});
        p.addOption({QStringLiteral("strict"), QStringLiteral("Stop with code 2 before evaluating when any CSV row is bad (default: report and skip it, "
                                    "evaluate the rest, then exit with code 2).")});
    }

    int run(const QCommandLineParser& p, CliContext& ctx) override {
        if (!p.isSet(QStringLiteral("scores"))) return ctx.fail(kExitUsage, QStringLiteral("evaluate: --scores is required"));
        EvaluationOptions options;
        if (const int code = parseOptions(p, ctx, &options); code != kExitOk) return code;

        const QString path = p.value(QStringLiteral("scores"));
        const ScoresReadResult read = readScoresCsv(path);
        if (!read.ok) return ctx.fail(kExitInputError, read.error);
        for (const CsvRowProblem& problem : read.problems) ctx.warn(problem.toString());
        for (const QString& warning : read.warnings) ctx.warn(warning);
        if (p.isSet(QStringLiteral("strict")) && !read.problems.isEmpty())
            return ctx.fail(kExitInputError, QStringLiteral("%1: %2 bad row(s) (--strict)").arg(path).arg(read.problems.size()));
        // A table of n/a is not an evaluation: no usable row is an input error.
        if (read.records.isEmpty())
            return ctx.fail(kExitInputError,
                            read.problems.isEmpty()
                                ? QStringLiteral("%1: no score rows after the header: nothing to evaluate").arg(path)
                                : QStringLiteral("%1: none of its %2 row(s) is usable (see the warnings above): nothing "
                                                 "to evaluate").arg(path).arg(read.problems.size()));

        if (p.isSet(QStringLiteral("data")) != p.isSet(QStringLiteral("maps")))
            return ctx.fail(kExitUsage, QStringLiteral("evaluate: --data and --maps go together (masks come from the dataset)"));

        EvaluationReport report = evaluateScores(read.records, options);
        QVector<PixelMapProblem> pixelProblems;
        if (p.isSet(QStringLiteral("maps"))) {
            const int code = evaluatePixels(p.value(QStringLiteral("data")), p.value(QStringLiteral("maps")), read.records,
                                            ctx, &report, &pixelProblems);
            if (code != kExitOk) return code;
        }

        if (ctx.json()) {
            QJsonObject json = report.toJson();
            json[QStringLiteral("scores_file")] = path;
            QJsonArray bad;
            for (const CsvRowProblem& problem : read.problems)
                bad.append(QJsonObject{{QStringLiteral("line"), problem.line}, {QStringLiteral("reason"), problem.reason}});
            json[QStringLiteral("bad_rows")] = bad;
            QJsonArray warnings;
            for (const QString& w : read.warnings) warnings.append(w);
            json[QStringLiteral("csv_warnings")] = warnings;
            if (report.pixel) {
                QJsonArray problems;
                for (const PixelMapProblem& problem : pixelProblems)
                    problems.append(QJsonObject{{QStringLiteral("path"), problem.path}, {QStringLiteral("reason"), problem.reason}});
                json[QStringLiteral("pixel_problems")] = problems;
            }
            ctx.printJson(json);
        } else {
            if (!read.problems.isEmpty())
                ctx.out() << read.problems.size() << " bad row(s) skipped (listed on stderr)\n";
            printEvaluationTable(ctx.out(), report);
        }
        if (report.pixel && report.pixel->images == 0)
            return ctx.fail(kExitInputError, QStringLiteral("no anomaly map could be used (see the warnings above)"));
        // An explicitly requested threshold that cannot be computed is a failed evaluation.
        if (report.chosenByUser && !report.chosen.defined)
            return ctx.fail(kExitWorkFailed, QStringLiteral("threshold %1: %2").arg(report.chosen.method, report.chosen.explanation));
        // As `score`: skipped input is exit 2, though the rest was evaluated and printed.
        if (!read.problems.isEmpty())
            return ctx.fail(kExitInputError, QStringLiteral("%1: %2 bad row(s) skipped; the rest was evaluated")
                                                 .arg(path).arg(read.problems.size()));
        return kExitOk;
    }

private:
    // Pairs every labelled test row with its map (DIR/<path>.tiff) and its mask from the dataset
    // scan, then streams them. Rows that cannot be paired are reported and left out.
    int evaluatePixels(const QString& dataDir, const QString& mapsDir, const QVector<ScoreRecord>& records,
                       CliContext& ctx, EvaluationReport* report, QVector<PixelMapProblem>* problems) const {
        ScanOptions scanOptions;
        scanOptions.checkHeaders = false; // only mask paths are needed here
        const ScanResult scan = scanDataset(dataDir, scanOptions);
        if (!scan.ok) return ctx.fail(kExitInputError, scan.error);
        const QDir root(scan.dataset.root);
        QHash<QString, const Sample*> byPath;
        for (const Sample& s : scan.dataset.samples) byPath.insert(root.relativeFilePath(s.path), &s);

        QVector<PixelMapPair> pairs;
        for (const ScoreRecord& r : records) {
            if (r.split != Split::Test || r.label == GroundTruth::Unknown) continue;
            const Sample* sample = byPath.value(r.path, nullptr);
            if (!sample) {
                problems->append({root.filePath(r.path), QStringLiteral("listed in the scores but not found in the dataset")});
                continue;
            }
            if (r.label == GroundTruth::Anomalous && sample->maskPath.isEmpty()) {
                problems->append({sample->path, QStringLiteral("anomalous image without a ground-truth mask, left out of the pixel metrics")});
                continue;
            }
            // A normal image's pixels are all normal, whatever mask a folder might hold.
            pairs.append({anomalyMapPath(mapsDir, r.path), r.label == GroundTruth::Anomalous ? sample->maskPath : QString()});
        }
        const PixelMapEvaluation pixel = evaluatePixelMaps(pairs, [&ctx](int done, int total) {
            ctx.progress(QStringLiteral("pixel metrics"), done, total);
            return true;
        });
        ctx.endProgress();
        problems->append(pixel.problems);
        for (const PixelMapProblem& problem : *problems) ctx.warn(QStringLiteral("%1: %2").arg(problem.path, problem.reason));
        report->pixel = pixel.metrics;
        return kExitOk;
    }

    int parseOptions(const QCommandLineParser& p, CliContext& ctx, EvaluationOptions* o) const {
        if (p.isSet(QStringLiteral("threshold"))) {
            ThresholdSpec spec;
            QString error;
            if (!parseThresholdSpec(p.value(QStringLiteral("threshold")), &spec, &error))
                return ctx.fail(kExitUsage, QStringLiteral("evaluate: --threshold: %1").arg(error));
            o->threshold = spec;
        }
        if (p.isSet(QStringLiteral("costs")) &&
            !parsePair(p.value(QStringLiteral("costs")), &o->costs.falseReject, &o->costs.missedDefect))
            return ctx.fail(kExitUsage, QStringLiteral("evaluate: --costs expects two non-negative numbers, e.g. 1,20"));
        if (p.isSet(QStringLiteral("prevalence"))) {
            bool ok = false;
            const double v = p.value(QStringLiteral("prevalence")).toDouble(&ok);
            if (!ok || !(v >= 0.0 && v <= 1.0))
                return ctx.fail(kExitUsage, QStringLiteral("evaluate: --prevalence expects a number in [0, 1]"));
            o->costs.prevalence = v;
        }
        if (p.isSet(QStringLiteral("review")) &&
            !parsePair(p.value(QStringLiteral("review")), &o->reviewRecall, &o->reviewFpr))
            return ctx.fail(kExitUsage, QStringLiteral("evaluate: --review expects recall,fpr, e.g. 0.99,0.01"));
        if (p.isSet(QStringLiteral("bootstrap"))) {
            bool ok = false;
            o->bootstrap.resamples = p.value(QStringLiteral("bootstrap")).toInt(&ok);
            if (!ok || o->bootstrap.resamples < 1 || o->bootstrap.resamples > 1000000)
                return ctx.fail(kExitUsage, QStringLiteral("evaluate: --bootstrap expects a count from 1 to 1000000"));
        }
        if (p.isSet(QStringLiteral("confidence"))) {
            bool ok = false;
            o->bootstrap.confidence = p.value(QStringLiteral("confidence")).toDouble(&ok);
            if (!ok || !(o->bootstrap.confidence > 0.0 && o->bootstrap.confidence < 1.0))
                return ctx.fail(kExitUsage, QStringLiteral("evaluate: --confidence expects a number in (0, 1)"));
        }
        if (p.isSet(QStringLiteral("seed"))) {
            bool ok = false;
            o->bootstrap.seed = p.value(QStringLiteral("seed")).toULongLong(&ok);
            if (!ok) return ctx.fail(kExitUsage, QStringLiteral("evaluate: --seed expects a non-negative integer"));
        }
        return kExitOk;
    }
};

} // namespace faultline::cli

using faultline::cli::EvaluateCommand;
FAULTLINE_CLI_COMMAND(EvaluateCommand)
