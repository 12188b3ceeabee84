#pragma once
// Importing a dataset folder into a project, off the GUI thread (the worker of a
// BackgroundTask): scan the folder (no decoding), then write the index through the worker's own
// ProjectStore connection. Progress goes through the QPromise (range = files to check), cancel
// is honoured between files and before writing.
// Nothing is written when the scan fails or is cancelled, so the project keeps what it had.

#include "core/io/FileProblem.h"

#include <QPromise>
#include <QString>
#include <QStringList>
#include <QVector>

namespace faultline::ui {

struct ImportResult {
    bool ok = false;
    bool cancelled = false;
    QString error;                        // names the folder or project file and the reason
    QString root;                         // absolute dataset folder
    int samples = 0;
    QString description;                  // layout found, from the scanner
    QStringList warnings;
    QVector<core::FileProblem> problems;  // files left out, with the reason
};

// Runs on a worker thread: QtConcurrent::run(importDataset, folder, projectPath).
void importDataset(QPromise<ImportResult>& promise, const QString& folder, const QString& projectPath);

} // namespace faultline::ui
