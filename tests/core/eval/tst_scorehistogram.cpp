#include "core/eval/ScoreHistogram.h"

#include <QtTest>

#include <limits>

using namespace faultline::core;

class TestScoreHistogram : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void binsByLabel() {
        // Range [0, 1] from the data, 4 bins of 0.25; 1.0 lands in the last bin.
        const ScoreHistogram h = buildScoreHistogram(
            {0.0, 0.1, 0.3, 0.5, 0.74, 0.75, 1.0, std::numeric_limits<double>::quiet_NaN()},
            {GroundTruth::Normal, GroundTruth::Normal, GroundTruth::Normal, GroundTruth::Anomalous, GroundTruth::Unknown,
             GroundTruth::Anomalous, GroundTruth::Anomalous, GroundTruth::Normal},
            4);
        QCOMPARE(h.lo, 0.0);
        QCOMPARE(h.hi, 1.0);
        QCOMPARE(h.binCount(), 4);
        QCOMPARE(h.normal, (std::vector<qint64>{2, 1, 0, 0}));
        QCOMPARE(h.anomalous, (std::vector<qint64>{0, 0, 1, 2}));
        QCOMPARE(h.unknown, (std::vector<qint64>{0, 0, 1, 0}));
        QCOMPARE(h.nonFinite, qint64(1));
        QCOMPARE(h.maxBinTotal(), qint64(2));
        QCOMPARE(h.binLow(2), 0.5);
        QCOMPARE(h.binCenter(0), 0.125);
    }

    void explicitRangeCountsOutsiders() {
        const ScoreHistogram h = buildScoreHistogram({-1.0, 0.5, 2.0, 3.0},
                                                     std::vector<GroundTruth>(4, GroundTruth::Normal), 2,
                                                     std::make_pair(0.0, 2.0));
        QCOMPARE(h.below, qint64(1));
        QCOMPARE(h.above, qint64(1));
        QCOMPARE(h.normal, (std::vector<qint64>{1, 1}));
    }

    void allEqualScoresGetAWindow() {
        const ScoreHistogram h = buildScoreHistogram({2.0, 2.0}, {GroundTruth::Normal, GroundTruth::Anomalous}, 10);
        QCOMPARE(h.lo, 1.5);
        QCOMPARE(h.hi, 2.5);
        QCOMPARE(h.normal[5] + h.anomalous[5], qint64(2));
    }

    void emptyInput() {
        const ScoreHistogram h = buildScoreHistogram({}, {}, 0);
        QCOMPARE(h.binCount(), 1);
        QCOMPARE(h.maxBinTotal(), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestScoreHistogram)
#include "tst_scorehistogram.moc"
