// ui::BackgroundTask: progress and finished arrive on the GUI thread, cancel is honoured at the
// worker's next check, a restart drops the old run's finished(), and the destructor cancels and
// waits so no worker outlives its task.
#include "ui/window/BackgroundTask.h"

#include <QPromise>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>

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
};

QTEST_MAIN(TestBackgroundTask)
#include "tst_backgroundtask.moc"
