#include "ui/methods/ComparisonTask.h"

#include <algorithm>
#include <limits>

namespace faultline::ui {

void compareInBackground(QPromise<ml::ComparisonResult>& promise, const ml::ComparisonOptions& options) {
    int range = -1;
    const ml::ComparisonResult result = ml::compareMethods(options, [&](qint64 done, qint64 total, const QString& label) {
        // QPromise counts in int: a comparison never has 2^31 scoring steps, but clamp anyway.
        const qint64 cap = std::numeric_limits<int>::max();
        if (int(std::min(total, cap)) != range) promise.setProgressRange(0, range = int(std::min(total, cap)));
        promise.setProgressValueAndText(int(std::min(done, cap)), label);
        return !promise.isCanceled();
    });
    if (!result.cancelled) promise.addResult(result);
}

} // namespace faultline::ui
