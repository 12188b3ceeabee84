#include "ui/dataset/DatasetImport.h"

#include "core/dataset/DatasetScanner.h"
#include "core/project/ProjectStore.h"

namespace faultline::ui {

void importDataset(QPromise<ImportResult>& promise, const QString& folder, const QString& projectPath) {
    ImportResult outcome;
    int maximum = -1;
    const core::ScanResult scan = core::scanDataset(folder, {}, [&promise, &maximum](qint64 done, qint64 total) {
        if (maximum != int(total)) promise.setProgressRange(0, maximum = int(total));
        promise.setProgressValueAndText(int(done), QStringLiteral("Scanning"));
        return !promise.isCanceled();
    });
    if (promise.isCanceled()) {
        outcome.cancelled = true;
        outcome.error = QStringLiteral("%1: import cancelled; the project was not changed").arg(folder);
        promise.addResult(outcome);
        return;
    }
    if (!scan.ok) {
        outcome.error = scan.error;
        promise.addResult(outcome);
        return;
    }
    outcome.root = scan.dataset.root;
    outcome.description = scan.dataset.description;
    outcome.warnings = scan.dataset.warnings;
    outcome.problems = scan.dataset.problems;
    outcome.samples = int(scan.dataset.samples.size());
    if (scan.dataset.samples.isEmpty()) {
        outcome.error = QStringLiteral("%1: no usable images found").arg(folder);
        promise.addResult(outcome);
        return;
    }
    promise.setProgressValueAndText(std::max(maximum, 0), QStringLiteral("Saving the index"));
    // Qt SQL connections belong to one thread: this worker opens its own.
    core::ProjectStore store;
    if (!store.open(projectPath, core::ProjectStore::CreateIfMissing)
        || !store.replaceDataset(scan.dataset.root, scan.dataset.samples)) {
        outcome.error = store.lastError();
        promise.addResult(outcome);
        return;
    }
    store.setMeta(QStringLiteral("dataset_layout"), scan.dataset.description);
    outcome.ok = true;
    promise.addResult(outcome);
}

} // namespace faultline::ui
