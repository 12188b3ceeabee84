// faultline-cli drift: compares a lot of images with the validation normals a model's threshold
// was set on (scores and image statistics), before anyone trusts the lot's verdicts.
#include "app/cli/CliCommand.h"
#include "app/cli/CliContext.h"

#include "core/dataset/ImageFileLister.h"
#include "core/eval/DriftReport.h"
#include "core/image/ImageStatistics.h"
#include "core/ml/DriftReference.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/Scorer.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <cmath>

namespace faultline::cli {

namespace {

constexpr int kExitDrift = kExitWorkFailed;  // 3: the lot drifted, its verdicts are not to be trusted as they stand

QString cell(double v) { return std::isfinite(v) ? QString::number(v, 'g', 3) : QStringLiteral("-"); }

QString pCell(double v) {
    if (!std::isfinite(v)) return QStringLiteral("-");
    return v < 1e-300 ? QStringLiteral("<1e-300") : QString::number(v, 'g', 3);
}

void printTable(QTextStream& out, const core::DriftReport& r) {
    const int w0 = 18, w = 11;
    out << QStringLiteral("Figure").leftJustified(w0) << QStringLiteral("Ref median").rightJustified(w)
        << QStringLiteral("Lot median").rightJustified(w) << QStringLiteral("KS D").rightJustified(w)
        << QStringLiteral("p-value").rightJustified(w) << QStringLiteral("PSI").rightJustified(w) << "  Verdict\n";
    for (const core::DriftFigure& f : r.figures) {
        out << f.label.leftJustified(w0);
        if (!f.available) {
            out << "  unavailable: " << f.unavailable << '\n';
            continue;
        }
        out << cell(f.referenceMedian).rightJustified(w) << cell(f.lotMedian).rightJustified(w)
            << cell(f.ks).rightJustified(w) << pCell(f.pValue).rightJustified(w) << cell(f.psi).rightJustified(w) << "  "
            << (f.drift ? "DRIFT" : "ok") << '\n';
    }
}

} // namespace

class DriftCommand : public CliCommand {
public:
    QString name() const override { return QStringLiteral("drift"); }
    QString summary() const override {
        return QStringLiteral("Compare a lot of images with the validation normals a model was calibrated on.");
    }

    void addOptions(QCommandLineParser& p) const override {
        p.addOptions({
            {QStringLiteral("model"), QStringLiteral("Model bundle written by train (its validation normals are the "
                                                     "reference)."),
             QStringLiteral("MODEL")},
            {QStringLiteral("data"), QStringLiteral("Folder of the lot's images (subfolders included)."), QStringLiteral("LOT")},
            {QStringLiteral("alpha"), QStringLiteral("Significance level of each Kolmogorov-Smirnov test (default 0.01)."),
             QStringLiteral("A")},
            {QStringLiteral("threads"), QStringLiteral("CPU threads, 0 = all cores (default)."), QStringLiteral("N")},
            {QStringLiteral("device"), QStringLiteral("auto (default), cpu or cuda."), QStringLiteral("DEV"), QStringLiteral("auto")},
        });
    }

    int run(const QCommandLineParser& p, CliContext& ctx) override {
        if (!p.isSet(QStringLiteral("model")) || !p.isSet(QStringLiteral("data")))
            return ctx.fail(kExitUsage, QStringLiteral("drift needs --model MODEL and --data LOT"));
        core::DriftOptions options;
        bool ok = true;
        if (p.isSet(QStringLiteral("alpha"))) {
            options.alpha = p.value(QStringLiteral("alpha")).toDouble(&ok);
            if (!ok || !(options.alpha > 0.0 && options.alpha < 1.0))
                return ctx.fail(kExitUsage, QStringLiteral("--alpha: expected a number between 0 and 1 (exclusive)"));
        }
        ml::ScoreOptions o;
        o.device = p.value(QStringLiteral("device"));
        if (p.isSet(QStringLiteral("threads"))) {
            o.threads = p.value(QStringLiteral("threads")).toInt(&ok);
            if (!ok || o.threads < 0 || o.threads > 1024)
                return ctx.fail(kExitUsage, QStringLiteral("--threads: expected a whole number from 0 to 1024"));
        }
        const QString modelPath = p.value(QStringLiteral("model"));
        const QString lotDir = p.value(QStringLiteral("data"));
        if (!QFileInfo(lotDir).isDir())
            return ctx.fail(kExitInputError, QStringLiteral("%1: --data: not a folder").arg(lotDir));
        ml::BundleMetadata metadata;
        ml::BundleCalibration calibration;
        QString error;
        if (!ml::ModelBundle::loadHeader(modelPath, &metadata, &calibration, &error))
            return ctx.fail(kExitInputError, error);
        o.method = ml::driftScoreMethod(metadata, calibration);
        core::DriftSample reference;
        if (!ml::driftReference(calibration, o.method, modelPath, &reference, &error))
            return ctx.fail(kExitInputError, error);

        core::ImageFileLister lister;
        const QStringList paths = lister.list(lotDir, core::ImageFileLister::Subfolders::Descend);
        QStringList failures;
        for (const core::FileProblem& fp : lister.problems()) {
            failures << QStringLiteral("%1: %2").arg(fp.path, fp.reason);
            ctx.warn(failures.last() + QStringLiteral(" (left out)"));
        }
        if (paths.isEmpty())
            return ctx.fail(kExitInputError, QStringLiteral("%1: --data: no images (png, jpg, bmp, tif) in the folder").arg(lotDir));

        ml::Scorer scorer;
        if (!scorer.load(modelPath, o, &error))
            return ctx.fail(error.contains(QLatin1String("CUDA")) ? kExitUsage : kExitInputError, error);
        core::DriftSample lot;
        QStringList scoredPaths;
        scorer.scoreFiles(
            paths,
            [&](int i, const ml::ImageScore& s) {
                if (!s.ok) {
                    failures << s.error;
                    ctx.warn(s.error + QStringLiteral(" (left out)"));
                    return;
                }
                lot.scores.push_back(s.score);
                scoredPaths << paths[i];
            },
            [&](qint64 done, qint64 total) {
                ctx.progress(QStringLiteral("scoring"), done, total);
                return true;
            });
        ctx.endProgress();
        QStringList statProblems;
        lot.images = core::imageStatisticsOfFiles(scoredPaths, &statProblems);
        for (const QString& problem : statProblems) {
            failures << problem;
            ctx.warn(problem + QStringLiteral(" (no image statistics)"));
        }
        if (lot.scores.empty())
            return ctx.fail(kExitInputError, QStringLiteral("%1: --data: none of the %2 images could be scored")
                                                 .arg(lotDir).arg(paths.size()));

        const core::DriftReport report = core::compareLot(reference, lot, o.method, options);
        if (ctx.json()) {
            QJsonObject json = core::driftReportToJson(report);
            json.insert(QStringLiteral("model"), modelPath);
            json.insert(QStringLiteral("data"), lotDir);
            json.insert(QStringLiteral("lot_images"), int(lot.scores.size()));
            json.insert(QStringLiteral("reference_images"), int(reference.scores.size()));
            json.insert(QStringLiteral("failed"), QJsonArray::fromStringList(failures));
            ctx.printJson(json);
        } else {
            QTextStream& out = ctx.out();
            out << "Lot " << QDir::cleanPath(lotDir) << " (" << lot.scores.size() << " images) against the "
                << reference.scores.size() << " validation normals of " << modelPath << ", score "
                << o.method << "\n\n";
            printTable(out, report);
            out << '\n' << core::driftRule(options) << '\n'
                << core::ksExplanation() << '\n'
                << core::pValueExplanation() << '\n'
                << core::psiExplanation(options) << "\n\n";
            for (const QString& w : report.warnings) out << "Note: " << w << '\n';
            out << (report.drift ? "DRIFT: " : "") << report.summary() << '.' << Qt::endl;
        }
        if (report.drift) return kExitDrift;
        if (!failures.isEmpty())
            return ctx.fail(kExitInputError, QStringLiteral("%1 file(s) left out; the comparison holds the rest").arg(failures.size()));
        return kExitOk;
    }
};

} // namespace faultline::cli

using faultline::cli::DriftCommand;
FAULTLINE_CLI_COMMAND(DriftCommand)
