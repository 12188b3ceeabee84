// LiveScoreCurve after label edits equals a ScoreCurve rebuilt from scratch on the same
// labels: counts at every threshold, AUROC, AP, trapezoid AUPR, F1-max and the plotted ROC/PR
// points, exactly. Ties, unlabelled-only scores, non-finite scores and relabelling back and
// forth are all in the edits. Also the session: its histogram, unlabelled counts and per-defect
// recall after edits equal a session loaded with the edited labels.
#include "core/eval/LiveScoreCurve.h"
#include "core/eval/ScoreCurve.h"
#include "core/threshold/ThresholdSession.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using namespace faultline::core;

namespace {
struct Data {
    std::vector<double> scores;
    std::vector<GroundTruth> labels;
};

// Scores rounded to a coarse grid so many samples tie; a few non-finite.
Data makeData(int n, quint32 seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal(0.3, 0.1), anomalous(0.6, 0.15);
    std::uniform_int_distribution<int> kind(0, 9);
    Data d;
    for (int i = 0; i < n; ++i) {
        const int k = kind(rng);
        const double s = k < 2 ? anomalous(rng) : normal(rng);
        d.scores.push_back(i % 97 == 3 ? std::numeric_limits<double>::quiet_NaN() : std::round(s * 200.0) / 200.0);
        d.labels.push_back(k < 2 ? GroundTruth::Anomalous : k < 8 ? GroundTruth::Normal : GroundTruth::Unknown);
    }
    return d;
}

void samePoints(const std::vector<CurvePoint>& got, const std::vector<CurvePoint>& want) {
    QCOMPARE(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
        QCOMPARE(got[i].x, want[i].x);
        QCOMPARE(got[i].y, want[i].y);
        QCOMPARE(got[i].threshold, want[i].threshold);
    }
}

template <typename T> bool sameOptional(const std::optional<T>& a, const std::optional<T>& b) {
    return a.has_value() == b.has_value() && (!a || *a == *b);  // bit for bit, no tolerance
}

void sameAsRebuilt(const LiveScoreCurve& live, const Data& d) {
    const ScoreCurve full(d.scores, d.labels);
    QCOMPARE(live.positives(), full.positives());
    QCOMPARE(live.negatives(), full.negatives());
    QCOMPARE(live.levelCount(), full.levelCount());
    QVERIFY(sameOptional(live.auroc(), full.auroc()));
    QVERIFY(sameOptional(live.averagePrecision(), full.averagePrecision()));
    QVERIFY(sameOptional(live.auprTrapezoid(), full.auprTrapezoid()));
    QCOMPARE(live.f1Max().has_value(), full.f1Max().has_value());
    if (full.f1Max()) {
        QCOMPARE(live.f1Max()->f1, full.f1Max()->f1);
        QCOMPARE(live.f1Max()->threshold, full.f1Max()->threshold);
        QCOMPARE(live.f1Max()->confusion.tp, full.f1Max()->confusion.tp);
        QCOMPARE(live.f1Max()->confusion.fp, full.f1Max()->confusion.fp);
        QCOMPARE(live.f1Max()->confusion.tn, full.f1Max()->confusion.tn);
        QCOMPARE(live.f1Max()->confusion.fn, full.f1Max()->confusion.fn);
    }
    for (double t = -0.1; t <= 1.2; t += 0.0025) {  // on and between the tied scores
        const Confusion a = live.confusionAt(t), b = full.confusionAt(t);
        QCOMPARE(a.tp, b.tp);
        QCOMPARE(a.fp, b.fp);
        QCOMPARE(a.tn, b.tn);
        QCOMPARE(a.fn, b.fn);
    }
    for (int points : {0, 1, 2, 7, 400, 100000}) {
        samePoints(live.rocCurve(points), full.rocCurve(points));
        samePoints(live.prCurve(points), full.prCurve(points));
    }
}
} // namespace

class TestLiveScoreCurve : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void freshEqualsScoreCurve() {
        const Data d = makeData(3000, 1);
        sameAsRebuilt(LiveScoreCurve(d.scores, d.labels), d);
    }

    void editsEqualAFullRebuild() {
        Data d = makeData(3000, 2);
        LiveScoreCurve live(d.scores, d.labels);
        std::mt19937 rng(3);
        std::uniform_int_distribution<int> index(0, int(d.scores.size()) - 1), label(0, 2);
        for (int round = 0; round < 12; ++round) {
            for (int e = 0; e < 40; ++e) {
                const int i = index(rng);
                const auto to = GroundTruth(label(rng));
                const bool finite = std::isfinite(d.scores[size_t(i)]);
                QCOMPARE(live.setLabel(i, to), finite);
                d.labels[size_t(i)] = to;
            }
            sameAsRebuilt(live, d);
        }
    }

    // From no labels at all, through one class only, to both classes and back.
    void emptyAndOneClassStates() {
        Data d;
        d.scores = {0.1, 0.2, 0.2, 0.3, 0.9};
        d.labels.assign(5, GroundTruth::Unknown);
        LiveScoreCurve live(d.scores, d.labels);
        sameAsRebuilt(live, d);
        QVERIFY(!live.auroc());
        QVERIFY(!live.averagePrecision());
        const std::vector<std::pair<int, GroundTruth>> steps = {
            {4, GroundTruth::Anomalous}, {2, GroundTruth::Normal}, {1, GroundTruth::Anomalous},
            {0, GroundTruth::Normal},    {4, GroundTruth::Normal}, {2, GroundTruth::Unknown},
            {1, GroundTruth::Unknown},   {4, GroundTruth::Unknown}, {0, GroundTruth::Unknown}};
        for (const auto& [i, to] : steps) {
            QVERIFY(live.setLabel(i, to));
            d.labels[size_t(i)] = to;
            sameAsRebuilt(live, d);
        }
        QCOMPARE(live.levelCount(), 0);
        QCOMPARE(live.unlabelled(), qint64(5));
        QCOMPARE(live.unlabelledAtOrAbove(0.2), qint64(4));
        QVERIFY(!live.setLabel(5, GroundTruth::Normal));
        QVERIFY(!live.setLabel(-1, GroundTruth::Normal));
    }

    // The session's views after label edits: the same histogram, metrics, curves and
    // per-defect recall as a session loaded with those labels from the start.
    void sessionEditsEqualAReload() {
        const Data d = makeData(2000, 4);
        ScoreSet set;
        set.scores = d.scores;
        set.truths = d.labels;
        for (size_t i = 0; i < d.scores.size(); ++i)
            set.defects << (d.labels[i] == GroundTruth::Anomalous ? (i % 2 ? QStringLiteral("hole") : QStringLiteral("crack"))
                                                                 : QStringLiteral("good"));
        ThresholdSession edited;
        edited.setScores(set);
        edited.setThreshold(0.45);
        std::mt19937 rng(5);
        std::uniform_int_distribution<int> index(0, int(d.scores.size()) - 1), label(0, 2);
        for (int e = 0; e < 300; ++e) {
            const int i = index(rng);
            const auto to = GroundTruth(label(rng));
            edited.setTruth(i, to);
            set.truths[size_t(i)] = to;
        }
        edited.setTruths({1, 2, 3, 4}, GroundTruth::Anomalous);
        for (int i : {1, 2, 3, 4}) set.truths[size_t(i)] = GroundTruth::Anomalous;
        ThresholdSession reloaded;
        reloaded.setScores(set);
        reloaded.setThreshold(0.45);

        const ScoreHistogram& a = edited.histogram();
        const ScoreHistogram& b = reloaded.histogram();
        QCOMPARE(a.lo, b.lo);
        QCOMPARE(a.hi, b.hi);
        QCOMPARE(a.normal, b.normal);
        QCOMPARE(a.anomalous, b.anomalous);
        QCOMPARE(a.unknown, b.unknown);
        QCOMPARE(a.nonFinite, b.nonFinite);
        for (double t : {0.1, 0.3, 0.45, 0.6, 0.9}) {
            const ThresholdMetrics ma = edited.metricsAt(t), mb = reloaded.metricsAt(t);
            QCOMPARE(ma.counts.tp, mb.counts.tp);
            QCOMPARE(ma.counts.fp, mb.counts.fp);
            QCOMPARE(ma.counts.tn, mb.counts.tn);
            QCOMPARE(ma.counts.fn, mb.counts.fn);
            QCOMPARE(ma.unlabelledAbove, mb.unlabelledAbove);
            QCOMPARE(ma.unlabelledBelow, mb.unlabelledBelow);
        }
        QCOMPARE(edited.liveCurve().auroc(), reloaded.curve().auroc());
        QCOMPARE(edited.liveCurve().averagePrecision(), reloaded.curve().averagePrecision());
        // The full curve the methods read catches up with the edits when asked for.
        QCOMPARE(edited.curve().averagePrecision(), reloaded.curve().averagePrecision());
        QCOMPARE(edited.curve().levelCount(), reloaded.curve().levelCount());
        const auto ra = edited.defectRecall(), rb = reloaded.defectRecall();
        QCOMPARE(ra.size(), rb.size());
        for (int k = 0; k < ra.size(); ++k) {
            QCOMPARE(ra[k].defect, rb[k].defect);
            QCOMPARE(ra[k].anomalous, rb[k].anomalous);
            QCOMPARE(ra[k].detected, rb[k].detected);
        }
    }
};

QTEST_GUILESS_MAIN(TestLiveScoreCurve)
#include "tst_livescorecurve.moc"
