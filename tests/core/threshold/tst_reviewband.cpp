#include "core/threshold/ReviewBand.h"

#include <QtTest>

using namespace faultline::core;

namespace {
constexpr GroundTruth A = GroundTruth::Anomalous;
constexpr GroundTruth N = GroundTruth::Normal;
ScoreCurve tenSamples() {
    return ScoreCurve({0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0}, {N, N, A, N, N, A, A, N, A, A});
}
} // namespace

class TestReviewBand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fromTargets() {
        // Recall 100% needs 0.3; FPR 0% needs 0.9. 8 flagged at 0.3, 2 at 0.9: 6 reviewed.
        const ReviewBand band = ReviewBand::fromTargets(tenSamples(), 1.0, 0.0);
        QVERIFY2(band.defined, qPrintable(band.explanation));
        QCOMPARE(band.low, 0.3);
        QCOMPARE(band.high, 0.9);
        QVERIFY2(band.explanation.contains(QStringLiteral("review between: 6 of 10 labelled parts")), qPrintable(band.explanation));
        QCOMPARE(band.rule().verdict(0.25), Verdict::Pass);
        QCOMPARE(band.rule().verdict(0.3), Verdict::Review);
        QCOMPARE(band.rule().verdict(0.89), Verdict::Review);
        QCOMPARE(band.rule().verdict(0.9), Verdict::Fail);
        QCOMPARE(band.rule().verdict(5.0), Verdict::Fail);
    }

    void collapsesWhenOneThresholdMeetsBoth() {
        // Recall 40% holds up to 0.9, FPR 20% from 0.6 down: 0.6 meets both.
        const ReviewBand band = ReviewBand::fromTargets(tenSamples(), 0.4, 0.2);
        QVERIFY(band.defined);
        QCOMPARE(band.low, 0.6);
        QCOMPARE(band.high, 0.6);
        QVERIFY(band.explanation.startsWith(QStringLiteral("no review band needed")));
        QCOMPARE(band.rule().verdict(0.59), Verdict::Pass);
        QCOMPARE(band.rule().verdict(0.6), Verdict::Fail);
    }

    void undefinedWithoutAnomalies() {
        const ReviewBand band = ReviewBand::fromTargets(ScoreCurve({0.1, 0.2}, {N, N}), 0.9, 0.01);
        QVERIFY(!band.defined);
        QVERIFY2(band.explanation.contains(QStringLiteral("none of the 2 labelled scores is anomalous")), qPrintable(band.explanation));
    }

    void fromThresholds() {
        const ReviewBand ok = ReviewBand::fromThresholds(1.0, 2.0);
        QVERIFY(ok.defined);
        QCOMPARE(ok.rule().verdict(0.5), Verdict::Pass);
        QCOMPARE(ok.rule().verdict(1.5), Verdict::Review);
        QCOMPARE(ok.rule().verdict(2.0), Verdict::Fail);
        const ReviewBand reversed = ReviewBand::fromThresholds(2.0, 1.0);
        QVERIFY(!reversed.defined);
        QVERIFY(reversed.explanation.contains(QStringLiteral("above the upper")));
        QVERIFY(!ReviewBand::fromThresholds(qQNaN(), 1.0).defined);
        QCOMPARE(verdictName(Verdict::Review), QStringLiteral("review"));
    }
};

QTEST_GUILESS_MAIN(TestReviewBand)
#include "tst_reviewband.moc"
