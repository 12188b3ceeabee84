// ml::compareMethods, the work behind `faultline-cli compare`: the methods asked for, progress
// that reaches its total, cancel honoured at the next batch, and clear errors.
#include "TinyTrainConfig.h"
#include "../cli/StripesDataset.h"

#include "core/dataset/DatasetScanner.h"
#include "core/ml/MethodComparison.h"
#include "core/ml/Trainer.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace faultline;
using namespace faultline::ml;

class TestMethodComparison : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void chosenMethodsWithProgress();
    void cancelStopsAtTheNextBatch();
    void givenSamplesAreJudgedAsLabelled();
    void errorsNameTheCause();

private:
    ComparisonOptions options() const {
        ComparisonOptions o;
        o.bundles = {m_bundle};
        o.data = m_data;
        o.device = "cpu";
        o.threads = 2;
        o.batchSize = 4;
        o.bootstrap.resamples = 100;
        return o;
    }
    QTemporaryDir m_dir;
    QString m_data, m_bundle;
};

void TestMethodComparison::initTestCase() {
    m_data = m_dir.path() + "/set";
    testing::makeStripesDataset(m_data);
    const core::ScanResult scanned = core::scanDataset(m_data, {});
    QVERIFY(scanned.ok);
    TrainConfig c = testing::tinyTrainConfig(m_bundle = m_dir.path() + "/m.flmodel");
    c.epochs = 1;
    const TrainResult r = train(c, scanned.dataset, {});
    QVERIFY2(r.ok, qPrintable(r.error));
}

void TestMethodComparison::chosenMethodsWithProgress() {
    ComparisonOptions o = options();
    o.methods = {"iforest", "pixel-l2-nearest", "mse"};
    qint64 last = 0, total = 0;
    const ComparisonResult r = compareMethods(o, [&](qint64 done, qint64 all, const QString& label) {
        last = done;
        total = all;
        return !label.isEmpty();
    });
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.rows.size(), 3);
    QCOMPARE(total, qint64(3 * 12)); // 12 labelled test images, 3 methods
    QCOMPARE(last, total);
    QVERIFY(r.masks);
    QStringList methods;
    for (const ComparisonRow& row : r.rows) {
        methods << row.method;
        QCOMPARE(row.images, 12);
        QCOMPARE(row.anomalous, 6);
        QVERIFY(row.image.auroc.defined);
        QVERIFY(row.pixelAuroc.has_value());
        // The interval resamples images and holds the reported pixel AUROC.
        QVERIFY(row.pixelAurocInterval.defined);
        QCOMPARE(row.pixelAurocInterval.estimate, *row.pixelAuroc);
        QVERIFY2(row.pixelAurocInterval.low <= row.pixelAurocInterval.high && row.pixelAurocInterval.low >= 0.0 &&
                     row.pixelAurocInterval.high <= 1.0,
                 qPrintable(QStringLiteral("%1 [%2, %3]").arg(row.method).arg(row.pixelAurocInterval.low).arg(row.pixelAurocInterval.high)));
        QVERIFY(!row.isDefault); // knn is the default, not asked for
    }
    methods.sort();
    QCOMPARE(methods, (QStringList{"iforest", "mse", "pixel-l2-nearest"}));
}

void TestMethodComparison::cancelStopsAtTheNextBatch() {
    qint64 calls = 0, lastDone = 0;
    const ComparisonResult r = compareMethods(options(), [&](qint64 done, qint64, const QString&) {
        ++calls;
        lastDone = done;
        return false;
    });
    QVERIFY(r.cancelled);
    QVERIFY(!r.ok);
    QVERIFY(r.rows.isEmpty());
    QCOMPARE(calls, qint64(1));
    QCOMPARE(lastDone, qint64(4)); // one batch of 4 images
}

// The workbench judges the project's samples with the user's labels, not the folders' truth:
// relabelling every test anomaly as normal leaves nothing anomalous, and an unknown label is left out.
void TestMethodComparison::givenSamplesAreJudgedAsLabelled() {
    const core::ScanResult scanned = core::scanDataset(m_data, {});
    QVERIFY(scanned.ok);
    ComparisonOptions o = options();
    o.data.clear();
    o.methods = {"mse"};
    o.samples = scanned.dataset.samples;
    ComparisonResult r = compareMethods(o);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.rows.size(), 1);
    QCOMPARE(r.rows[0].images, 12);
    QCOMPARE(r.rows[0].anomalous, 6);
    int relabelled = 0;
    for (core::Sample& s : o.samples) {
        if (s.split != core::Split::Test || s.truth != core::GroundTruth::Anomalous) continue;
        s.truth = relabelled++ == 0 ? core::GroundTruth::Unknown : core::GroundTruth::Normal;
    }
    QCOMPARE(relabelled, 6);
    r = compareMethods(o);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.rows[0].images, 11);
    QCOMPARE(r.rows[0].anomalous, 0);
    QVERIFY(!r.rows[0].image.auroc.defined);
    for (core::Sample& s : o.samples) s.truth = core::GroundTruth::Unknown;
    r = compareMethods(o);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(QLatin1String("the project")), qPrintable(r.error));
}

void TestMethodComparison::errorsNameTheCause() {
    ComparisonOptions o = options();
    o.split = "train";
    QVERIFY(compareMethods(o).error.contains(QLatin1String("train")));
    o = options();
    o.bundles = {m_dir.path() + "/missing.flmodel"};
    QVERIFY(compareMethods(o).error.contains(QLatin1String("missing.flmodel")));
    o = options();
    o.data = m_dir.path() + "/empty";
    QDir().mkpath(o.data + "/train/good");
    const ComparisonResult r = compareMethods(o);
    QVERIFY(!r.ok);
    QVERIFY2(!r.error.isEmpty(), "an empty dataset is an error");
}

QTEST_GUILESS_MAIN(TestMethodComparison)
#include "tst_methodcomparison.moc"
