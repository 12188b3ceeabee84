#include "ui/training/ScoringTask.h"

#include "core/ml/Scorer.h"

#include <QCryptographicHash>
#include <QFile>

namespace faultline::ui {

void scoreDataset(QPromise<ScoringTaskResult>& promise, const ScoringInput& input) {
    ScoringTaskResult outcome;
    ml::Scorer scorer;
    ml::ScoreOptions options;
    options.wantMap = false;   // scores only: maps are made on demand by the inspection view
    options.method = input.method;
    if (!scorer.load(input.bundlePath, options, &outcome.error)) {
        promise.addResult(outcome);
        return;
    }
    outcome.device = scorer.deviceDescription();
    outcome.method = ml::scoreMethodName(scorer.method());
    QFile bundle(input.bundlePath);
    QCryptographicHash digest(QCryptographicHash::Sha256);
    if (bundle.open(QIODevice::ReadOnly) && digest.addData(&bundle)) outcome.bundleSha256 = QString::fromLatin1(digest.result().toHex());
    promise.setProgressRange(0, int(input.paths.size()));
    const ml::ScoreRunSummary summary = scorer.scoreFiles(
        input.paths,
        [&outcome, &input](int index, const ml::ImageScore& score) {
            if (score.ok) outcome.scores.push_back({input.ids[index], score.score});
            else outcome.failures << score.error;
        },
        [&promise](qint64 done, qint64) {
            promise.setProgressValueAndText(int(done), QStringLiteral("Scoring"));
            return !promise.isCanceled();
        });
    outcome.cancelled = summary.cancelled;
    outcome.seconds = summary.seconds;
    if (summary.cancelled) outcome.error = QStringLiteral("%1: scoring cancelled; no run was added").arg(input.bundlePath);
    else if (outcome.scores.isEmpty()) outcome.error = QStringLiteral("%1: no image could be scored").arg(input.bundlePath);
    outcome.ok = outcome.error.isEmpty();
    promise.addResult(outcome);
}

} // namespace faultline::ui
