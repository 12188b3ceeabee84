#include "core/threshold/NormalThresholds.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace faultline::core;

Q_DECLARE_METATYPE(std::vector<double>)

class TestNormalThresholds : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handWorked_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<double>("argument");
        QTest::addColumn<std::vector<double>>("scores");
        QTest::addColumn<double>("expected");
        QTest::addColumn<QString>("explanationPart");
        const std::vector<double> four{4, 1, 3, 2};
        // mean 2.5, population sigma sqrt(5/4).
        QTest::newRow("mean+2sigma") << "mean-sigma" << 2.0 << four << 2.5 + 2.0 * std::sqrt(1.25)
                                     << "mean + 2 sigma of 4 normal validation scores (mean 2.5, sigma 1.11803";
        QTest::newRow("mean+0sigma") << "mean-sigma" << 0.0 << four << 2.5 << "mean + 0 sigma";
        // Type 7: h = 3 * p / 100.
        QTest::newRow("median") << "percentile" << 50.0 << four << 2.5 << "50th percentile of 4 normal";
        QTest::newRow("p90") << "percentile" << 90.0 << four << 3.7 << "90th percentile of 4 normal validation scores (linear interpolation between order statistics); with only 4 scores it lies between the two highest";
        QTest::newRow("p100") << "percentile" << 100.0 << four << 4.0 << "100th percentile";
        QTest::newRow("p0") << "percentile" << 0.0 << four << 1.0 << "0th percentile";
        QTest::newRow("p1") << "percentile" << 1.0 << four << 1.03 << "1st percentile";
        QTest::newRow("p22") << "percentile" << 22.0 << four << 1.66 << "22nd percentile";
        QTest::newRow("p33") << "percentile" << 33.0 << four << 1.99 << "33rd percentile";
        QTest::newRow("p12") << "percentile" << 12.0 << four << 1.36 << "12th percentile";
        // Q1 = 1.75, Q3 = 3.25, IQR 1.5.
        QTest::newRow("iqr 1.5") << "iqr" << 1.5 << four << 5.5 << "Q3 + 1.5 x IQR of 4 normal validation scores (Q1 1.75, Q3 3.25, IQR 1.5)";
        QTest::newRow("iqr 3") << "iqr" << 3.0 << four << 7.75 << "Q3 + 3 x IQR";
        QTest::newRow("iqr zero") << "iqr" << 1.5 << std::vector<double>{1, 1, 1, 1, 5} << 1.0 << "middle half of the scores are equal";
        std::vector<double> six(600);
        for (int i = 0; i < 600; ++i) six[std::size_t(i)] = 599 - i;
        QTest::newRow("600 scores p99") << "percentile" << 99.0 << six << 593.01 << "99th percentile of 600 normal validation scores (linear interpolation between order statistics)";
        QTest::newRow("600 scores p99.5") << "percentile" << 99.5 << six << 596.005 << "99.5th percentile of 600";
    }
    void handWorked() {
        QFETCH(QString, method);
        QFETCH(double, argument);
        QFETCH(std::vector<double>, scores);
        QFETCH(double, expected);
        QFETCH(QString, explanationPart);
        ThresholdResult r;
        if (method == QLatin1String("mean-sigma")) r = meanPlusKSigma(scores, argument);
        else if (method == QLatin1String("percentile")) r = percentileThreshold(scores, argument);
        else r = iqrFence(scores, argument);
        QVERIFY2(r.defined, qPrintable(r.explanation));
        QVERIFY2(std::abs(r.value - expected) < 1e-12, qPrintable(QString::number(r.value, 'g', 17)));
        QVERIFY2(r.explanation.contains(explanationPart), qPrintable(r.explanation));
        QVERIFY(r.method.startsWith(method));
        if (scores.size() == 600) QVERIFY(!r.explanation.contains(QStringLiteral("with only")));
    }

    void undefinedSaysWhy_data() {
        QTest::addColumn<std::vector<double>>("scores");
        QTest::addColumn<double>("percentile");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("empty") << std::vector<double>{} << 99.0 << "no normal validation scores";
        QTest::newRow("all equal") << std::vector<double>{0.3, 0.3, 0.3} << 99.0 << "all 3 normal validation scores equal 0.3";
        QTest::newRow("one sample") << std::vector<double>{5.0} << 99.0 << "all 1 normal validation scores equal 5";
        QTest::newRow("nan") << std::vector<double>{1.0, std::numeric_limits<double>::quiet_NaN()} << 99.0 << "not finite";
        QTest::newRow("bad percentile") << std::vector<double>{1.0, 2.0} << 101.0 << "between 0 and 100";
    }
    void undefinedSaysWhy() {
        QFETCH(std::vector<double>, scores);
        QFETCH(double, percentile);
        QFETCH(QString, reasonPart);
        const ThresholdResult p = percentileThreshold(scores, percentile);
        QVERIFY(!p.defined);
        QVERIFY(std::isnan(p.value));
        QVERIFY2(p.explanation.startsWith(QStringLiteral("undefined: ")), qPrintable(p.explanation));
        QVERIFY2(p.explanation.contains(reasonPart), qPrintable(p.explanation));
        if (percentile <= 100.0) {
            const ThresholdResult m = meanPlusKSigma(scores, 3.0);
            const ThresholdResult i = iqrFence(scores, 1.5);
            QVERIFY(!m.defined);
            QVERIFY(!i.defined);
            QVERIFY(m.explanation.contains(reasonPart));
            QVERIFY(i.explanation.contains(reasonPart));
        }
    }

    void ordinals() {
        QCOMPARE(ordinal(1), QStringLiteral("1st"));
        QCOMPARE(ordinal(2), QStringLiteral("2nd"));
        QCOMPARE(ordinal(3), QStringLiteral("3rd"));
        QCOMPARE(ordinal(11), QStringLiteral("11th"));
        QCOMPARE(ordinal(13), QStringLiteral("13th"));
        QCOMPARE(ordinal(21), QStringLiteral("21st"));
        QCOMPARE(ordinal(99), QStringLiteral("99th"));
        QCOMPARE(ordinal(99.5), QStringLiteral("99.5th"));
    }
};

QTEST_GUILESS_MAIN(TestNormalThresholds)
#include "tst_normalthresholds.moc"
