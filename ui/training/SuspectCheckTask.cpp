#include "ui/training/SuspectCheckTask.h"

#include "core/ml/TrainingSuspects.h"

#include <QHash>

namespace faultline::ui {

void checkTrainingSet(QPromise<SuspectCheckResult>& promise, const SuspectCheckInput& input) {
    SuspectCheckResult outcome;
    outcome.runId = input.runId;
    promise.setProgressRange(0, int(input.paths.size()));
    const ml::SuspectReport report = ml::findTrainingSuspects(
        input.bundlePath, input.paths, {}, [&promise](int done, int) {
            promise.setProgressValueAndText(done, QStringLiteral("Checking the training set"));
            return !promise.isCanceled();
        });
    outcome.cancelled = report.cancelled;
    outcome.error = report.cancelled ? QStringLiteral("the training-set check was cancelled; nothing was changed")
                                     : report.error;
    outcome.ok = report.ok && !report.cancelled;
    outcome.folds = report.folds;
    outcome.seconds = report.seconds;
    outcome.problems = report.problems;
    QHash<QString, qint64> idOf;
    for (int i = 0; i < input.paths.size(); ++i) idOf.insert(input.paths[i], input.ids[i]);
    for (const ml::TrainingSuspect& s : report.ranked) {
        outcome.entries.push_back({idOf.value(s.path), input.runId, s.score, s.valPercentile, s.flagged});
        outcome.flagged += s.flagged;
    }
    promise.addResult(outcome);
}

} // namespace faultline::ui
