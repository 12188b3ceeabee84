#include "ui/DemoTask.h"

#if __has_include("core/DemoGenerator.h")
#include "core/DemoGenerator.h"
#define FAULTLINE_HAVE_DEMO 1
#endif

#include <QDir>
#include <QFileInfo>

namespace faultline::ui {

void generateDemoDataset(QPromise<DemoOutcome>& promise, const QString& folder) {
    DemoOutcome outcome;
    outcome.folder = QFileInfo(folder).absoluteFilePath();
    if (QFileInfo::exists(QDir(folder).filePath(QStringLiteral("demo.json")))) {
        outcome.ok = true;
        outcome.reused = true;
        promise.addResult(outcome);
        return;
    }
#ifndef FAULTLINE_HAVE_DEMO
    outcome.error = QStringLiteral("%1: this build has no demo generator").arg(folder);
    promise.addResult(outcome);
#else
    int maximum = -1;
    const core::DemoResult result = core::generateDemo(folder, {}, [&promise, &maximum](int done, int total) {
        if (maximum != total) promise.setProgressRange(0, maximum = total);
        promise.setProgressValueAndText(done, QStringLiteral("Generating the demo"));
        return !promise.isCanceled();
    });
    outcome.ok = result.ok;
    outcome.error = result.error;
    promise.addResult(outcome);
#endif
}

} // namespace faultline::ui
