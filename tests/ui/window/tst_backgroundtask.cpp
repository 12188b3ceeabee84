// ui::BackgroundTask: progress and finished arrive on the GUI thread, cancel is honoured at the
// worker's next check, a restart drops the old run's finished(), and the destructor cancels and
// waits so no worker outlives its task.
#include "ui/window/BackgroundTask.h"

#include <QPromise>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <atomic>
#include <future>
#include <numeric>
#include <vector>

using faultline::ui::BackgroundTask;
using faultline::ui::BackgroundTaskBase;

namespace {
// Counts to `steps`, a millisecond a step, checking cancel between steps.
void count(QPromise<int>& promise, int steps, std::atomic_int* done) {
    promise.setProgressRange(0, steps);
    int i = 0;
    for (; i < steps && !promise.isCanceled(); ++i) {
        QThread::msleep(1);
        promise.setProgressValueAndText(i + 1, QStringLiteral("counting"));
        if (done) done->store(i + 1);
    }
    promise.addResult(i);
}
int twice(int x) { return 2 * x; }
} // namespace

class TestBackgroundTask : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void progressAndResultOnTheGuiThread() {
        BackgroundTask<int> task;
        QSignalSpy finished(&task, &BackgroundTaskBase::finished);
        QVector<int> totals;
        bool onGuiThread = true;
        connect(&task, &BackgroundTaskBase::progress, this, [&](int, int total, const QString&) {
            totals << total;
            onGuiThread = onGuiThread && QThread::currentThread() == thread();
        });
        bool runningAtFinish = true;
        connect(&task, &BackgroundTaskBase::finished, this, [&] { runningAtFinish = task.isRunning(); });
        task.start(&count, 50, nullptr);
        QVERIFY(task.isRunning());
        QVERIFY(finished.wait(10000));
        QVERIFY(!runningAtFinish);  // receivers may start the next task
        QVERIFY(onGuiThread);
        QVERIFY(!totals.isEmpty());
        for (int total : totals) QVERIFY(total == 0 || total == 50);  // one count throughout
        QVERIFY(task.hasResult());
        QCOMPARE(task.result(), 50);
    }

    void plainFunctionsRunToo() {
        BackgroundTask<int> task;
        QSignalSpy finished(&task, &BackgroundTaskBase::finished);
        task.start(&twice, 21);
        QVERIFY(finished.wait(10000));
        QCOMPARE(task.result(), 42);
    }

    void cancelStopsAtTheNextCheck() {
        BackgroundTask<int> task;
        QSignalSpy finished(&task, &BackgroundTaskBase::finished);
        task.start(&count, 100000, nullptr);
        task.cancel();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.count(), 1);
        QVERIFY(!task.hasResult() || task.result() < 100000);
    }

    void restartDropsTheOldRun() {
        BackgroundTask<int> task;
        QSignalSpy finished(&task, &BackgroundTaskBase::finished);
        task.start(&count, 100000, nullptr);
        task.start(&twice, 4);  // cancels and waits for the first
        QVERIFY(finished.wait(10000));
        QTest::qWait(50);  // a stale finished() would arrive by now
        QCOMPARE(finished.count(), 1);
        QCOMPARE(task.result(), 8);
    }

    void destructorCancelsAndWaits() {
        std::atomic_int done{0};
        {
            BackgroundTask<int> task;
            task.start(&count, 100000, &done);
            QTRY_VERIFY(done.load() > 0);
        }
        const int atDestruction = done.load();
        QVERIFY(atDestruction < 100000);
        QThread::msleep(20);
        QCOMPARE(done.load(), atDestruction);  // the worker has stopped for good
    }

    // Long tasks leave Qt's global pool to the short jobs they (and the painting) fan out to.
    // Each worker here decodes as the scorer does: a std::async helper maps over the global
    // pool while the worker waits for it. With two workers on a 2-thread global pool this
    // used to hang for good.
    void longTasksLeaveTheGlobalPoolFree() {
        QThreadPool* global = QThreadPool::globalInstance();
        const int before = global->maxThreadCount();
        global->setMaxThreadCount(2);
        const auto decodeLike = [](QPromise<int>& promise) {
            auto helper = std::async(std::launch::async, [] {
                std::vector<int> items(16, 1);
                QtConcurrent::blockingMap(items, [](int& v) { QThread::msleep(2); v *= 2; });
                return std::accumulate(items.begin(), items.end(), 0);
            });
            promise.addResult(helper.get());
        };
        BackgroundTask<int> a, b, c;
        QSignalSpy doneA(&a, &BackgroundTaskBase::finished), doneB(&b, &BackgroundTaskBase::finished),
            doneC(&c, &BackgroundTaskBase::finished);
        a.start(decodeLike);
        b.start(decodeLike);
        c.start(decodeLike);
        QTRY_VERIFY_WITH_TIMEOUT(doneA.count() == 1 && doneB.count() == 1 && doneC.count() == 1, 20000);
        QCOMPARE(a.result() + b.result() + c.result(), 3 * 32);
        global->setMaxThreadCount(before);
        // And none of them ran there.
        std::atomic_bool release{false};
        BackgroundTask<int> waiting;
        waiting.start([&release] {
            while (!release.load()) QThread::msleep(1);
            return 0;
        });
        QThread::msleep(20);
        QCOMPARE(global->activeThreadCount(), 0);
        release.store(true);
        waiting.waitForFinished();
    }
};

QTEST_MAIN(TestBackgroundTask)
#include "tst_backgroundtask.moc"
