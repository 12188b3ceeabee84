#include "ui/window/BackgroundTask.h"

#include <QThread>

#include <algorithm>

namespace faultline::ui {

namespace {
// Import, demo, scoring, the training-set check, inspection loads, the heatmap scale, drift and
// the report can all run at once; each mostly waits on its own fan-out or on LibTorch.
constexpr int kMinimumTaskThreads = 8;
} // namespace

QThreadPool* backgroundTaskPool() {
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool;  // lives as long as the process: tasks are waited for by their owners
        p->setObjectName(QStringLiteral("faultline-tasks"));
        p->setMaxThreadCount(std::max(kMinimumTaskThreads, QThread::idealThreadCount()));
        // Idle threads stay: the pool is never destroyed, so a thread that expired would end
        // without anyone joining it.
        p->setExpiryTimeout(-1);
        return p;
    }();
    return pool;
}

} // namespace faultline::ui
