// faultline-cli report: the inspection report a supervisor signs, as one HTML file (images
// embedded) or a PDF, from a project or from a model bundle with the scores CSV it wrote.
#include "app/cli/CliCommand.h"
#include "app/cli/CliContext.h"

#include "core/io/OutputGuard.h"
#include "core/ml/ReportSources.h"
#include "core/report/ReportWriter.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonObject>

namespace faultline::cli {

class ReportCommand : public CliCommand {
public:
    QString name() const override { return QStringLiteral("report"); }
    QString summary() const override {
        return QStringLiteral("Inspection report (HTML or PDF) of a project, or of a model with its scores.");
    }

    void addOptions(QCommandLineParser& p) const override {
        p.addOptions({
            {QStringLiteral("project"), QStringLiteral("Project file (.faultline): its active run and audit trail."),
             QStringLiteral("P")},
            {QStringLiteral("model"), QStringLiteral("Model bundle (instead of --project), with --scores."), QStringLiteral("M")},
            {QStringLiteral("scores"), QStringLiteral("Scores CSV written by score --out, with --model."), QStringLiteral("CSV")},
            {QStringLiteral("data"), QStringLiteral("Dataset root of the scores CSV, for the gallery images (with --model)."),
             QStringLiteral("D")},
            {QStringLiteral("out"), QStringLiteral("Report file: .html (self-contained) or .pdf."), QStringLiteral("FILE")},
            {QStringLiteral("threads"), QStringLiteral("CPU threads for the gallery's scoring, 0 = all cores (default)."),
             QStringLiteral("N")},
            {QStringLiteral("device"), QStringLiteral("auto (default), cpu or cuda."), QStringLiteral("DEV"), QStringLiteral("auto")},
        });
    }

    int run(const QCommandLineParser& p, CliContext& ctx) override {
        const bool project = p.isSet(QStringLiteral("project"));
        const bool model = p.isSet(QStringLiteral("model")) || p.isSet(QStringLiteral("scores"));
        if (project == model)
            return ctx.fail(kExitUsage, QStringLiteral("report needs --project P, or --model M with --scores CSV"));
        if (model && !(p.isSet(QStringLiteral("model")) && p.isSet(QStringLiteral("scores"))))
            return ctx.fail(kExitUsage, QStringLiteral("report: --model and --scores go together"));
        if (project && p.isSet(QStringLiteral("data")))
            return ctx.fail(kExitUsage, QStringLiteral("report: --data goes with --model (a project knows its dataset)"));
        if (!p.isSet(QStringLiteral("out"))) return ctx.fail(kExitUsage, QStringLiteral("report: --out FILE is required"));
        const QString out = p.value(QStringLiteral("out"));
        if (const QString bad = core::reportFormatProblem(out); !bad.isEmpty()) return ctx.fail(kExitUsage, bad);
        if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
            return ctx.fail(kExitWorkFailed, QStringLiteral("report: no graphics context for the charts' text"));

        ml::ReportRequest request;
        request.project = p.value(QStringLiteral("project"));
        request.model = p.value(QStringLiteral("model"));
        request.scores = p.value(QStringLiteral("scores"));
        request.data = p.value(QStringLiteral("data"));
        request.device = p.value(QStringLiteral("device"));
        if (p.isSet(QStringLiteral("threads"))) {
            bool ok = false;
            request.threads = p.value(QStringLiteral("threads")).toInt(&ok);
            if (!ok || request.threads < 0 || request.threads > 1024)
                return ctx.fail(kExitUsage, QStringLiteral("--threads: expected a whole number from 0 to 1024"));
        }
        for (const QString& input : {request.project, request.model, request.scores})
            if (!input.isEmpty() && !QFileInfo(input).isFile())
                return ctx.fail(kExitInputError, QStringLiteral("%1: no such file").arg(input));
        if (!request.data.isEmpty() && !QFileInfo(request.data).isDir())
            return ctx.fail(kExitInputError, QStringLiteral("%1: --data: not a folder").arg(request.data));

        core::OutputGuard guard;
        if (project) guard.addInputFile(request.project, QStringLiteral("the project"));
        if (model) {
            guard.addInputFile(request.model, QStringLiteral("the model bundle"));
            guard.addInputFile(request.scores, QStringLiteral("the scores CSV"));
        }
        if (!request.data.isEmpty()) guard.addInputTree(request.data, QStringLiteral("the dataset folder"));
        if (const QString bad = guard.checkFile(out, QStringLiteral("--out")); !bad.isEmpty()) return ctx.fail(kExitUsage, bad);

        core::ReportData report;
        QString error;
        if (!ml::gatherReport(request, &report, &error)) return ctx.fail(kExitInputError, error);
        for (const QString& w : report.inputs.warnings) ctx.warn(w);
        int pages = 0;
        if (const QString bad = core::writeReport(report, out, &pages); !bad.isEmpty()) return ctx.fail(kExitWorkFailed, bad);

        const core::Confusion& c = report.evaluation.atThreshold;
        if (ctx.json()) {
            QJsonObject json{{QStringLiteral("out"), out},
                             {QStringLiteral("threshold"), report.evaluation.chosen.value},
                             {QStringLiteral("committed"), bool(report.inputs.threshold)},
                             {QStringLiteral("tp"), c.tp}, {QStringLiteral("fp"), c.fp},
                             {QStringLiteral("tn"), c.tn}, {QStringLiteral("fn"), c.fn}};
            if (pages > 0) json.insert(QStringLiteral("pages"), pages);
            ctx.printJson(json);
        } else {
            ctx.out() << "Wrote " << out << (pages > 0 ? QStringLiteral(" (%1 pages)").arg(pages) : QString())
                      << ": threshold " << report.evaluation.chosen.value
                      << (report.inputs.threshold ? "" : " (none committed: default)") << ", " << c.fp
                      << " false reject(s), " << c.fn << " missed defect(s)\n";
            if (!report.thresholdNote.isEmpty()) ctx.out() << "Note: " << report.thresholdNote << '\n';
            ctx.out().flush();
        }
        return kExitOk;
    }
};

} // namespace faultline::cli

using faultline::cli::ReportCommand;
FAULTLINE_CLI_COMMAND(ReportCommand)
