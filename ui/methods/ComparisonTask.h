#pragma once
// Compares score methods in the background: the worker of the Methods panel's BackgroundTask
// (QPromise: progress per scored batch, labelled with the bundle's model and the method; cancel
// honoured at the next batch, and then no result is added).

#include "core/ml/MethodComparison.h"

#include <QPromise>

namespace faultline::ui {

void compareInBackground(QPromise<ml::ComparisonResult>& promise, const ml::ComparisonOptions& options);

} // namespace faultline::ui
