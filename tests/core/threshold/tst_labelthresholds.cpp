#include "core/threshold/LabelThresholds.h"

#include <QtTest>

#include <cmath>

using namespace faultline::core;

namespace {
constexpr GroundTruth A = GroundTruth::Anomalous;
constexpr GroundTruth N = GroundTruth::Normal;

// Ten samples, levels (score: cumulative tp, fp) worked out by hand:
// 1.0:1,0 0.9:2,0 0.8:2,1 0.7:3,1 0.6:4,1 0.5:4,2 0.4:4,3 0.3:5,3 0.2:5,4 0.1:5,5
ScoreCurve tenSamples() {
    return ScoreCurve({0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0}, {N, N, A, N, N, A, A, N, A, A});
}
} // namespace

Q_DECLARE_METATYPE(std::vector<double>)
Q_DECLARE_METATYPE(std::vector<GroundTruth>)

class TestLabelThresholds : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void maxF1() {
        // F1 = 2tp / (tp + fp + 5); largest 8/10 at 0.6.
        const ThresholdResult r = maxF1Threshold(tenSamples());
        QVERIFY(r.defined);
        QCOMPARE(r.value, 0.6);
        QVERIFY2(r.explanation.contains(QStringLiteral("highest F1 (0.8: recall 80%, FPR 20%, precision 80%) on 10 labelled scores (5 anomalous, 5 normal)")),
                 qPrintable(r.explanation));
    }

    void fprTarget_data() {
        QTest::addColumn<double>("target");
        QTest::addColumn<double>("expected");
        QTest::newRow("0") << 0.0 << 0.9;
        QTest::newRow("0.2 exactly one fp") << 0.2 << 0.6;
        QTest::newRow("0.3") << 0.3 << 0.6;
        QTest::newRow("0.4") << 0.4 << 0.5;
        QTest::newRow("0.99") << 0.99 << 0.2;
    }
    void fprTarget() {
        QFETCH(double, target);
        QFETCH(double, expected);
        const ScoreCurve curve = tenSamples();
        const ThresholdResult r = fprTargetThreshold(curve, target);
        QVERIFY2(r.defined, qPrintable(r.explanation));
        QCOMPARE(r.value, expected);
        QVERIFY(curve.confusionAt(r.value).fpr() <= target + 1e-15);
        QVERIFY(r.explanation.startsWith(QStringLiteral("lowest threshold keeping the FPR at or under")));
    }

    void recallTarget_data() {
        QTest::addColumn<double>("target");
        QTest::addColumn<double>("expected");
        QTest::newRow("0.4") << 0.4 << 0.9;
        QTest::newRow("0.5 needs 3") << 0.5 << 0.7;
        QTest::newRow("0.8 exactly four") << 0.8 << 0.6;
        QTest::newRow("1.0") << 1.0 << 0.3;
    }
    void recallTarget() {
        QFETCH(double, target);
        QFETCH(double, expected);
        const ScoreCurve curve = tenSamples();
        const ThresholdResult r = recallTargetThreshold(curve, target);
        QVERIFY2(r.defined, qPrintable(r.explanation));
        QCOMPARE(r.value, expected);
        QVERIFY(curve.confusionAt(r.value).recall() >= target - 1e-15);
    }

    void minCost_data() {
        QTest::addColumn<double>("falseReject");
        QTest::addColumn<double>("missedDefect");
        QTest::addColumn<double>("prevalence"); // < 0: the labelled share
        QTest::addColumn<double>("expected");
        // Equal costs, prevalence 0.5: cost = (fp + 5 - tp) / 10, lowest 0.2 at 0.6.
        QTest::newRow("equal costs") << 1.0 << 1.0 << -1.0 << 0.6;
        // Missed defects 10x dearer: cost = fp/10 + (5 - tp), lowest 0.3 at 0.3.
        QTest::newRow("misses dear") << 1.0 << 10.0 << -1.0 << 0.3;
        // False rejects 10x dearer: cost = fp + (5 - tp)/10, lowest 0.3 at 0.9.
        QTest::newRow("rejects dear") << 10.0 << 1.0 << -1.0 << 0.9;
        // Rare defects: 0.99 fp/5 + 0.01 (5 - tp)/5, lowest at 0.9.
        QTest::newRow("rare defects") << 1.0 << 1.0 << 0.01 << 0.9;
    }
    void minCost() {
        QFETCH(double, falseReject);
        QFETCH(double, missedDefect);
        QFETCH(double, prevalence);
        QFETCH(double, expected);
        CostModel costs{falseReject, missedDefect, std::nullopt};
        if (prevalence >= 0) costs.prevalence = prevalence;
        const ThresholdResult r = minCostThreshold(tenSamples(), costs);
        QVERIFY2(r.defined, qPrintable(r.explanation));
        QCOMPARE(r.value, expected);
        QVERIFY(r.explanation.contains(QStringLiteral("lowest expected cost")));
    }

    void minCostPassEverything() {
        // Prevalence 1/3; costs 10:1. Passing all costs 1/3 per part, every threshold more.
        const ScoreCurve curve({0.9, 0.5, 0.1}, {N, A, N});
        const ThresholdResult r = minCostThreshold(curve, CostModel{10.0, 1.0, std::nullopt});
        QVERIFY(!r.defined);
        QVERIFY2(r.explanation.contains(QStringLiteral("passing every part (expected cost 0.333333 per part)")),
                 qPrintable(r.explanation));
    }

    void fprTargetUnreachable() {
        const ScoreCurve curve({0.9, 0.5, 0.1}, {N, A, N});
        const ThresholdResult r = fprTargetThreshold(curve, 0.0);
        QVERIFY(!r.defined);
        QVERIFY(r.explanation.contains(QStringLiteral("highest-scoring labelled sample (0.9) is already normal")));
    }

    // A validation set with no anomalies, all-equal scores, one sample, nothing at all.
    void undefinedCases_data() {
        QTest::addColumn<std::vector<double>>("scores");
        QTest::addColumn<std::vector<GroundTruth>>("labels");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("no anomalies") << std::vector<double>{0.1, 0.2, 0.3} << std::vector<GroundTruth>{N, N, N}
                                      << "none of the 3 labelled scores is anomalous";
        QTest::newRow("all equal") << std::vector<double>{0.4, 0.4, 0.4, 0.4} << std::vector<GroundTruth>{N, A, N, A}
                                   << "all 4 labelled scores equal 0.4";
        QTest::newRow("one sample") << std::vector<double>{0.7} << std::vector<GroundTruth>{A}
                                    << "only one labelled score (0.7)";
        QTest::newRow("empty") << std::vector<double>{} << std::vector<GroundTruth>{} << "no labelled scores";
    }
    void undefinedCases() {
        QFETCH(std::vector<double>, scores);
        QFETCH(std::vector<GroundTruth>, labels);
        QFETCH(QString, reasonPart);
        const ScoreCurve curve(scores, labels);
        for (const ThresholdResult& r : {maxF1Threshold(curve), recallTargetThreshold(curve, 0.9),
                                         minCostThreshold(curve, CostModel{})}) {
            QVERIFY2(!r.defined, qPrintable(r.method));
            QVERIFY(std::isnan(r.value));
            QVERIFY2(r.explanation.contains(reasonPart), qPrintable(r.explanation));
        }
    }

    void noNormalsMakesFprUndefined() {
        const ScoreCurve curve({0.1, 0.2}, {A, A});
        const ThresholdResult r = fprTargetThreshold(curve, 0.01);
        QVERIFY(!r.defined);
        QVERIFY(r.explanation.contains(QStringLiteral("none of the 2 labelled scores is normal")));
        QVERIFY(maxF1Threshold(curve).defined); // F1 needs anomalies only
    }

    void badTargets() {
        const ScoreCurve curve = tenSamples();
        QVERIFY(!fprTargetThreshold(curve, 1.0).defined);
        QVERIFY(!fprTargetThreshold(curve, -0.1).defined);
        QVERIFY(!recallTargetThreshold(curve, 0.0).defined);
        QVERIFY(!recallTargetThreshold(curve, 1.5).defined);
        QVERIFY(!minCostThreshold(curve, CostModel{-1.0, 1.0, std::nullopt}).defined);
        QVERIFY(!minCostThreshold(curve, CostModel{0.0, 0.0, std::nullopt}).defined);
        QVERIFY(!minCostThreshold(curve, CostModel{1.0, 1.0, 1.5}).defined);
    }
};

QTEST_GUILESS_MAIN(TestLabelThresholds)
#include "tst_labelthresholds.moc"
