// The FAISS texture searches against the exact LibTorch one on fixed texture windows: flat finds
// the same distances, ivf and hnsw find the true nearest row for at least 95% of the queries and
// distances within a percent on average; indexes built twice answer the same.
#include <torch/torch.h>
#include "core/ml/internal/FeatureBank.h"
#include "core/ml/internal/NeighbourFeatures.h"
#include "core/ml/internal/NeighbourIndex.h"

#include <QtTest>

using namespace faultline::ml;

namespace {

// Texture windows [rows, 128] of seeded noisy stripe images (random phase, frequency and angle):
// the descriptors texture-knn searches, from images like those of a woven texture.
torch::Tensor stripeWindows(int64_t images, uint64_t seed) {
    auto gen = at::detail::createCPUGenerator(seed);
    const int64_t side = 64;
    auto coords = torch::arange(side, torch::kFloat32);
    auto yy = coords.view({side, 1}).expand({side, side}), xx = coords.view({1, side}).expand({side, side});
    std::vector<torch::Tensor> batch;
    for (int64_t i = 0; i < images; ++i) {
        auto p = torch::rand({4}, gen);
        const double angle = p[0].item<double>() * 3.14, freq = 0.3 + 0.5 * p[1].item<double>(), phase = 6.28 * p[2].item<double>();
        auto img = 0.5 + (0.2 + 0.2 * p[3].item<double>()) * torch::sin(freq * (std::cos(angle) * xx + std::sin(angle) * yy) + phase);
        // Noise on the scale of the pattern: no window has a near copy in the bank, so the
        // approximate searches must really find the nearest of many similar rows.
        batch.push_back((img + 0.15 * torch::randn({side, side}, gen)).unsqueeze(0));
    }
    auto x = torch::stack(batch); // [N,1,64,64]
    auto d = textureDescriptors(x);
    return d.permute({0, 2, 3, 1}).reshape({-1, d.size(1)}).contiguous();
}

struct Agreement {
    double recall = 0, meanRelativeError = 0, maxRelativeError = 0;
};

Agreement compare(const torch::Tensor& queries, const torch::Tensor& bank, const NeighbourIndex& approx) {
    auto exactRows = torch::cdist(queries, bank).argmin(1);
    auto exact = (bank.index_select(0, exactRows) - queries).pow(2).sum(1).sqrt();
    auto found = approx.nearestDistance(queries);
    auto rel = (found - exact) / exact.clamp_min(1e-6);
    Agreement a;
    a.recall = approx.nearestRows(queries).eq(exactRows).to(torch::kFloat64).mean().item<double>();
    a.meanRelativeError = rel.mean().item<double>();
    a.maxRelativeError = rel.max().item<double>();
    return a;
}

} // namespace

class TestNeighbourIndex : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void flatEqualsMatrixProducts();
    void approximateAgreesWithExact_data();
    void approximateAgreesWithExact();
    void rebuiltIndexAnswersTheSame();
    void textureMapUsesTheIndex();
    void exactAndEmptyAreRefused();

private:
    torch::Tensor m_bank, m_queries;
};

void TestNeighbourIndex::initTestCase() {
    at::set_num_threads(2);
    m_bank = stripeWindows(40, 1);   // 40 x 225 = 9000 rows
    m_queries = stripeWindows(8, 2); // 1800 windows of other images
    QCOMPARE(m_bank.size(1), int64_t(128));
}

void TestNeighbourIndex::flatEqualsMatrixProducts() {
    QString error;
    auto flat = NeighbourIndex::build(m_bank, KnnIndex::Flat, &error);
    QVERIFY2(flat, qPrintable(error));
    QCOMPARE(flat->kind(), KnnIndex::Flat);
    auto viaFaiss = flat->nearestDistance(m_queries);
    auto viaTorch = knnDistance(m_queries, m_bank, /*k=*/1);
    QVERIFY2(torch::allclose(viaFaiss, viaTorch, /*rtol=*/1e-5, /*atol=*/1e-5),
             qPrintable(QString::number((viaFaiss - viaTorch).abs().max().item<double>())));
}

void TestNeighbourIndex::approximateAgreesWithExact_data() {
    QTest::addColumn<int>("kind");
    QTest::newRow("ivf") << int(KnnIndex::Ivf);
    QTest::newRow("hnsw") << int(KnnIndex::Hnsw);
}

void TestNeighbourIndex::approximateAgreesWithExact() {
    QFETCH(int, kind);
    QString error;
    auto index = NeighbourIndex::build(m_bank, KnnIndex(kind), &error);
    QVERIFY2(index, qPrintable(error));
    const Agreement a = compare(m_queries, m_bank, *index);
    const QString text = QStringLiteral("recall@1 %1, mean relative error %2, max %3")
                             .arg(a.recall)
                             .arg(a.meanRelativeError)
                             .arg(a.maxRelativeError);
    qInfo("%s", qPrintable(text));
    QVERIFY2(a.recall >= 0.95, qPrintable(text));
    QVERIFY2(a.meanRelativeError >= -1e-5 && a.meanRelativeError <= 0.01, qPrintable(text)); // never nearer than the nearest
    QVERIFY2(a.maxRelativeError <= 0.2, qPrintable(text));
}

void TestNeighbourIndex::rebuiltIndexAnswersTheSame() {
    for (KnnIndex kind : {KnnIndex::Ivf, KnnIndex::Hnsw}) {
        QString error;
        auto a = NeighbourIndex::build(m_bank, kind, &error), b = NeighbourIndex::build(m_bank, kind, &error);
        QVERIFY2(a && b, qPrintable(error));
        QVERIFY2(torch::equal(a->nearestRows(m_queries), b->nearestRows(m_queries)), qPrintable(knnIndexName(kind)));
    }
}

void TestNeighbourIndex::textureMapUsesTheIndex() {
    // The map texture-knn scores with: the flat index gives the matrix products' map.
    auto gen = at::detail::createCPUGenerator(4);
    auto x = torch::rand({2, 1, 32, 32}, gen);
    auto bank = stripeWindows(4, 5);
    QString error;
    auto flat = NeighbourIndex::build(bank, KnnIndex::Flat, &error);
    QVERIFY2(flat, qPrintable(error));
    QVERIFY(torch::allclose(textureDistanceMap(x, bank, flat.get()), textureDistanceMap(x, bank), 1e-5, 1e-5));
}

void TestNeighbourIndex::exactAndEmptyAreRefused() {
    QString error;
    QVERIFY(!NeighbourIndex::build(m_bank, KnnIndex::Exact, &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!NeighbourIndex::build(torch::empty({0, 128}), KnnIndex::Ivf, &error));
    QVERIFY(error.contains(QStringLiteral("empty")));
}

QTEST_GUILESS_MAIN(TestNeighbourIndex)
#include "tst_neighbourindex.moc"
