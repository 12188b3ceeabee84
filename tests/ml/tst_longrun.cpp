// Long runs keep their memory flat: many epochs on a tiny set, and scoring the same images
// thousands of times in one process. Resident memory is read from /proc/self/statm after a
// warm-up (allocator pools, LibTorch's caches and thread pools are filled by then) and again
// after the long phase; the growth must stay under a fixed bound that a real per-epoch or
// per-image leak would pass. malloc_trim() before each reading hands freed memory back, so
// what is measured is memory still in use, not what the allocator keeps for later.
#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <malloc.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>

using namespace faultline;
using namespace faultline::ml;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define FAULTLINE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define FAULTLINE_SANITIZED 1
#endif
#endif

namespace {

constexpr qint64 kMiB = 1024 * 1024;

// Resident set size in bytes, from the second field of /proc/self/statm (pages).
qint64 residentBytes() {
    ::malloc_trim(0);
    long pages = 0, resident = 0;
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return -1;
    const int read = std::fscanf(f, "%ld %ld", &pages, &resident);
    std::fclose(f);
    return read == 2 ? qint64(resident) * ::sysconf(_SC_PAGESIZE) : -1;
}

TrainConfig longRunConfig(const QString& bundlePath, int epochs) {
    TrainConfig c = testing::tinyTrainConfig(bundlePath);
    c.epochs = epochs;
    c.threads = 1;              // one thread: on a shared machine, spinning worker threads only add noise
    c.patience = 0;             // never stop early: every epoch runs
    return c;
}

} // namespace

class TestLongRun : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QVector<core::Sample> m_samples;

private Q_SLOTS:
    void initTestCase() {
#ifdef FAULTLINE_SANITIZED
        // A sanitizer keeps freed memory in quarantine and adds shadow memory, so resident memory
        // grows by design there; these figures only mean something in a plain build.
        QSKIP("resident memory is not comparable under a sanitizer");
#endif
        QVERIFY(m_dir.isValid());
        QVERIFY(residentBytes() > 0);
        m_samples = testing::writeSyntheticSet(m_dir.path() + "/data", 16, 32, 8, 8);
    }

    // 80 epochs of 2 batches; measured after epoch 10 and after epoch 80. A bound of 1 MiB over
    // 70 epochs catches anything that keeps ~15 KiB per epoch (one epoch's 32 images are 32 KiB
    // as floats); the growth measured here is under 0.1 MiB.
    void manyEpochsKeepMemoryFlat() {
        constexpr int kWarmUp = 10, kEpochs = 80;
        qint64 afterWarmUp = -1, atEnd = -1;
        const TrainResult r = trainSamples(longRunConfig(QString(), kEpochs), m_dir.path() + "/data", m_samples,
                                           [&](const TrainProgress& p) {
                                               if (p.epochFinished && p.epoch == kWarmUp) afterWarmUp = residentBytes();
                                               if (p.epochFinished && p.epoch == kEpochs) atEnd = residentBytes();
                                               return true;
                                           });
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.history.size(), kEpochs);
        QVERIFY(afterWarmUp > 0 && atEnd > 0);
        const qint64 growth = atEnd - afterWarmUp;
        qInfo("training: resident %.1f MiB after epoch %d, %.1f MiB after epoch %d (growth %+.2f MiB)",
              double(afterWarmUp) / kMiB, kWarmUp, double(atEnd) / kMiB, kEpochs, double(growth) / kMiB);
        QVERIFY2(growth < kMiB, qPrintable(QStringLiteral("resident memory grew by %1 KiB over %2 epochs")
                                                   .arg(growth / 1024).arg(kEpochs - kWarmUp)));
    }

    // The same 48 images scored 60 times with maps (2,880 images); measured after 5 rounds and at
    // the end. 1 MiB over 2,640 images catches a leak of ~400 bytes per image: less than half a
    // 16x16 float map or input (1 KiB each); the growth measured here is under 0.05 MiB.
    void scoringManyImagesKeepsMemoryFlat() {
        const QString bundle = m_dir.path() + "/model.flmodel";
        const TrainResult trained = trainSamples(longRunConfig(bundle, 2), m_dir.path() + "/data", m_samples);
        QVERIFY2(trained.ok, qPrintable(trained.error));
        Scorer scorer;
        ScoreOptions o;
        o.threads = 1;
        o.device = QStringLiteral("cpu");
        o.batchSize = 16;
        o.wantMap = true;
        QString error;
        QVERIFY2(scorer.load(bundle, o, &error), qPrintable(error));
        QStringList paths;
        for (const core::Sample& s : m_samples) paths << s.path;
        constexpr int kWarmUp = 5, kRounds = 60;
        qint64 afterWarmUp = -1;
        int scored = 0;
        double checksum = 0.0, firstRound = 0.0;
        for (int round = 0; round < kRounds; ++round) {
            double sum = 0.0;
            const ScoreRunSummary run = scorer.scoreFiles(paths, [&](int, const ImageScore& s) {
                if (s.ok) sum += s.score;
            });
            QCOMPARE(run.scored, int(paths.size()));
            scored += run.scored;
            if (round == 0) firstRound = sum;
            checksum = sum;
            if (round + 1 == kWarmUp) afterWarmUp = residentBytes();
        }
        const qint64 atEnd = residentBytes();
        QCOMPARE(scored, kRounds * int(paths.size()));
        QVERIFY(std::abs(checksum - firstRound) <= 1e-6 * std::abs(firstRound)); // same images, same scores
        const qint64 growth = atEnd - afterWarmUp;
        qInfo("scoring: resident %.1f MiB after %d images, %.1f MiB after %d (growth %+.2f MiB)",
              double(afterWarmUp) / kMiB, kWarmUp * int(paths.size()), double(atEnd) / kMiB, scored,
              double(growth) / kMiB);
        QVERIFY2(growth < kMiB, qPrintable(QStringLiteral("resident memory grew by %1 KiB over %2 images")
                                                   .arg(growth / 1024).arg(scored - kWarmUp * int(paths.size()))));
    }
};

QTEST_GUILESS_MAIN(TestLongRun)
#include "tst_longrun.moc"
