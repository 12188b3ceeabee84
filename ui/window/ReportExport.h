#pragma once
// File > Export Report: gathers and writes the inspection report of a project file off the GUI
// thread (a BackgroundTask: its contract applies). The worker opens its own connection to the
// project and scores the gallery's few images with the run's model bundle. finished() comes on
// the GUI thread with a message naming the file: where it was written, or why it was not.
// One export at a time: start() while one runs is refused.

#include "ui/window/BackgroundTask.h"

#include <QObject>
#include <QString>

namespace faultline::ui {

struct ReportExportResult {
    bool ok = false;
    QString message;  // "Wrote <file> (N pages)" or "<file>: <reason>"
};

class ReportExport : public QObject {
    Q_OBJECT
public:
    explicit ReportExport(QObject* parent = nullptr);

    // False (with *error naming the file) when the path is unusable or an export is running.
    bool start(const QString& projectPath, const QString& outPath, QString* error);
    bool isRunning() const { return m_task.isRunning(); }
    void waitForFinished() { m_task.waitForFinished(); }

    // The blocking work the task runs.
    static ReportExportResult write(const QString& projectPath, const QString& outPath);

Q_SIGNALS:
    void finished(bool ok, const QString& message);

private:
    BackgroundTask<ReportExportResult> m_task;
};

} // namespace faultline::ui
