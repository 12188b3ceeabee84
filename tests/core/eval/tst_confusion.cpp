#include "core/eval/Confusion.h"

#include <QtTest>

using namespace faultline::core;

class TestConfusion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rates_data() {
        QTest::addColumn<qint64>("tp");
        QTest::addColumn<qint64>("fp");
        QTest::addColumn<qint64>("tn");
        QTest::addColumn<qint64>("fn");
        QTest::addColumn<double>("precision");
        QTest::addColumn<double>("recall");
        QTest::addColumn<double>("f1");
        QTest::addColumn<double>("fpr");
        QTest::addColumn<double>("accuracy");
        // 8 flagged of which 6 right; 10 anomalous; 90 normal.
        QTest::newRow("typical") << qint64(6) << qint64(2) << qint64(88) << qint64(4)
                                 << 0.75 << 0.6 << (12.0 / 18.0) << (2.0 / 90.0) << 0.94;
        QTest::newRow("nothing flagged") << qint64(0) << qint64(0) << qint64(5) << qint64(5)
                                         << 0.0 << 0.0 << 0.0 << 0.0 << 0.5;
        QTest::newRow("no anomalous") << qint64(0) << qint64(3) << qint64(7) << qint64(0)
                                      << 0.0 << 0.0 << 0.0 << 0.3 << 0.7;
        QTest::newRow("no normal") << qint64(4) << qint64(0) << qint64(0) << qint64(1)
                                   << 1.0 << 0.8 << (8.0 / 9.0) << 0.0 << 0.8;
        QTest::newRow("empty") << qint64(0) << qint64(0) << qint64(0) << qint64(0)
                               << 0.0 << 0.0 << 0.0 << 0.0 << 0.0;
        QTest::newRow("perfect") << qint64(3) << qint64(0) << qint64(2) << qint64(0)
                                 << 1.0 << 1.0 << 1.0 << 0.0 << 1.0;
    }
    void rates() {
        QFETCH(qint64, tp);
        QFETCH(qint64, fp);
        QFETCH(qint64, tn);
        QFETCH(qint64, fn);
        Confusion c{tp, fp, tn, fn};
        QFETCH(double, precision);
        QFETCH(double, recall);
        QFETCH(double, f1);
        QFETCH(double, fpr);
        QFETCH(double, accuracy);
        QCOMPARE(c.precision(), precision);
        QCOMPARE(c.recall(), recall);
        QVERIFY(qAbs(c.f1() - f1) < 1e-15);
        QCOMPARE(c.fpr(), fpr);
        QCOMPARE(c.accuracy(), accuracy);
        QCOMPARE(c.hasPositives(), tp + fn > 0);
        QCOMPARE(c.hasNegatives(), fp + tn > 0);
        QCOMPARE(c.hasFlagged(), tp + fp > 0);
        QCOMPARE(c.total(), tp + fp + tn + fn);
    }
};

QTEST_GUILESS_MAIN(TestConfusion)
#include "tst_confusion.moc"
