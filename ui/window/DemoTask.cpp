#include "ui/window/DemoTask.h"

#include "core/demo/DemoGenerator.h"

#include <QDir>
#include <QFileInfo>

namespace faultline::ui {

void generateDemoDataset(QPromise<DemoTaskResult>& promise, const QString& folder) {
    DemoTaskResult outcome;
    outcome.folder = QFileInfo(folder).absoluteFilePath();
    if (QFileInfo::exists(QDir(folder).filePath(QStringLiteral("demo.json")))) {
        outcome.ok = true;
        outcome.reused = true;
        promise.addResult(outcome);
        return;
    }
    int maximum = -1;
    const core::DemoResult result = core::generateDemo(folder, {}, [&promise, &maximum](int done, int total) {
        if (maximum != total) promise.setProgressRange(0, maximum = total);
        promise.setProgressValueAndText(done, QStringLiteral("Generating the demo"));
        return !promise.isCanceled();
    });
    outcome.ok = result.ok;
    outcome.error = result.error;
    promise.addResult(outcome);
}

} // namespace faultline::ui
