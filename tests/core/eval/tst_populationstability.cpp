#include "core/eval/PopulationStability.h"

#include <QtTest>

#include <cmath>

using namespace faultline::core;

class TestPopulationStability : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixedSharesByHand() {
        // (0.5-0.25) ln(0.5/0.25) + 0 + (0.25-0.5) ln(0.25/0.5) = 0.5 ln 2 = 0.346574
        const double psi = populationStabilityIndex(std::vector<double>{0.25, 0.25, 0.5}, std::vector<double>{0.5, 0.25, 0.25});
        QVERIFY(std::abs(psi - 0.5 * std::log(2.0)) < 1e-12);
        QCOMPARE(populationStabilityIndex(std::vector<double>{0.3, 0.7}, std::vector<double>{0.3, 0.7}), 0.0);
    }

    void quartileBinsByHand() {
        // Reference 1..10, 4 bins: quartiles by linear interpolation at h = 9q:
        // 0.25 -> 3.25, 0.5 -> 5.5, 0.75 -> 7.75. Bins (-inf,3.25] (3.25,5.5] (5.5,7.75] (7.75,inf)
        // hold {1,2,3} {4,5} {6,7} {8,9,10}: shares .3 .2 .2 .3.
        const std::vector<double> reference{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        const std::vector<double> edges = psiBinEdges(reference, 4);
        QCOMPARE(edges, (std::vector<double>{3.25, 5.5, 7.75}));
        QCOMPARE(psiBinShares(reference, edges), (std::vector<double>{0.3, 0.2, 0.2, 0.3}));
        // Sample {1,1,2,2,4,6,9,9,9,9}: shares .4 .1 .1 .4.
        // PSI = 2 (.1 ln(.4/.3)) + 2 (-.1 ln(.1/.2)) = 0.0575364 + 0.1386294 = 0.1961659
        const std::vector<double> sample{1, 1, 2, 2, 4, 6, 9, 9, 9, 9};
        QVERIFY(std::abs(populationStabilityIndex(reference, sample, 4) - 0.1961659) < 1e-6);
        QCOMPARE(populationStabilityIndex(reference, reference, 4), 0.0);
    }

    void emptyBinsTakeTheStatedShare() {
        // Sample {1,2,9,10}: shares .5 0 0 .5; each empty bin counts as 1e-4:
        // 2 (.2 ln(.5/.3)) + 2 ((1e-4 - .2) ln(1e-4/.2)) = 0.2043302 + 3.0388407 = 3.2431709
        QCOMPARE(kPsiEmptyShare, 1e-4);
        const std::vector<double> reference{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        const double psi = populationStabilityIndex(reference, {1, 2, 9, 10}, 4);
        QVERIFY(std::abs(psi - 3.2431709) < 1e-6);
    }

    void tiedReferenceMergesBins() {
        // One value: every quantile is 5, so one edge and two bins, (-inf,5] and (5,inf).
        const std::vector<double> reference(8, 5.0);
        QCOMPARE(psiBinEdges(reference, 10), (std::vector<double>{5.0}));
        QCOMPARE(populationStabilityIndex(reference, {5, 5, 5}, 10), 0.0);
        // All of the sample above: (1-1e-4) ln(1/1e-4) + (1e-4-1) ln(1e-4/1) = 2 (1-1e-4) ln(1e4)
        QVERIFY(std::abs(populationStabilityIndex(reference, {6, 7}, 10) - 2 * (1 - 1e-4) * std::log(1e4)) < 1e-9);
    }
};

QTEST_GUILESS_MAIN(TestPopulationStability)
#include "tst_populationstability.moc"
