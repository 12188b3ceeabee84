// The one-class SVM trained through libsvm: our stored model decides exactly as libsvm's own
// svm_predict_values, and it does what a one-class boundary should.
#include "core/oneclass/OneClassSvm.h"

#include <svm.h>

#include <QtTest>

#include <cmath>
#include <random>

using namespace faultline::core;

namespace {
std::vector<float> gaussianRows(int n, int dims, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g(0.f, 1.f);
    std::vector<float> rows(size_t(n) * size_t(dims));
    for (float& v : rows) v = g(rng);
    return rows;
}
} // namespace

class TestOneClassSvm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesLibsvmPrediction();
    void outlierOutsideBoundary();
    void badParametersRefused();
};

void TestOneClassSvm::matchesLibsvmPrediction() {
    const int n = 150, dims = 4;
    const auto rows = gaussianRows(n, dims, 1);
    OneClassSvmModel model;
    QString error;
    QVERIFY2(trainOneClassSvm(rows, dims, {0.2, 0.0}, &model, &error), qPrintable(error));
    QCOMPARE(model.gamma, 0.25); // 1 / dims
    QVERIFY(model.count() >= int(0.2 * n) - 1);
    // The same problem through libsvm itself, predicted by libsvm.
    std::vector<svm_node> nodes(size_t(n) * (dims + 1));
    std::vector<svm_node*> x(static_cast<size_t>(n));
    std::vector<double> y(static_cast<size_t>(n), 1.0);
    for (int i = 0; i < n; ++i) {
        x[size_t(i)] = &nodes[size_t(i) * (dims + 1)];
        for (int k = 0; k < dims; ++k) x[size_t(i)][k] = {k + 1, double(rows[size_t(i * dims + k)])};
        x[size_t(i)][dims] = {-1, 0.0};
    }
    svm_problem prob{n, y.data(), x.data()};
    svm_parameter p{};
    p.svm_type = ONE_CLASS;
    p.kernel_type = RBF;
    p.gamma = 0.25;
    p.nu = 0.2;
    p.cache_size = 100;
    p.eps = 1e-3;
    p.shrinking = 1;
    p.C = 1;
    svm_model* ref = svm_train(&prob, &p);
    const auto queries = gaussianRows(40, dims, 2);
    for (int i = 0; i < 40; ++i) {
        std::vector<svm_node> q(dims + 1);
        for (int k = 0; k < dims; ++k) q[size_t(k)] = {k + 1, double(queries[size_t(i * dims + k)])};
        q[dims] = {-1, 0.0};
        double dec = 0;
        svm_predict_values(ref, q.data(), &dec);
        QVERIFY2(std::abs(model.decision(&queries[size_t(i * dims)]) - dec) < 1e-9,
                 qPrintable(QStringLiteral("%1 vs %2").arg(model.decision(&queries[size_t(i * dims)])).arg(dec)));
    }
    svm_free_and_destroy_model(&ref);
}

void TestOneClassSvm::outlierOutsideBoundary() {
    const int n = 300, dims = 3;
    const auto rows = gaussianRows(n, dims, 5);
    OneClassSvmModel model;
    QVERIFY(trainOneClassSvm(rows, dims, {0.1, 0.0}, &model, nullptr));
    int outside = 0;
    for (int i = 0; i < n; ++i) outside += model.decision(&rows[size_t(i * dims)]) < 0;
    // nu bounds the share of training rows outside from above (and the share of support vectors from below).
    QVERIFY2(outside <= int(0.1 * n * 1.2) + 1, qPrintable(QString::number(outside)));
    const float far[] = {6.f, -6.f, 6.f}, centre[] = {0.f, 0.f, 0.f};
    QVERIFY(model.decision(far) < 0);
    QVERIFY(model.decision(centre) > 0);
    QVERIFY(model.decision(far) < model.decision(centre));
}

void TestOneClassSvm::badParametersRefused() {
    OneClassSvmModel model;
    QString error;
    QVERIFY(!trainOneClassSvm(gaussianRows(20, 2, 1), 2, {1.5, 0.0}, &model, &error));
    QVERIFY2(error.contains(QLatin1String("nu")), qPrintable(error));
    QVERIFY(!trainOneClassSvm({}, 2, {}, &model, &error));
    QVERIFY2(error.contains(QLatin1String("no training rows")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestOneClassSvm)
#include "tst_oneclasssvm.moc"
