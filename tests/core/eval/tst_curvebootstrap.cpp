// Bootstrap intervals of the ranking metrics: estimates are ScoreCurve's own numbers, intervals
// hold them, are seeded, collapse on a perfect ranking, and recall at an FPR limit is counted
// by hand.
#include "core/eval/CurveBootstrap.h"

#include <QtTest>

#include <random>

using namespace faultline::core;

class TestCurveBootstrap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recallAtFprByHand();
    void intervalsHoldTheEstimate();
    void perfectRankingCollapses();
    void missingClassIsUndefined();
};

void TestCurveBootstrap::recallAtFprByHand() {
    // Normals 0.1..1.0 (10), anomalies 0.95, 0.85, 0.5. The highest normal, 1.0, is FPR 10% already:
    // below that limit nothing may be flagged (recall 0). At 10% the threshold 0.95 flags the
    // normal 1.0 and the anomaly 0.95 (recall 1/3); at 20% and 30% the threshold 0.85 (normals
    // 1.0, 0.9; anomalies 0.95, 0.85: recall 2/3) is the best, since 0.5 ties a normal at FPR 60%.
    std::vector<double> s{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.95, 0.85, 0.5};
    std::vector<GroundTruth> l(10, GroundTruth::Normal);
    l.insert(l.end(), 3, GroundTruth::Anomalous);
    const ScoreCurve curve(s, l);
    QCOMPARE(*curveMetrics(curve, 0.05).recallAtFpr, 0.0);
    QCOMPARE(*curveMetrics(curve, 0.1).recallAtFpr, 1.0 / 3.0);
    QCOMPARE(*curveMetrics(curve, 0.2).recallAtFpr, 2.0 / 3.0);
    QCOMPARE(*curveMetrics(curve, 0.3).recallAtFpr, 2.0 / 3.0);
    QCOMPARE(*curveMetrics(curve, 1.0).recallAtFpr, 1.0);
    QCOMPARE(*curveMetrics(curve, 0.1).auroc, *curve.auroc());
}

void TestCurveBootstrap::intervalsHoldTheEstimate() {
    std::mt19937 rng(2);
    std::normal_distribution<double> g(0.0, 1.0);
    std::vector<double> s;
    std::vector<GroundTruth> l;
    for (int i = 0; i < 80; ++i) s.push_back(g(rng)), l.push_back(GroundTruth::Normal);
    for (int i = 0; i < 40; ++i) s.push_back(g(rng) + 1.5), l.push_back(GroundTruth::Anomalous);
    s.push_back(0.0), l.push_back(GroundTruth::Unknown); // counts nowhere
    const CurveIntervals a = bootstrapCurveMetrics(s, l, 0.01, {500, 0.95, 7});
    const CurveIntervals b = bootstrapCurveMetrics(s, l, 0.01, {500, 0.95, 7});
    const ScoreCurve curve(s, l);
    QCOMPARE(a.auroc.estimate, *curve.auroc());
    QCOMPARE(a.averagePrecision.estimate, *curve.averagePrecision());
    QCOMPARE(a.f1Max.estimate, curve.f1Max()->f1);
    for (const RateInterval* r : {&a.auroc, &a.averagePrecision, &a.f1Max, &a.recallAtFpr}) {
        QVERIFY(r->defined);
        QVERIFY(r->low <= r->estimate + 1e-12 && r->estimate <= r->high + 1e-12);
        QVERIFY(r->low >= 0.0 && r->high <= 1.0);
    }
    QVERIFY(a.auroc.high - a.auroc.low > 0.02); // 120 samples leave real uncertainty
    QCOMPARE(a.auroc.low, b.auroc.low);
    QCOMPARE(a.recallAtFpr.high, b.recallAtFpr.high);
    QCOMPARE(a.resamples, 500);
}

void TestCurveBootstrap::perfectRankingCollapses() {
    const std::vector<double> s{0.1, 0.2, 0.3, 0.8, 0.9};
    const std::vector<GroundTruth> l{GroundTruth::Normal, GroundTruth::Normal, GroundTruth::Normal,
                                     GroundTruth::Anomalous, GroundTruth::Anomalous};
    const CurveIntervals r = bootstrapCurveMetrics(s, l, 0.01);
    QCOMPARE(r.auroc.low, 1.0);
    QCOMPARE(r.auroc.high, 1.0);
    QCOMPARE(r.recallAtFpr.estimate, 1.0);
}

void TestCurveBootstrap::missingClassIsUndefined() {
    const CurveIntervals r = bootstrapCurveMetrics({0.1, 0.2}, {GroundTruth::Normal, GroundTruth::Normal}, 0.01);
    QVERIFY(!r.auroc.defined);
    QVERIFY(!r.averagePrecision.defined);
    QVERIFY(r.auroc.note.contains(QLatin1String("anomalous")));
}

QTEST_GUILESS_MAIN(TestCurveBootstrap)
#include "tst_curvebootstrap.moc"
