// The owner of a training thread: destroying it mid-run cancels and joins within a batch.
#include "SyntheticImages.h"

#include "core/ml/TrainingJob.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>

using namespace faultline;
using namespace faultline::ml;

class TestTrainingJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deleteWhileTrainingStopsCleanly();
    void cancelReturnsCancelledResult();
    void finishedRunReturnsResult();

private:
    TrainConfig config(const QString& dir) {
        TrainConfig c;
        c.size = 16;
        c.epochs = 1000; // far longer than the test waits
        c.batchSize = 8;
        c.widths = {8, 16, 32};
        c.latent = 8;
        c.threads = 1;
        c.device = "cpu";
        c.bundlePath = dir + "/m.flmodel";
        return c;
    }
};

void TestTrainingJob::deleteWhileTrainingStopsCleanly() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 32, 8, 0);
    std::atomic_int batches{0};
    auto job = std::make_unique<TrainingJob>();
    QVERIFY(job->start(config(dir.path()), dir.path(), samples, [&](const TrainProgress&) {
        ++batches;
        return true;
    }));
    QTRY_VERIFY_WITH_TIMEOUT(batches.load() >= 3, 20000);
    QVERIFY(job->isRunning());
    job.reset(); // must cancel and join, not crash or hang
    const int after = batches.load();
    QTest::qWait(50);
    QCOMPARE(batches.load(), after); // nothing runs after the owner is gone
    QVERIFY(!QFile::exists(dir.path() + "/m.flmodel"));
}

void TestTrainingJob::cancelReturnsCancelledResult() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 32, 8, 0);
    std::atomic_int batches{0};
    TrainingJob job;
    QVERIFY(job.start(config(dir.path()), dir.path(), samples, [&](const TrainProgress&) {
        ++batches;
        return true;
    }));
    QVERIFY(!job.start(config(dir.path()), dir.path(), samples)); // one run at a time
    QTRY_VERIFY_WITH_TIMEOUT(batches.load() >= 2, 20000);
    job.cancel();
    const TrainResult r = job.wait();
    QVERIFY(r.cancelled);
    QVERIFY(!r.ok);
    QVERIFY(!job.isRunning());
}

void TestTrainingJob::finishedRunReturnsResult() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 16, 4, 0);
    TrainConfig c = config(dir.path());
    c.epochs = 1;
    TrainingJob job;
    QVERIFY(job.start(c, dir.path(), samples));
    const TrainResult r = job.wait();
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(QFile::exists(c.bundlePath));
}

QTEST_GUILESS_MAIN(TestTrainingJob)
#include "tst_trainingjob.moc"
