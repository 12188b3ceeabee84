#include "core/eval/KolmogorovSmirnov.h"

#include <QtTest>

#include <cmath>

using namespace faultline::core;

namespace {

// The alternating series written out, independent of the implementation's theta-function branch.
double tailSeries(double lambda) {
    double q = 0.0;
    for (int j = 1; j <= 5; ++j) q += (j % 2 ? 2.0 : -2.0) * std::exp(-2.0 * j * j * lambda * lambda);
    return q;
}

} // namespace

class TestKolmogorovSmirnov : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tiedSamplesByHand() {
        // a = {1,2,3,4}, b = {3,4,5,6,7}. F_a - F_b after each distinct value:
        // 1: 1/4 - 0 = .25; 2: 2/4 - 0 = .5; 3: 3/4 - 1/5 = .55; 4: 1 - 2/5 = .6; then F_a = 1 stays
        // and the gap only closes. D = 0.6.
        const KsResult r = ksTwoSample({4, 2, 3, 1}, {7, 3, 5, 4, 6});
        QCOMPARE(r.d, 0.6);
        // Ne = 4*5/9 = 2.2222; lambda = (sqrt(Ne) + 0.12 + 0.11/sqrt(Ne)) * D
        //    = (1.490712 + 0.12 + 0.073790) * 0.6 = 1.010701
        QVERIFY(std::abs(r.effectiveN - 20.0 / 9.0) < 1e-12);
        QVERIFY(std::abs(r.lambda - 1.010701) < 1e-6);
        // Q = 2 (e^{-2 l^2} - e^{-8 l^2} + e^{-18 l^2}) = 2 (0.1296348 - 0.0002824 + 0.00000001) = 0.258705
        QVERIFY(std::abs(r.pValue - 0.258705) < 1e-6);
        QVERIFY(std::abs(r.pValue - tailSeries(r.lambda)) < 1e-12);
    }

    void disjointSamplesByHand() {
        // Every value of a below every value of b: D = 1.
        const KsResult r = ksTwoSample({1, 2, 3}, {4, 5, 6, 7});
        QCOMPARE(r.d, 1.0);
        // Ne = 12/7 = 1.714286, sqrt = 1.309307; lambda = 1.309307 + 0.12 + 0.084014 = 1.513321
        // Q = 2 (e^{-2 l^2} - e^{-8 l^2}) = 2 (0.0102520 - 1.1e-8) = 0.020504
        QVERIFY(std::abs(r.lambda - 1.513321) < 1e-6);
        QVERIFY(std::abs(r.pValue - 0.020504) < 1e-6);
    }

    void identicalSamplesHaveNoGap() {
        const KsResult r = ksTwoSample({1, 2, 2, 3}, {3, 2, 1, 2});
        QCOMPARE(r.d, 0.0);
        QCOMPARE(r.pValue, 1.0);
        const KsResult empty = ksTwoSample({}, {1.0});
        QCOMPARE(empty.pValue, 1.0);
    }

    void tailMatchesTheTabulatedCriticalValues() {
        // Kolmogorov's distribution: P(K > 1.3581) = 0.05, P(K > 1.6276) = 0.01, P(K > 1) = 0.27000.
        QVERIFY(std::abs(kolmogorovTail(1.3581) - 0.05) < 1e-4);
        QVERIFY(std::abs(kolmogorovTail(1.6276) - 0.01) < 1e-4);
        QVERIFY(std::abs(kolmogorovTail(1.0) - 0.2699997) < 1e-6);
        // Both branches agree where they meet.
        QVERIFY(std::abs(kolmogorovTail(1.1799) - tailSeries(1.1799)) < 1e-9);
        QCOMPARE(kolmogorovTail(0.0), 1.0);
        QVERIFY(kolmogorovTail(0.2) > 0.999999);
        QVERIFY(kolmogorovTail(10.0) >= 0.0);
        QVERIFY(kolmogorovTail(10.0) < 1e-80);
    }
};

QTEST_GUILESS_MAIN(TestKolmogorovSmirnov)
#include "tst_kolmogorovsmirnov.moc"
