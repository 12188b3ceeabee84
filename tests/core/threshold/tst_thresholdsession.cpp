// ThresholdSession: counts, rates, curves and verdict changes checked against values
// worked out by hand on six samples (ties at the threshold included).
#include "core/threshold/ThresholdSession.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace faultline::core;

namespace {
constexpr auto N = GroundTruth::Normal;
constexpr auto A = GroundTruth::Anomalous;
constexpr auto U = GroundTruth::Unknown;

ScoreSet sixSamples() {
    ScoreSet s;
    s.scores = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    s.truths = {N, N, A, N, A, A};
    s.names = {"a", "b", "c", "d", "e", "f"};
    s.defects = {"good", "good", "scratch", "good", "scratch", "hole"};
    return s;
}

const ThresholdSuggestion* find(const QVector<ThresholdSuggestion>& all, const QString& id) {
    for (const auto& s : all)
        if (s.id == id)
            return &s;
    return nullptr;
}
} // namespace

class TestThresholdSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void confusionAtThreshold_data() {
        QTest::addColumn<double>("threshold");
        QTest::addColumn<int>("tp");
        QTest::addColumn<int>("fp");
        QTest::addColumn<int>("tn");
        QTest::addColumn<int>("fn");
        QTest::newRow("between") << 0.35 << 2 << 1 << 2 << 1;
        QTest::newRow("tie counts as anomalous") << 0.4 << 2 << 1 << 2 << 1;
        QTest::newRow("at lowest anomaly") << 0.3 << 3 << 1 << 2 << 0;
        QTest::newRow("below all") << 0.0 << 3 << 3 << 0 << 0;
        QTest::newRow("above all") << 0.7 << 0 << 0 << 3 << 3;
    }
    void confusionAtThreshold() {
        QFETCH(double, threshold);
        ThresholdSession session;
        session.setScores(sixSamples());
        session.setThreshold(threshold);
        const Confusion c = session.metrics().counts;
        QFETCH(int, tp);
        QFETCH(int, fp);
        QFETCH(int, tn);
        QFETCH(int, fn);
        QCOMPARE(c.tp, qint64(tp));
        QCOMPARE(c.fp, qint64(fp));
        QCOMPARE(c.tn, qint64(tn));
        QCOMPARE(c.fn, qint64(fn));
    }

    void ratesAreExact() {
        ThresholdSession session;
        session.setScores(sixSamples());
        session.setThreshold(0.35);
        const ThresholdMetrics m = session.metrics();
        QCOMPARE(m.precision, 2.0 / 3.0);
        QCOMPARE(m.recall, 2.0 / 3.0);
        QCOMPARE(m.fpr, 1.0 / 3.0);
        QCOMPARE(m.f1, 2.0 / 3.0);
        QCOMPARE(m.accuracy, 4.0 / 6.0);
    }

    void undefinedRatesAreNaN() {
        ThresholdSession session;
        ScoreSet s;
        s.scores = {0.1, 0.2};
        s.truths = {N, N};
        session.setScores(s);
        session.setThreshold(0.15);
        QVERIFY(std::isnan(session.metrics().recall));
        const auto* f1 = find(session.suggestions(), QStringLiteral("max-f1"));
        QVERIFY(f1);
        QVERIFY(!f1->result.defined);
        QVERIFY(f1->result.explanation.contains(QStringLiteral("none of the 2 labelled scores is anomalous")));
        // The normal-calibrated methods still work without anomalies.
        QVERIFY(find(session.suggestions(), QStringLiteral("percentile:99"))->result.defined);
    }

    void thresholdSignalOnlyOnChange() {
        ThresholdSession session;
        session.setScores(sixSamples());
        QSignalSpy spy(&session, &ThresholdSession::thresholdChanged);
        session.setThreshold(0.42);
        session.setThreshold(0.42);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toDouble(), 0.42);
    }

    void newScoresOutsideRangeRecentreThreshold() {
        ThresholdSession session;
        session.setThreshold(5.0);
        session.setScores(sixSamples());
        QCOMPARE(session.threshold(), 0.35);
    }

    void curvesMatchHandValues() {
        ThresholdSession session;
        session.setScores(sixSamples());
        // 8 of 9 (anomalous, normal) pairs are ordered correctly.
        QVERIFY(qAbs(*session.curve().auroc() - 8.0 / 9.0) < 1e-12);
        // Step-wise AP: 1/3*1 + 1/3*1 + 1/3*3/4.
        QVERIFY(qAbs(*session.curve().averagePrecision() - 11.0 / 12.0) < 1e-12);
        // Labels change the curve at once.
        session.setTruth(3, A);
        QVERIFY(qAbs(*session.curve().auroc() - 1.0) < 1e-12);
    }

    void f1MaxSuggestion() {
        ThresholdSession session;
        session.setScores(sixSamples());
        const auto* f1 = find(session.suggestions(), QStringLiteral("max-f1"));
        QVERIFY(f1 && f1->result.defined);
        QCOMPARE(f1->result.value, 0.3);  // F1 = 6/7 there
        QVERIFY(f1->result.explanation.contains(QStringLiteral("0.857143")));
        QCOMPARE(f1->title, QStringLiteral("Best F1"));
    }

    void minCostFollowsCosts() {
        ThresholdSession session;
        session.setScores(sixSamples());
        CostModel costs;
        costs.falseReject = 1.0;
        costs.missedDefect = 100.0;
        session.setCosts(costs);
        QCOMPARE(find(session.suggestions(), QStringLiteral("min-cost"))->result.value, 0.3);
        costs.falseReject = 100.0;
        costs.missedDefect = 1.0;
        session.setCosts(costs);
        // A false reject costs more than all misses: flag the two top scores, both anomalous.
        QCOMPARE(find(session.suggestions(), QStringLiteral("min-cost"))->result.value, 0.5);
        ScoreSet topIsNormal = sixSamples();
        topIsNormal.truths = {N, N, A, N, A, N};
        session.setScores(topIsNormal);
        // Now every threshold that flags anything costs a false reject: passing all is
        // cheapest, and the method says so instead of returning an extreme value.
        const auto* cost = find(session.suggestions(), QStringLiteral("min-cost"));
        QVERIFY(!cost->result.defined);
        QVERIFY(cost->result.explanation.contains(QStringLiteral("passing every part")));
    }

    void labelsFeedMetricsAtOnce() {
        ThresholdSession session;
        session.setScores(sixSamples());
        session.setThreshold(0.35);
        QSignalSpy spy(&session, &ThresholdSession::labelsChanged);
        QSignalSpy suggestions(&session, &ThresholdSession::suggestionsChanged);
        session.setTruth(3, A);  // the 0.4 sample was a false positive
        QCOMPARE(spy.count(), 1);
        // Method suggestions follow once the burst of edits is over.
        QTRY_COMPARE(suggestions.count(), 1);
        QVERIFY(find(session.suggestions(), QStringLiteral("max-f1"))->result.explanation.contains(QStringLiteral("highest F1 (1:")));
        QCOMPARE(session.metrics().counts.tp, qint64(3));
        QCOMPARE(session.metrics().counts.fp, qint64(0));
        session.setTruths({0, 1}, U);
        QCOMPARE(session.metrics().counts.tn, qint64(0));
        QCOMPARE(session.metrics().unlabelledBelow, qint64(2));
        qint64 unlabelled = 0;
        for (qint64 v : session.histogram().unknown)
            unlabelled += v;
        QCOMPARE(unlabelled, qint64(2));
    }

    void perDefectRecall() {
        ThresholdSession session;
        session.setScores(sixSamples());
        session.setThreshold(0.35);
        const auto rows = session.defectRecall();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].defect, QStringLiteral("hole"));
        QCOMPARE(rows[0].detected, qint64(1));
        QCOMPARE(rows[1].defect, QStringLiteral("scratch"));
        QCOMPARE(rows[1].detected, qint64(1));
        QCOMPARE(rows[1].anomalous, qint64(2));
        QCOMPARE(rows[1].recall(), 0.5);
    }

    void changedVerdictsSinceCommit() {
        ThresholdSession session;
        session.setScores(sixSamples());
        QVERIFY(session.changedVerdicts(10).isEmpty());
        session.setThreshold(0.35);
        QSignalSpy committed(&session, &ThresholdSession::committed);
        session.commit(QStringLiteral("line 2 start"));
        QCOMPARE(committed.count(), 1);
        QCOMPARE(committed.at(0).at(1).toString(), QStringLiteral("line 2 start"));
        session.setThreshold(0.55);
        qint64 total = 0;
        const auto changes = session.changedVerdicts(10, &total);
        QCOMPARE(total, qint64(2));
        QCOMPARE(changes.size(), 2);
        QCOMPARE(changes[0].index, 3);
        QCOMPARE(changes[1].index, 4);
        QVERIFY(!changes[0].nowAnomalous);
        session.setThreshold(0.15);
        const auto down = session.changedVerdicts(1, &total);
        QCOMPARE(total, qint64(2));  // 0.2 and 0.3 now flagged
        QCOMPARE(down.size(), 1);    // limited
        QVERIFY(down[0].nowAnomalous);
    }

    void reviewBand() {
        ThresholdSession session;
        session.setScores(sixSamples());
        QSignalSpy spy(&session, &ThresholdSession::reviewBandChanged);
        session.setThreshold(0.35);
        QCOMPARE(session.decisionRule().verdict(0.3), Verdict::Pass);  // band off: the threshold decides
        session.setReviewBand(0.45, 0.25, true);  // swapped on purpose
        QCOMPARE(spy.count(), 1);
        QVERIFY(session.reviewBand().defined);
        QCOMPARE(session.reviewBand().low, 0.25);
        // Switched on, the band's upper edge is the threshold: what fails is what is flagged.
        QCOMPARE(session.threshold(), 0.45);
        QCOMPARE(session.reviewCount(), qint64(2));  // 0.3 and 0.4
        const DecisionRule rule = session.decisionRule();
        QCOMPARE(rule.verdict(0.2), Verdict::Pass);
        QCOMPARE(rule.verdict(0.3), Verdict::Review);
        QCOMPARE(rule.verdict(0.45), Verdict::Fail);
        QCOMPARE(session.metrics().counts.flagged(), qint64(2));  // 0.5 and 0.6: the two "fail"
        // Moving the threshold moves the fail edge; the review edge stays unless crossed.
        session.setThreshold(0.42);
        QCOMPARE(session.reviewBand().high, 0.42);
        QCOMPARE(session.reviewBand().low, 0.25);
        session.setThreshold(0.2);
        QCOMPARE(session.reviewBand().low, 0.2);
        QCOMPARE(session.reviewCount(), qint64(0));
        session.setReviewBand(0.25, 0.45, false);
        QVERIFY(!session.reviewBand().defined);
        QCOMPARE(session.reviewCount(), qint64(0));
        QCOMPARE(session.threshold(), 0.2);  // switching off leaves the threshold where it is
        // From targets: recall >= 1 needs low = 0.3; FPR <= 0 needs high = 0.5.
        const ReviewBand suggested = session.suggestReviewBand(1.0, 0.0);
        QVERIFY(suggested.defined);
        QVERIFY(session.reviewBandEnabled());
        QCOMPARE(session.reviewBand().low, 0.3);
        QCOMPARE(session.reviewBand().high, 0.5);
        QCOMPARE(session.threshold(), 0.5);  // the threshold line follows the fail edge
    }

    void bootstrapIntervalsArriveOffThread() {
        ThresholdSession session;
        session.setScores(sixSamples());
        QSignalSpy spy(&session, &ThresholdSession::intervalsChanged);
        session.setThreshold(0.05);  // every anomaly caught: recall interval is exactly [1, 1]
        QTRY_VERIFY(session.intervalsCurrent());
        QCOMPARE(session.intervals().recall.low, 1.0);
        QCOMPARE(session.intervals().recall.high, 1.0);
        session.setThreshold(0.35);
        QTRY_VERIFY(session.intervalsCurrent());
        const RateInterval r = session.intervals().recall;
        QVERIFY(r.low <= 2.0 / 3.0 && r.high >= 2.0 / 3.0);
        QVERIFY(r.low < r.high);
        QVERIFY(r.low >= 0.0 && r.high <= 1.0);
    }

    void largeSetStaysConsistent() {
        ScoreSet s;
        const int n = 100000;
        s.scores.resize(n);
        s.truths.resize(n);
        for (int i = 0; i < n; ++i) {
            s.scores[i] = double((i * 7919) % n) / n;
            s.truths[i] = (i % 10 == 0) ? A : N;
        }
        ThresholdSession session;
        session.setScores(std::move(s));
        session.setThreshold(0.5);
        const auto c = session.metrics().counts;
        QCOMPARE(c.tp + c.fp + c.tn + c.fn, qint64(n));
        qint64 total = 0;
        for (int b = 0; b < session.histogram().binCount(); ++b)
            total += session.histogram().normal[size_t(b)] + session.histogram().anomalous[size_t(b)];
        QCOMPARE(total, qint64(n));
    }
};

QTEST_GUILESS_MAIN(TestThresholdSession)
#include "tst_thresholdsession.moc"
