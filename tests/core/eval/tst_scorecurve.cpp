#include "core/eval/ScoreCurve.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using namespace faultline::core;

namespace {

using Labels = std::vector<GroundTruth>;
constexpr GroundTruth A = GroundTruth::Anomalous;
constexpr GroundTruth N = GroundTruth::Normal;
constexpr GroundTruth U = GroundTruth::Unknown;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Independent O(n^2) references written from the definitions, not from the curve code.
struct Reference {
    double auroc = kNaN;  // Mann-Whitney, ties count 1/2
    double ap = kNaN;     // (1/P) * sum over anomalous i of precision at threshold s_i
    double f1max = kNaN;
    double f1threshold = kNaN;
    double trapezoid = kNaN;
};

Confusion countAt(const std::vector<double>& s, const Labels& y, double t) {
    Confusion c;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (y[i] == U) continue;
        const bool flagged = s[i] >= t;
        if (y[i] == A) (flagged ? c.tp : c.fn)++;
        else (flagged ? c.fp : c.tn)++;
    }
    return c;
}

Reference reference(const std::vector<double>& s, const Labels& y) {
    Reference r;
    double pairs = 0, wins = 0;
    int P = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (y[i] != A) continue;
        ++P;
        for (std::size_t j = 0; j < s.size(); ++j) {
            if (y[j] != N) continue;
            pairs += 1;
            wins += s[i] > s[j] ? 1.0 : (s[i] == s[j] ? 0.5 : 0.0);
        }
    }
    if (pairs > 0) r.auroc = wins / pairs;
    if (P == 0) return r;
    double apSum = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (y[i] == A) apSum += countAt(s, y, s[i]).precision();
    r.ap = apSum / P;
    // Distinct labelled thresholds, descending.
    std::vector<double> levels;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (y[i] != U) levels.push_back(s[i]);
    std::sort(levels.begin(), levels.end(), std::greater<>());
    levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
    r.f1max = -1;
    double prevR = 0, prevP = 1;
    r.trapezoid = 0;
    for (double t : levels) {
        const Confusion c = countAt(s, y, t);
        if (c.f1() > r.f1max) {
            r.f1max = c.f1();
            r.f1threshold = t;
        }
        // auc(recall, precision) over every point; after full recall dR = 0 adds nothing.
        r.trapezoid += (c.recall() - prevR) * (c.precision() + prevP) / 2;
        prevR = c.recall();
        prevP = c.precision();
    }
    return r;
}

void compareOptional(const std::optional<double>& got, double expected, double tol, const char* what) {
    if (std::isnan(expected)) {
        QVERIFY2(!got.has_value(), what);
    } else {
        QVERIFY2(got.has_value(), what);
        QVERIFY2(std::abs(*got - expected) <= tol,
                 qPrintable(QStringLiteral("%1: got %2 expected %3").arg(QLatin1String(what)).arg(*got, 0, 'g', 17)
                                .arg(expected, 0, 'g', 17)));
    }
}

} // namespace

Q_DECLARE_METATYPE(std::vector<double>)
Q_DECLARE_METATYPE(Labels)

class TestScoreCurve : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Values worked out by hand (see docs/evaluation.md for the definitions).
    void handWorked_data() {
        QTest::addColumn<std::vector<double>>("scores");
        QTest::addColumn<Labels>("labels");
        QTest::addColumn<double>("auroc");
        QTest::addColumn<double>("ap");
        QTest::addColumn<double>("trapezoid");
        QTest::addColumn<double>("f1max");
        QTest::addColumn<double>("f1threshold");
        // scikit-learn's documentation example: roc_auc 0.75, average precision 0.8333.
        QTest::newRow("sklearn doc example")
            << std::vector<double>{0.1, 0.4, 0.35, 0.8} << Labels{N, N, A, A}
            << 0.75 << 5.0 / 6.0 << 0.5 + 0.5 * (0.5 + 2.0 / 3.0) / 2 << 0.8 << 0.35;
        // Ties across classes: levels 0.9 (1A 1N), 0.5 (1A 1N), 0.1 (1A).
        QTest::newRow("ties across classes")
            << std::vector<double>{0.9, 0.9, 0.5, 0.5, 0.1} << Labels{A, N, A, N, A}
            << 2.0 / 6.0 << 8.0 / 15.0 << 0.6 << 0.75 << 0.1;
        QTest::newRow("all scores equal")
            << std::vector<double>{0.5, 0.5, 0.5, 0.5} << Labels{N, A, N, A}
            << 0.5 << 0.5 << 0.75 << (2.0 / 3.0) << 0.5;
        QTest::newRow("perfect separation")
            << std::vector<double>{1, 2, 3, 4} << Labels{N, N, A, A} << 1.0 << 1.0 << 1.0 << 1.0 << 3.0;
        QTest::newRow("inverted")
            << std::vector<double>{1, 2, 3, 4} << Labels{A, A, N, N}
            // Top levels are normal: precision drops to 0 before the first anomalous level.
            << 0.0 << (0.5 * (1.0 / 3.0) + 0.5 * 0.5) << (0.5 * (0.0 + 1.0 / 3.0) / 2 + 0.5 * (1.0 / 3.0 + 0.5) / 2)
            << (2.0 / 3.0) << 1.0;
        QTest::newRow("only anomalous")
            << std::vector<double>{0.2, 0.7} << Labels{A, A} << kNaN << 1.0 << 1.0 << 1.0 << 0.2;
        QTest::newRow("only normal")
            << std::vector<double>{0.2, 0.7} << Labels{N, N} << kNaN << kNaN << kNaN << kNaN << kNaN;
        QTest::newRow("one anomalous sample")
            << std::vector<double>{3.0} << Labels{A} << kNaN << 1.0 << 1.0 << 1.0 << 3.0;
        QTest::newRow("unknown labels ignored")
            << std::vector<double>{0.1, 0.4, 0.35, 0.8, 0.9, 0.37} << Labels{N, N, A, A, U, U}
            << 0.75 << 5.0 / 6.0 << 0.5 + 0.5 * (0.5 + 2.0 / 3.0) / 2 << 0.8 << 0.35;
        QTest::newRow("empty") << std::vector<double>{} << Labels{} << kNaN << kNaN << kNaN << kNaN << kNaN;
    }
    void handWorked() {
        QFETCH(std::vector<double>, scores);
        QFETCH(Labels, labels);
        QFETCH(double, auroc);
        QFETCH(double, ap);
        QFETCH(double, trapezoid);
        QFETCH(double, f1max);
        QFETCH(double, f1threshold);
        const ScoreCurve curve(scores, labels);
        compareOptional(curve.auroc(), auroc, 1e-12, "auroc");
        compareOptional(curve.averagePrecision(), ap, 1e-12, "ap");
        compareOptional(curve.auprTrapezoid(), trapezoid, 1e-12, "trapezoid");
        const auto f1 = curve.f1Max();
        compareOptional(f1 ? std::optional<double>(f1->f1) : std::nullopt, f1max, 1e-12, "f1max");
        compareOptional(f1 ? std::optional<double>(f1->threshold) : std::nullopt, f1threshold, 0, "f1threshold");
        // The reference implementation agrees on the hand-worked rows too.
        const Reference r = reference(scores, labels);
        compareOptional(curve.auroc(), r.auroc, 1e-12, "ref auroc");
        compareOptional(curve.averagePrecision(), r.ap, 1e-12, "ref ap");
    }

    void confusionAtThreshold_data() {
        QTest::addColumn<double>("threshold");
        QTest::addColumn<qint64>("tp");
        QTest::addColumn<qint64>("fp");
        // scores 0.9(A) 0.9(N) 0.5(A) 0.5(N) 0.1(A)
        QTest::newRow("above all") << 1.0 << qint64(0) << qint64(0);
        QTest::newRow("at top tie") << 0.9 << qint64(1) << qint64(1);
        QTest::newRow("between") << 0.7 << qint64(1) << qint64(1);
        QTest::newRow("at middle") << 0.5 << qint64(2) << qint64(2);
        QTest::newRow("just above lowest") << std::nextafter(0.1, 1.0) << qint64(2) << qint64(2);
        QTest::newRow("at lowest") << 0.1 << qint64(3) << qint64(2);
        QTest::newRow("below all") << -5.0 << qint64(3) << qint64(2);
        QTest::newRow("-inf") << -std::numeric_limits<double>::infinity() << qint64(3) << qint64(2);
        QTest::newRow("nan flags nothing") << kNaN << qint64(0) << qint64(0);
    }
    void confusionAtThreshold() {
        QFETCH(double, threshold);
        QFETCH(qint64, tp);
        QFETCH(qint64, fp);
        const ScoreCurve curve({0.9, 0.9, 0.5, 0.5, 0.1, 0.95}, {A, N, A, N, A, U});
        const Confusion c = curve.confusionAt(threshold);
        QCOMPARE(c.tp, tp);
        QCOMPARE(c.fp, fp);
        QCOMPARE(c.fn, 3 - tp);
        QCOMPARE(c.tn, 2 - fp);
    }

    // Random inputs with heavy ties against the O(n^2) references: to 1e-9 as required.
    void randomAgainstReference() {
        std::mt19937_64 rng(7);
        for (int trial = 0; trial < 300; ++trial) {
            const int n = 1 + int(rng() % 120);
            const int distinct = 1 + int(rng() % 12);
            std::vector<double> s(static_cast<std::size_t>(n));
            Labels y(static_cast<std::size_t>(n));
            for (int i = 0; i < n; ++i) {
                s[std::size_t(i)] = trial % 2 ? double(rng() % std::uint64_t(distinct)) / distinct
                                              : std::uniform_real_distribution<double>(-3, 3)(rng);
                const auto r = rng() % 10;
                y[std::size_t(i)] = r < 3 ? A : (r < 9 ? N : U);
            }
            const ScoreCurve curve(s, y);
            const Reference ref = reference(s, y);
            compareOptional(curve.auroc(), ref.auroc, 1e-9, "auroc");
            compareOptional(curve.averagePrecision(), ref.ap, 1e-9, "ap");
            compareOptional(curve.auprTrapezoid(), ref.trapezoid, 1e-9, "trapezoid");
            const auto f1 = curve.f1Max();
            compareOptional(f1 ? std::optional<double>(f1->f1) : std::nullopt, ref.f1max, 1e-12, "f1");
            if (f1) QCOMPARE(f1->threshold, ref.f1threshold);
            for (int q = 0; q < 20; ++q) {
                const double t = q < 10 ? s[rng() % s.size()] : std::uniform_real_distribution<double>(-4, 4)(rng);
                const Confusion got = curve.confusionAt(t);
                const Confusion want = countAt(s, y, t);
                QCOMPARE(got.tp, want.tp);
                QCOMPARE(got.fp, want.fp);
                QCOMPARE(got.tn, want.tn);
                QCOMPARE(got.fn, want.fn);
            }
        }
    }

    void setLabelMatchesRebuild() {
        std::mt19937_64 rng(11);
        const int n = 400;
        std::vector<double> s(n);
        Labels y(n, U);
        for (int i = 0; i < n; ++i) s[std::size_t(i)] = double(rng() % 50);
        ScoreCurve curve(s, y);
        QVERIFY(!curve.auroc());
        for (int step = 0; step < 200; ++step) {
            const int i = int(rng() % n);
            const GroundTruth g = (rng() % 3 == 0) ? A : ((rng() % 4 == 0) ? U : N);
            QVERIFY(curve.setLabel(i, g));
            y[std::size_t(i)] = g;
            QCOMPARE(curve.label(i), g);
        }
        const ScoreCurve rebuilt(s, y);
        QCOMPARE(curve.positives(), rebuilt.positives());
        QCOMPARE(curve.negatives(), rebuilt.negatives());
        QCOMPARE(curve.levelCount(), rebuilt.levelCount());
        QCOMPARE(curve.auroc().value(), rebuilt.auroc().value());
        QCOMPARE(curve.averagePrecision().value(), rebuilt.averagePrecision().value());
        QCOMPARE(curve.f1Max()->threshold, rebuilt.f1Max()->threshold);
        QVERIFY(!curve.setLabel(-1, A));
        QVERIFY(!curve.setLabel(n, A));
    }

    void nonFiniteScoresAreCountedNotUsed() {
        const ScoreCurve curve({0.2, kNaN, 0.8, std::numeric_limits<double>::infinity()}, {N, A, A, A});
        QCOMPARE(curve.ignoredCount(), 2);
        QCOMPARE(curve.positives(), qint64(1));
        QCOMPARE(curve.auroc().value(), 1.0);
    }

    void curvesFollowScikitLearnShape() {
        const ScoreCurve curve({0.1, 0.4, 0.35, 0.8}, {N, N, A, A});
        const auto roc = curve.rocCurve();
        QCOMPARE(int(roc.size()), 5);
        QCOMPARE(roc.front().x, 0.0);
        QCOMPARE(roc.front().y, 0.0);
        QVERIFY(std::isinf(roc.front().threshold));
        QCOMPARE(roc.back().x, 1.0);
        QCOMPARE(roc.back().y, 1.0);
        QCOMPARE(roc[2].threshold, 0.4);
        QCOMPARE(roc[2].x, 0.5);
        QCOMPARE(roc[2].y, 0.5);
        // scikit-learn's documented example: precision [0.5, 0.667, 0.5, 1, 1], recall
        // [1, 1, 0.5, 0.5, 0] for thresholds [0.1, 0.35, 0.4, 0.8] (listed here highest first).
        const auto pr = curve.prCurve();
        QCOMPARE(int(pr.size()), 5);
        const double recall[] = {0.0, 0.5, 0.5, 1.0, 1.0};
        const double precision[] = {1.0, 1.0, 0.5, 2.0 / 3.0, 0.5};
        const double thresholds[] = {0.8, 0.4, 0.35, 0.1};
        QVERIFY(std::isinf(pr[0].threshold));
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(pr[std::size_t(i)].x, recall[i]);
            QCOMPARE(pr[std::size_t(i)].y, precision[i]);
            if (i > 0) QCOMPARE(pr[std::size_t(i)].threshold, thresholds[i - 1]);
        }
    }

    void downsampleKeepsEnds() {
        std::vector<double> s(10000);
        Labels y(10000);
        std::mt19937_64 rng(3);
        for (std::size_t i = 0; i < s.size(); ++i) {
            s[i] = std::uniform_real_distribution<double>(0, 1)(rng);
            y[i] = rng() % 5 == 0 ? A : N;
        }
        const ScoreCurve curve(s, y);
        const auto all = curve.rocCurve();
        QCOMPARE(int(all.size()), 10001);
        for (int maxPoints : {2, 3, 100, 500}) {
            const auto few = curve.rocCurve(maxPoints);
            QCOMPARE(int(few.size()), maxPoints);
            QCOMPARE(few.front().x, 0.0);
            QCOMPARE(few.back().x, 1.0);
            QCOMPARE(few.back().y, 1.0);
            for (std::size_t i = 1; i < few.size(); ++i) QVERIFY(few[i].threshold < few[i - 1].threshold);
        }
        QCOMPARE(int(curve.prCurve(64).size()), 64);
        QCOMPARE(int(curve.rocCurve(20000).size()), 10001);
    }
};

QTEST_GUILESS_MAIN(TestScoreCurve)
#include "tst_scorecurve.moc"
