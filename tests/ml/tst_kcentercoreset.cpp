// Greedy k-centre coreset of the texture bank: the same seed picks the same rows, a larger
// coreset extends a smaller one, every row lies within the reported covering radius, the radius
// never grows as rows are added, and the coreset covers clustered data better than a random
// sample of the same size.
#include <torch/torch.h>
#include "core/ml/internal/KCenterCoreset.h"

#include <QtTest>

using namespace faultline::ml;

namespace {

// 40 tight clusters of different sizes in 32 dimensions (seeded): a random sample misses the small ones.
torch::Tensor clusteredRows(int64_t dims = 32) {
    auto gen = at::detail::createCPUGenerator(7);
    std::vector<torch::Tensor> parts;
    for (int64_t c = 0; c < 40; ++c) {
        auto centre = torch::randn({1, dims}, gen) * 10.0;
        const int64_t size = c < 4 ? 500 : 10;
        parts.push_back(centre + 0.1 * torch::randn({size, dims}, gen));
    }
    return torch::cat(parts);
}

// Largest distance of any row to its nearest row of `chosen`.
double coveringRadius(const torch::Tensor& rows, const torch::Tensor& chosen) {
    return torch::cdist(rows, rows.index_select(0, chosen)).amin(1).amax().item<double>();
}

} // namespace

class TestKCenterCoreset : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameRows();
    void coversEveryRow();
    void beatsARandomSample();
    void wideRowsAreProjected();
};

void TestKCenterCoreset::sameSeedSameRows() {
    const auto rows = clusteredRows();
    const KCenterResult a = kCenterGreedy(rows, 64, 11), b = kCenterGreedy(rows, 64, 11);
    QVERIFY(torch::equal(a.indices, b.indices));
    QCOMPARE(a.radii, b.radii);
    QCOMPARE(a.indices.size(0), int64_t(64));
    QCOMPARE(std::get<0>(torch::_unique(a.indices)).size(0), int64_t(64)); // no row twice
    // Greedy selection: the first 32 of a 64-row coreset are the 32-row coreset.
    QVERIFY(torch::equal(kCenterGreedy(rows, 32, 11).indices, a.indices.slice(0, 0, 32)));
    QVERIFY(!torch::equal(kCenterGreedy(rows, 64, 12).indices, a.indices));
    QCOMPARE(kCenterGreedy(rows, 100000, 11).indices.size(0), rows.size(0)); // clamped to the rows
}

void TestKCenterCoreset::coversEveryRow() {
    const auto rows = clusteredRows();
    const KCenterResult r = kCenterGreedy(rows, 64, 3);
    for (size_t i = 1; i < r.radii.size(); ++i) QVERIFY2(r.radii[i] <= r.radii[i - 1], qPrintable(QString::number(i)));
    // 32 columns: measured as they are, so the reported radius is the true one.
    for (int64_t k : {1, 8, 40, 64}) {
        const double radius = coveringRadius(rows, r.indices.slice(0, 0, k));
        QVERIFY2(std::abs(radius - r.radii[size_t(k - 1)]) <= 1e-3 * std::max(1.0, radius),
                 qPrintable(QStringLiteral("k %1: %2 vs %3").arg(k).arg(radius).arg(r.radii[size_t(k - 1)])));
    }
    // 40 clusters, 40 centres: one in every cluster, so the radius is a cluster's width, not
    // the distance between clusters.
    QVERIFY2(r.radii[39] < 3.0, qPrintable(QString::number(r.radii[39])));
}

void TestKCenterCoreset::beatsARandomSample() {
    const auto rows = clusteredRows();
    auto gen = at::detail::createCPUGenerator(5);
    const auto random = torch::randperm(rows.size(0), gen).slice(0, 0, 40);
    const double coreset = coveringRadius(rows, kCenterGreedy(rows, 40, 5).indices);
    QVERIFY2(coreset * 5.0 < coveringRadius(rows, random),
             qPrintable(QStringLiteral("%1 vs %2").arg(coreset).arg(coveringRadius(rows, random))));
}

void TestKCenterCoreset::wideRowsAreProjected() {
    // 256 columns (RGB texture windows): chosen on a 128-column projection, still deterministic
    // and still one centre per cluster.
    const auto rows = clusteredRows(256);
    const KCenterResult r = kCenterGreedy(rows, 40, 9);
    QVERIFY(torch::equal(r.indices, kCenterGreedy(rows, 40, 9).indices));
    QVERIFY(coveringRadius(rows, r.indices) < 6.0);
}

QTEST_GUILESS_MAIN(TestKCenterCoreset)
#include "tst_kcentercoreset.moc"
