// Isolation Forest against the paper's properties and against scikit-learn's IsolationForest.
#include "core/oneclass/IsolationForest.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

using namespace faultline::core;

namespace {

// 200 points of a sunflower disc of radius 0.5 (dense, evenly spread) and four far outliers.
std::vector<float> referenceData() {
    std::vector<float> rows;
    for (int i = 0; i < 200; ++i) {
        const double r = 0.5 * std::sqrt((i + 0.5) / 200.0), a = i * 2.399963229728653;
        rows.push_back(float(r * std::cos(a)));
        rows.push_back(float(r * std::sin(a)));
    }
    for (float v : {3.f, 3.f, -3.f, 2.5f, 2.5f, -3.f, 0.f, 4.f}) rows.push_back(v);
    return rows;
}

const std::vector<float> kQueries{0, 0, 0.2f, -0.1f, 0.45f, 0, 0.8f, 0.8f, 1.5f, 0, 3, 3, 5, 5, -4, 0, 0, -2};
// -IsolationForest(n_estimators=100, max_samples=256, random_state=s).fit(X).score_samples(Q),
// averaged over s = 0..49, scikit-learn 1.2.1 (Debian python3-sklearn), X = referenceData(),
// Q = kQueries (the script: float32 arrays built with the same formulas as above). The mean over
// 50 forests is the expected score; one forest of 100 trees lies within about 0.01 of it.
const double kSklearn[] = {0.3834, 0.3943, 0.4505, 0.6153, 0.5763, 0.8147, 0.8356, 0.6764, 0.5670};
constexpr double kScoreTolerance = 0.03; // different random draws: one forest against the mean of 50

std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<int> order(v.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return v[size_t(a)] < v[size_t(b)]; });
    std::vector<double> r(v.size());
    for (size_t i = 0; i < order.size(); ++i) r[size_t(order[i])] = double(i);
    return r;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
    const auto ra = ranks(a), rb = ranks(b);
    double d2 = 0;
    for (size_t i = 0; i < ra.size(); ++i) d2 += (ra[i] - rb[i]) * (ra[i] - rb[i]);
    const double n = double(ra.size());
    return 1.0 - 6.0 * d2 / (n * (n * n - 1.0));
}

} // namespace

class TestIsolationForest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void averagePathLength();
    void isolatedPointScoresNearOne();
    void seededAndRepeatable();
    void matchesScikitLearn();
    void flatRoundTrip();
    void badFlatRefused();
    void constantDataGivesLeaves();
};

void TestIsolationForest::averagePathLength() {
    QCOMPARE(IsolationForest::averagePathLength(1), 0.0);
    QCOMPARE(IsolationForest::averagePathLength(2), 1.0);
    // c(256) = 2 (ln 255 + 0.5772156649) - 2 * 255 / 256, by hand: 10.2448
    QVERIFY(std::abs(IsolationForest::averagePathLength(256) - 10.2448) < 1e-3);
}

void TestIsolationForest::isolatedPointScoresNearOne() {
    std::mt19937 rng(3);
    std::normal_distribution<float> g(0.f, 1.f);
    std::vector<float> rows;
    for (int i = 0; i < 1000; ++i) rows.insert(rows.end(), {g(rng), g(rng), g(rng)});
    rows.insert(rows.end(), {12.f, -12.f, 12.f});
    const IsolationForest f = IsolationForest::fit(rows, 3, {});
    QCOMPARE(f.treeCount(), 100);
    QCOMPARE(f.subsampleSize(), 256);
    const std::vector<double> s = f.scores(rows);
    QCOMPARE(int(s.size()), 1001);
    QVERIFY2(s.back() > 0.75, qPrintable(QString::number(s.back())));
    const float centre[] = {0.f, 0.f, 0.f};
    QVERIFY(f.score(centre) < 0.5);
    double mean = 0;
    for (int i = 0; i < 1000; ++i) mean += s[size_t(i)] / 1000.0;
    QVERIFY2(mean < 0.5, qPrintable(QString::number(mean)));
    QCOMPARE(int(std::max_element(s.begin(), s.end()) - s.begin()), 1000);
}

void TestIsolationForest::seededAndRepeatable() {
    const auto rows = referenceData();
    const auto a = IsolationForest::fit(rows, 2, {100, 256, 7}).scores(kQueries);
    const auto b = IsolationForest::fit(rows, 2, {100, 256, 7}).scores(kQueries);
    const auto c = IsolationForest::fit(rows, 2, {100, 256, 8}).scores(kQueries);
    QCOMPARE(a, b);
    QVERIFY(a != c);
}

void TestIsolationForest::matchesScikitLearn() {
    const IsolationForest f = IsolationForest::fit(referenceData(), 2, {100, 256, 42});
    QCOMPARE(f.subsampleSize(), 204); // fewer rows than 256: every row, as scikit-learn
    const std::vector<double> ours = f.scores(kQueries);
    const std::vector<double> ref(std::begin(kSklearn), std::end(kSklearn));
    for (size_t i = 0; i < ref.size(); ++i)
        QVERIFY2(std::abs(ours[i] - ref[i]) <= kScoreTolerance,
                 qPrintable(QStringLiteral("query %1: %2 vs scikit-learn %3").arg(i).arg(ours[i]).arg(ref[i])));
    QVERIFY(spearman(ours, ref) > 0.95);
}

void TestIsolationForest::flatRoundTrip() {
    const IsolationForest f = IsolationForest::fit(referenceData(), 2, {20, 64, 1});
    IsolationForest back;
    QString error;
    QVERIFY2(IsolationForest::fromFlat(f.toFlat(), &back, &error), qPrintable(error));
    QCOMPARE(back.scores(kQueries), f.scores(kQueries));
    QCOMPARE(back.treeCount(), 20);
    QCOMPARE(back.dims(), 2);
}

void TestIsolationForest::badFlatRefused() {
    std::vector<double> flat = IsolationForest::fit(referenceData(), 2, {3, 32, 1}).toFlat();
    IsolationForest out;
    QString error;
    QVERIFY(!IsolationForest::fromFlat({}, &out, &error));
    QVERIFY(!error.isEmpty());
    auto truncated = flat;
    truncated.resize(flat.size() - 3);
    QVERIFY(!IsolationForest::fromFlat(truncated, &out, &error));
    auto badChild = flat;
    badChild[5] = 1;     // the root's feature stays, its left child index...
    badChild[7] = 0.0;   // ... points back at the root: a walk would never end
    QVERIFY(!IsolationForest::fromFlat(badChild, &out, &error));
    QVERIFY2(error.contains(QLatin1String("isolation forest")), qPrintable(error));
}

void TestIsolationForest::constantDataGivesLeaves() {
    const std::vector<float> rows(50 * 4, 1.f);
    const IsolationForest f = IsolationForest::fit(rows, 4, {});
    const float other[] = {9.f, 9.f, 9.f, 9.f};
    // Nothing can be split: every point has the same path length c(50), score 0.5.
    QVERIFY(std::abs(f.score(other) - 0.5) < 1e-12);
    QVERIFY(IsolationForest::fit({}, 4, {}).empty());
}

QTEST_GUILESS_MAIN(TestIsolationForest)
#include "tst_isolationforest.moc"
