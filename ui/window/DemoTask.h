#pragma once
// Writes the built-in demo dataset: the worker of a BackgroundTask (QPromise progress and
// cancel). A folder that already holds the demo (its demo.json) is reused as it is.

#include <QPromise>
#include <QString>

namespace faultline::ui {

struct DemoTaskResult {
    bool ok = false;
    QString error;    // names the folder and the reason
    QString folder;   // absolute dataset folder
    bool reused = false;
};

void generateDemoDataset(QPromise<DemoTaskResult>& promise, const QString& folder);

} // namespace faultline::ui
