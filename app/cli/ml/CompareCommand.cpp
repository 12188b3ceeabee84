// faultline-cli compare: every score method of one or more model bundles side by side on a
// dataset's labelled images, with bootstrap intervals and scoring speed.
#include "app/cli/CliCommand.h"
#include "app/cli/CliContext.h"

#include "core/ml/MethodComparison.h"
#include "core/ml/ScoreMethod.h"

#include <QJsonArray>

#include <cmath>

namespace faultline::cli {

namespace {

QString number(double v) { return std::isfinite(v) ? QString::number(v, 'f', 3) : QStringLiteral("-"); }

QString withInterval(const core::RateInterval& r) {
    if (!r.defined) return QStringLiteral("-");
    return QStringLiteral("%1 [%2-%3]").arg(number(r.estimate), number(r.low), number(r.high));
}

QJsonValue intervalJson(const core::RateInterval& r) {
    if (!r.defined) return QJsonValue();
    return QJsonObject{{QStringLiteral("value"), r.estimate}, {QStringLiteral("low"), r.low}, {QStringLiteral("high"), r.high}};
}

QJsonObject rowJson(const ml::ComparisonRow& r) {
    return QJsonObject{{QStringLiteral("bundle"), r.bundle},
                       {QStringLiteral("model"), r.model},
                       {QStringLiteral("method"), r.method},
                       {QStringLiteral("default"), r.isDefault},
                       {QStringLiteral("images"), r.images},
                       {QStringLiteral("anomalous"), r.anomalous},
                       {QStringLiteral("auroc"), intervalJson(r.image.auroc)},
                       {QStringLiteral("average_precision"), intervalJson(r.image.averagePrecision)},
                       {QStringLiteral("f1_max"), intervalJson(r.image.f1Max)},
                       {QStringLiteral("recall_at_fpr"), intervalJson(r.image.recallAtFpr)},
                       {QStringLiteral("pixel_auroc"), r.pixelAuroc ? QJsonValue(*r.pixelAuroc) : QJsonValue()},
                       {QStringLiteral("pixel_auroc_error_bound"), r.pixelAuroc ? QJsonValue(r.pixelAurocErrorBound) : QJsonValue()},
                       {QStringLiteral("pixel_auroc_interval"), intervalJson(r.pixelAurocInterval)},
                       {QStringLiteral("images_per_second"), r.imagesPerSecond}};
}

} // namespace

class CompareCommand : public CliCommand {
public:
    QString name() const override { return QStringLiteral("compare"); }
    QString summary() const override {
        return QStringLiteral("Compare every score method of one or more models on a dataset's labelled images.");
    }

    void addOptions(QCommandLineParser& p) const override {
        p.addOptions({
            {QStringLiteral("model"), QStringLiteral("Model bundle; repeat for several."), QStringLiteral("MODEL")},
            {QStringLiteral("data"), QStringLiteral("Dataset folder (scanned as each model's training scanned it)."), QStringLiteral("DIR")},
            {QStringLiteral("split"), QStringLiteral("test (default), val or all: the labelled images of it."),
             QStringLiteral("SPLIT"), QStringLiteral("test")},
            {QStringLiteral("methods"), QStringLiteral("Only these score methods, comma separated (default: all a model supports)."),
             QStringLiteral("A,B")},
            {QStringLiteral("fpr"), QStringLiteral("Recall is reported at this false-positive rate (default 0.01)."), QStringLiteral("X")},
            {QStringLiteral("resamples"), QStringLiteral("Bootstrap resamples for the 95% intervals (default 1000)."), QStringLiteral("N")},
            {QStringLiteral("batch"), QStringLiteral("Images per inference batch (default 32)."), QStringLiteral("N")},
            {QStringLiteral("threads"), QStringLiteral("CPU threads, 0 = all cores (default)."), QStringLiteral("N")},
            {QStringLiteral("device"), QStringLiteral("auto (default), cpu or cuda."), QStringLiteral("DEV"), QStringLiteral("auto")},
        });
    }

    int run(const QCommandLineParser& p, CliContext& ctx) override {
        if (!p.isSet(QStringLiteral("model")) || !p.isSet(QStringLiteral("data")))
            return ctx.fail(kExitUsage, QStringLiteral("compare needs --model MODEL (one or more) and --data DIR"));
        ml::ComparisonOptions o;
        o.bundles = p.values(QStringLiteral("model"));
        o.data = p.value(QStringLiteral("data"));
        o.split = p.value(QStringLiteral("split")).toLower();
        o.device = p.value(QStringLiteral("device"));
        if (p.isSet(QStringLiteral("methods")))
            for (const QString& m : p.value(QStringLiteral("methods")).split(QLatin1Char(','), Qt::SkipEmptyParts))
                o.methods << m.trimmed().toLower();
        for (const QString& m : o.methods) {
            ml::ScoreMethod parsed;
            if (!ml::parseScoreMethod(m, &parsed))
                return ctx.fail(kExitUsage, QStringLiteral("--methods: '%1' is no score method (expected some of %2)")
                                                .arg(m, ml::scoreMethodNames().join(QStringLiteral(", "))));
        }
        bool ok = true;
        auto whole = [&](const char* name, int lo, int hi, int* out) {
            if (!p.isSet(QLatin1String(name))) return true;
            const int v = p.value(QLatin1String(name)).toInt(&ok);
            if (!ok || v < lo || v > hi) return false;
            *out = v;
            return true;
        };
        if (!whole("resamples", 1, 1000000, &o.bootstrap.resamples))
            return ctx.fail(kExitUsage, QStringLiteral("--resamples: expected a whole number from 1 to 1000000"));
        if (!whole("batch", 1, 4096, &o.batchSize))
            return ctx.fail(kExitUsage, QStringLiteral("--batch: expected a whole number from 1 to 4096"));
        if (!whole("threads", 0, 1024, &o.threads))
            return ctx.fail(kExitUsage, QStringLiteral("--threads: expected a whole number from 0 to 1024"));
        if (p.isSet(QStringLiteral("fpr"))) {
            o.fprLimit = p.value(QStringLiteral("fpr")).toDouble(&ok);
            if (!ok || !(o.fprLimit >= 0.0 && o.fprLimit <= 1.0))
                return ctx.fail(kExitUsage, QStringLiteral("--fpr: expected a number from 0 to 1"));
        }
        if (o.split != QLatin1String("test") && o.split != QLatin1String("val") && o.split != QLatin1String("all"))
            return ctx.fail(kExitUsage, QStringLiteral("--split %1: expected test, val or all").arg(o.split));
        const ml::ComparisonResult r = ml::compareMethods(o, [&](qint64 done, qint64 total, const QString& label) {
            ctx.progress(label, done, total);
            return true;
        });
        ctx.endProgress();
        for (const QString& w : r.warnings) ctx.warn(w);
        if (!r.ok) {
            const bool usage = r.error.contains(QLatin1String("score method")) || r.error.contains(QLatin1String("CUDA"));
            return ctx.fail(usage ? kExitUsage : kExitInputError, r.error);
        }
        if (ctx.json()) {
            QJsonArray rows;
            for (const ml::ComparisonRow& row : r.rows) rows.append(rowJson(row));
            ctx.printJson(QJsonObject{{QStringLiteral("split"), o.split},
                                      {QStringLiteral("fpr_limit"), o.fprLimit},
                                      {QStringLiteral("confidence"), o.bootstrap.confidence},
                                      {QStringLiteral("resamples"), o.bootstrap.resamples},
                                      {QStringLiteral("masks"), r.masks},
                                      {QStringLiteral("rows"), rows}});
        } else {
            printTable(ctx.out(), r, o);
        }
        return kExitOk;
    }

private:
    static void printTable(QTextStream& out, const ml::ComparisonResult& r, const ml::ComparisonOptions& o) {
        out << "Image metrics with " << int(o.bootstrap.confidence * 100) << "% bootstrap intervals ("
            << o.bootstrap.resamples << " resamples) on the labelled " << o.split << " images; recall at FPR "
            << o.fprLimit << "; pixel AUROC intervals resample images\n";
        const int wm = 20, wc = 22, wp = 20, ws = 9;
        out << QStringLiteral("Model").leftJustified(9) << QStringLiteral("Method").leftJustified(wm)
            << QStringLiteral("AUROC").leftJustified(wc) << QStringLiteral("AP").leftJustified(wc)
            << QStringLiteral("F1-max").leftJustified(wc) << QStringLiteral("Recall@FPR").leftJustified(wc)
            << QStringLiteral("Pixel AUROC").leftJustified(wp + 2) << QStringLiteral("img/s").rightJustified(ws) << "\n";
        for (const ml::ComparisonRow& row : r.rows) {
            out << row.model.leftJustified(9) << (row.method + (row.isDefault ? QStringLiteral(" *") : QString())).leftJustified(wm)
                << withInterval(row.image.auroc).leftJustified(wc) << withInterval(row.image.averagePrecision).leftJustified(wc)
                << withInterval(row.image.f1Max).leftJustified(wc) << withInterval(row.image.recallAtFpr).leftJustified(wc)
                << (row.pixelAurocInterval.defined ? withInterval(row.pixelAurocInterval)
                                                   : row.pixelAuroc ? number(*row.pixelAuroc) : QStringLiteral("-"))
                       .leftJustified(wp + 2)
                << QString::number(row.imagesPerSecond, 'f', 1).rightJustified(ws) << "\n";
        }
        out << "* the model's default score" << Qt::endl;
    }
};

} // namespace faultline::cli

using faultline::cli::CompareCommand;
FAULTLINE_CLI_COMMAND(CompareCommand)
