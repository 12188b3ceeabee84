#pragma once
// One background task of the window: a function run on the tasks' own thread pool
// (QtConcurrent::run on backgroundTaskPool()) that reports to the GUI thread through a
// QFutureWatcher. Not Qt's global pool: the workers block for seconds to minutes while their
// decoding fans out over the global pool (QtConcurrent::blockingMap), and Qt paints through
// it too; two long tasks holding a 2-core machine's global threads starved both, and the
// window froze. Dataset import,
// the demo, scoring and the inspection loads all run through it; training keeps its QObject
// worker on a QThread (TrainingWorker), because its loop must check a cancel flag every batch.
//
// The contract, written once for every task:
//  - start(), cancel(), isRunning(), hasResult(), result() and the destructor are called on the
//    GUI thread. A worker whose first parameter is QPromise<T>& reports progress through it and
//    checks promise.isCanceled() between steps; any other callable is simply run and returns T.
//  - progress(done, total, text) is emitted on the GUI thread, throttled by QFutureWatcher;
//    total is 0 until the worker has set its range (show a busy bar, not "0 / 1").
//  - cancel() only asks; the worker honours it at its next check. finished() follows once per
//    start(), cancelled or not; isRunning() turns false just before it, so its receivers may
//    start the next task. hasResult() is false when the worker added no result (cancelled early).
//  - start() while a run is going cancels that run and waits for it; its finished() never comes.
//  - The destructor cancels and waits: no worker outlives its task, so a worker may use what
//    the task's owner owns (pass copies, though: the owner's members change on the GUI thread).

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>
#include <utility>

namespace faultline::ui {

// Long, blocking work of the window only; QThreadPool::globalInstance() stays for short jobs.
QThreadPool* backgroundTaskPool();

class BackgroundTaskBase : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(int done, int total, const QString& text);
    void finished();

protected:
    bool m_running = false;
};

template <typename T>
class BackgroundTask : public BackgroundTaskBase {
public:
    using BackgroundTaskBase::BackgroundTaskBase;
    ~BackgroundTask() override { stop(); }

    template <typename Fn, typename... Args>
    void start(Fn&& fn, Args&&... args) {
        stop();
        m_watcher = std::make_unique<QFutureWatcher<T>>();
        QFutureWatcher<T>* w = m_watcher.get();
        const auto report = [this, w] { Q_EMIT progress(w->progressValue(), w->progressMaximum(), w->progressText()); };
        connect(w, &QFutureWatcher<T>::progressValueChanged, this, report);
        connect(w, &QFutureWatcher<T>::progressRangeChanged, this, report);
        connect(w, &QFutureWatcher<T>::progressTextChanged, this, report);
        connect(w, &QFutureWatcher<T>::finished, this, [this] {
            m_running = false;
            Q_EMIT finished();
        });
        m_running = true;
        w->setFuture(QtConcurrent::run(backgroundTaskPool(), std::forward<Fn>(fn), std::forward<Args>(args)...));
    }

    void cancel() {
        if (m_watcher) m_watcher->cancel();
    }
    // Blocks until the worker has returned (shutdown and tests); finished() still follows.
    void waitForFinished() {
        if (m_watcher) m_watcher->waitForFinished();
    }
    bool hasResult() const { return m_watcher && m_watcher->future().resultCount() > 0; }
    // Precondition: hasResult().
    T result() const { return m_watcher->result(); }

private:
    // Cancels a run in flight, waits for it and drops its watcher, signals and all.
    void stop() {
        if (!m_watcher) return;
        m_watcher->disconnect(this);
        m_watcher->cancel();
        m_watcher->waitForFinished();
        m_watcher.reset();
        m_running = false;
    }

    std::unique_ptr<QFutureWatcher<T>> m_watcher;
};

} // namespace faultline::ui
