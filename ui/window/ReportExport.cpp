#include "ui/window/ReportExport.h"

#include "core/io/OutputGuard.h"
#include "core/ml/ReportSources.h"
#include "core/report/ReportWriter.h"

namespace faultline::ui {

ReportExport::ReportExport(QObject* parent) : QObject(parent) {
    connect(&m_task, &BackgroundTaskBase::finished, this, [this] {
        const ReportExportResult r = m_task.hasResult() ? m_task.result() : ReportExportResult{false, tr("cancelled")};
        Q_EMIT finished(r.ok, r.message);
    });
}

bool ReportExport::start(const QString& projectPath, const QString& outPath, QString* error) {
    if (m_task.isRunning()) {
        *error = tr("%1: another report is still being written").arg(outPath);
        return false;
    }
    if (projectPath.isEmpty()) {
        *error = tr("%1: open a project first").arg(outPath);
        return false;
    }
    *error = core::reportFormatProblem(outPath);
    if (error->isEmpty()) {
        core::OutputGuard guard;
        guard.addInputFile(projectPath, QStringLiteral("the project"));
        *error = guard.checkFile(outPath, tr("the report"));
    }
    if (!error->isEmpty()) return false;
    m_task.start(&ReportExport::write, projectPath, outPath);
    return true;
}

ReportExportResult ReportExport::write(const QString& projectPath, const QString& outPath) {
    ml::ReportRequest request;
    request.project = projectPath;
    core::ReportData report;
    QString error;
    if (!ml::gatherReport(request, &report, &error)) return {false, tr("%1: %2").arg(outPath, error)};
    int pages = 0;
    if (const QString bad = core::writeReport(report, outPath, &pages); !bad.isEmpty()) return {false, bad};
    return {true, pages > 0 ? tr("Wrote the report to %1 (%2 pages)").arg(outPath).arg(pages)
                            : tr("Wrote the report to %1").arg(outPath)};
}

} // namespace faultline::ui
