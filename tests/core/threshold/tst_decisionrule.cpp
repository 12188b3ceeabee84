// The verdict rule every view and the CLI share: fail at or above the threshold, review from
// the band's lower edge, unscored for NaN.
#include "core/threshold/DecisionRule.h"

#include <QtTest>

#include <limits>

using namespace faultline::core;

class TestDecisionRule : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void thresholdAlone() {
        const DecisionRule rule(0.5);
        QVERIFY(!rule.hasReviewBand());
        QCOMPARE(rule.verdict(0.4999), Verdict::Pass);
        QCOMPARE(rule.verdict(0.5), Verdict::Fail);  // at the threshold fails
        QCOMPARE(rule.verdict(-1e300), Verdict::Pass);
        QCOMPARE(rule.verdict(std::numeric_limits<double>::infinity()), Verdict::Fail);
        QCOMPARE(rule.verdict(std::numeric_limits<double>::quiet_NaN()), Verdict::Unscored);
        QCOMPARE(rule.reviewFrom(), 0.5);
    }

    void reviewBandEndsAtTheThreshold() {
        const DecisionRule rule = DecisionRule::withReviewBand(0.3, 0.9);
        QVERIFY(rule.hasReviewBand());
        QCOMPARE(rule.threshold(), 0.9);
        QCOMPARE(rule.verdict(0.29), Verdict::Pass);
        QCOMPARE(rule.verdict(0.3), Verdict::Review);
        QCOMPARE(rule.verdict(0.89), Verdict::Review);
        QCOMPARE(rule.verdict(0.9), Verdict::Fail);
        QVERIFY(rule.fails(0.9));
        QVERIFY(!rule.fails(0.89));
        QVERIFY(!rule.fails(std::numeric_limits<double>::quiet_NaN()));
    }

    void emptyAndReversedBands() {
        const DecisionRule empty = DecisionRule::withReviewBand(0.6, 0.6);
        QCOMPARE(empty.verdict(0.59), Verdict::Pass);
        QCOMPARE(empty.verdict(0.6), Verdict::Fail);
        const DecisionRule reversed = DecisionRule::withReviewBand(2.0, 1.0);
        QCOMPARE(reversed.reviewFrom(), 1.0);
        QCOMPARE(reversed.verdict(1.5), Verdict::Fail);
        QCOMPARE(reversed.verdict(0.99), Verdict::Pass);
    }

    void equality() {
        QVERIFY(DecisionRule(0.5) == DecisionRule());
        QVERIFY(DecisionRule(0.5) != DecisionRule::withReviewBand(0.5, 0.5));
        QVERIFY(DecisionRule::withReviewBand(0.1, 0.5) != DecisionRule::withReviewBand(0.2, 0.5));
    }

    void names() {
        QCOMPARE(verdictName(Verdict::Pass), QStringLiteral("pass"));
        QCOMPARE(verdictName(Verdict::Review), QStringLiteral("review"));
        QCOMPARE(verdictName(Verdict::Fail), QStringLiteral("fail"));
        QVERIFY(verdictName(Verdict::Unscored).isEmpty());
        QCOMPARE(int(Verdict::Unscored), 0);  // VerdictRole values
        QCOMPARE(int(Verdict::Fail), 3);
    }
};

QTEST_GUILESS_MAIN(TestDecisionRule)
#include "tst_decisionrule.moc"
