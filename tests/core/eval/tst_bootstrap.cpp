#include "core/eval/Bootstrap.h"
#include "core/threshold/NormalThresholds.h"

#include <QtTest>

#include <random>

using namespace faultline::core;

class TestBootstrap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void seededAndReproducible() {
        const Confusion c{30, 7, 63, 10};
        const BootstrapResult a = bootstrapRates(c, {500, 0.95, 9});
        const BootstrapResult b = bootstrapRates(c, {500, 0.95, 9});
        QCOMPARE(a.recall.low, b.recall.low);
        QCOMPARE(a.recall.high, b.recall.high);
        QCOMPARE(a.fpr.low, b.fpr.low);
        QCOMPARE(a.resamples, 500);
        QCOMPARE(a.recall.estimate, 0.75);
        QCOMPARE(a.fpr.estimate, 0.1);
        QVERIFY(a.recall.low <= 0.75 && 0.75 <= a.recall.high);
        QVERIFY(a.fpr.low <= 0.1 && 0.1 <= a.fpr.high);
    }

    // The binomial shortcut against a literal resample-with-replacement of index lists.
    void matchesLiteralResampling_data() {
        QTest::addColumn<qint64>("hits");
        QTest::addColumn<qint64>("size");
        QTest::newRow("few anomalies 3/8") << qint64(3) << qint64(8);
        QTest::newRow("half of 100") << qint64(50) << qint64(100);
        QTest::newRow("rare 4/400") << qint64(4) << qint64(400);
    }
    void matchesLiteralResampling() {
        QFETCH(qint64, hits);
        QFETCH(qint64, size);
        const int resamples = 20000;
        const BootstrapResult ours = bootstrapRates(Confusion{hits, 0, 1, size - hits}, {resamples, 0.9, 1});
        std::mt19937_64 rng(123);
        std::uniform_int_distribution<qint64> pick(0, size - 1);
        std::vector<double> rates;
        for (int r = 0; r < resamples; ++r) {
            qint64 flagged = 0;
            for (qint64 i = 0; i < size; ++i) flagged += pick(rng) < hits ? 1 : 0; // items 0..hits-1 are flagged
            rates.push_back(double(flagged) / double(size));
        }
        std::sort(rates.begin(), rates.end());
        const double step = 1.0 / double(size); // quantiles of a count move in steps of 1/size
        QVERIFY2(qAbs(ours.recall.low - quantileSorted(rates, 0.05)) <= step + 1e-12,
                 qPrintable(QStringLiteral("%1 vs %2").arg(ours.recall.low).arg(quantileSorted(rates, 0.05))));
        QVERIFY(qAbs(ours.recall.high - quantileSorted(rates, 0.95)) <= step + 1e-12);
    }

    void normalApproximationForLargeCounts() {
        // 500 of 1000: sd 0.0158; 95% interval about 0.469 .. 0.531.
        const BootstrapResult r = bootstrapRates(Confusion{500, 0, 1, 500}, {4000, 0.95, 3});
        QVERIFY2(qAbs(r.recall.low - 0.469) < 0.006, qPrintable(QString::number(r.recall.low)));
        QVERIFY2(qAbs(r.recall.high - 0.531) < 0.006, qPrintable(QString::number(r.recall.high)));
    }

    void widerAtHigherConfidence() {
        const Confusion c{12, 5, 45, 8};
        const BootstrapResult narrow = bootstrapRates(c, {2000, 0.8, 5});
        const BootstrapResult wide = bootstrapRates(c, {2000, 0.99, 5});
        QVERIFY(wide.recall.high - wide.recall.low > narrow.recall.high - narrow.recall.low);
        QVERIFY(wide.fpr.high - wide.fpr.low > narrow.fpr.high - narrow.fpr.low);
    }

    void collapseIsExplained() {
        // All 5 anomalies caught, no false alarm among 20 normals.
        const BootstrapResult r = bootstrapRates(Confusion{5, 0, 20, 0});
        QCOMPARE(r.recall.low, 1.0);
        QCOMPARE(r.recall.high, 1.0);
        QVERIFY2(r.recall.note.contains(QStringLiteral("as low as 0.4")), qPrintable(r.recall.note));
        QCOMPARE(r.fpr.high, 0.0);
        QVERIFY2(r.fpr.note.contains(QStringLiteral("up to 0.15")), qPrintable(r.fpr.note));
    }

    void missingClassIsUndefined() {
        const BootstrapResult r = bootstrapRates(Confusion{0, 3, 7, 0});
        QVERIFY(!r.recall.defined);
        QVERIFY(r.recall.note.contains(QStringLiteral("no anomalous labels")));
        QVERIFY(r.fpr.defined);
        QCOMPARE(r.fpr.estimate, 0.3);
    }
};

QTEST_GUILESS_MAIN(TestBootstrap)
#include "tst_bootstrap.moc"
