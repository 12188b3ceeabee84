#include "core/eval/PixelMetrics.h"

#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <random>

using namespace faultline::core;

namespace {

struct Pair {
    cv::Mat map;
    cv::Mat mask;
};

// Exact reference from every pixel, sorted: AUROC as Mann-Whitney with ties 1/2 and AUPRO as
// the MVTec AD evaluation computes it (ties grouped, curve from (0,0) to (1,1), trapezoid up to
// the limit with linear interpolation, divided by the limit).
struct Exact {
    double auroc = 0;
    double aupro = 0;
};

Exact exact(const std::vector<Pair>& pairs, double limit) {
    struct Px {
        double v;
        bool anomalous;
        double weight;
    };
    std::vector<Px> px;
    int regions = 0;
    for (const Pair& p : pairs) {
        cv::Mat labels, stats, centroids;
        const int n = cv::connectedComponentsWithStats(p.mask != 0, labels, stats, centroids, 8, CV_32S);
        regions += n - 1;
        for (int y = 0; y < p.map.rows; ++y)
            for (int x = 0; x < p.map.cols; ++x) {
                const int l = labels.at<int>(y, x);
                px.push_back({double(p.map.at<float>(y, x)), l > 0, l > 0 ? 1.0 / stats.at<int>(l, cv::CC_STAT_AREA) : 0.0});
            }
    }
    std::sort(px.begin(), px.end(), [](const Px& a, const Px& b) { return a.v > b.v; });
    double P = 0, N = 0;
    for (const Px& p : px) (p.anomalous ? P : N) += 1;
    Exact e;
    // Mann-Whitney by groups of equal values.
    double wins = 0, negAbove = 0;
    std::vector<std::pair<double, double>> curve{{0, 0}};
    double cumNeg = 0, cumW = 0;
    for (std::size_t i = 0; i < px.size();) {
        std::size_t j = i;
        double pos = 0, neg = 0;
        while (j < px.size() && px[j].v == px[i].v) {
            (px[j].anomalous ? pos : neg) += 1;
            cumW += px[j].weight;
            ++j;
        }
        wins += pos * (N - negAbove - neg) + 0.5 * pos * neg;
        negAbove += neg;
        cumNeg += neg;
        curve.push_back({cumNeg / N, cumW / regions});
        i = j;
    }
    curve.push_back({1, 1});
    e.auroc = wins / (P * N);
    double area = 0;
    for (std::size_t k = 1; k < curve.size(); ++k) {
        const auto [f0, p0] = curve[k - 1];
        const auto [f1, p1] = curve[k];
        if (f1 >= limit) {
            const double pl = f1 > f0 ? p0 + (p1 - p0) * (limit - f0) / (f1 - f0) : p1;
            area += (limit - f0) * (p0 + pl) / 2;
            break;
        }
        area += (f1 - f0) * (p0 + p1) / 2;
    }
    e.aupro = area / limit;
    return e;
}

cv::Mat floats(int rows, int cols, std::initializer_list<float> v) {
    cv::Mat m(rows, cols, CV_32F);
    std::copy(v.begin(), v.end(), m.ptr<float>());
    return m;
}

cv::Mat bytes(int rows, int cols, std::initializer_list<uchar> v) {
    cv::Mat m(rows, cols, CV_8U);
    std::copy(v.begin(), v.end(), m.ptr<uchar>());
    return m;
}

std::vector<Pair> randomPairs(std::mt19937_64& rng, int count, double lo, double hi, bool quantized) {
    std::vector<Pair> pairs;
    for (int i = 0; i < count; ++i) {
        Pair p;
        p.mask = cv::Mat::zeros(20, 24, CV_8U);
        const int blobs = int(rng() % 4);
        for (int b = 0; b < blobs; ++b)
            cv::circle(p.mask, cv::Point(int(rng() % 24), int(rng() % 20)), 1 + int(rng() % 4), cv::Scalar(255), cv::FILLED);
        p.map.create(20, 24, CV_32F);
        std::uniform_real_distribution<double> u(lo, hi);
        for (int y = 0; y < 20; ++y)
            for (int x = 0; x < 24; ++x) {
                double v = u(rng);
                if (p.mask.at<uchar>(y, x)) v = std::min(hi, v + 0.3 * (hi - lo));
                if (quantized) v = std::round(v * 8) / 8;
                p.map.at<float>(y, x) = float(v);
            }
        pairs.push_back(p);
    }
    return pairs;
}

} // namespace

class TestPixelMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handWorked_data() {
        QTest::addColumn<cv::Mat>("map");
        QTest::addColumn<cv::Mat>("mask");
        QTest::addColumn<double>("auroc");
        QTest::addColumn<double>("aupro");
        QTest::addColumn<int>("regions");
        QTest::newRow("separated") << floats(2, 2, {0.9f, 0.1f, 0.8f, 0.2f})
                                   << bytes(2, 2, {1, 0, 1, 0}) << 1.0 << 1.0 << 1;
        // Anomalous 0.9 and 0.1 against normal 0.5 and 0.7: AUROC 2/4; PRO stays 0.5 up to FPR 0.5.
        QTest::newRow("half") << floats(2, 2, {0.9f, 0.5f, 0.1f, 0.7f})
                              << bytes(2, 2, {1, 0, 1, 0}) << 0.5 << 0.5 << 1;
        // Regions of 1 and 3 pixels: the small one fully found at 0.9 gives PRO 0.5 (per region,
        // not per pixel, which would be 0.25). AUROC: 0.9 beats 4 normals, each 0.2 beats 2: 10/16.
        QTest::newRow("per region")
            << floats(1, 8, {0.9f, 0.f, 0.2f, 0.2f, 0.2f, 0.f, 0.5f, 0.5f})
            << bytes(1, 8, {9, 0, 1, 1, 1, 0, 0, 0}) << 0.625 << 0.5 << 2;
    }
    void handWorked() {
        QFETCH(cv::Mat, map);
        QFETCH(cv::Mat, mask);
        QFETCH(double, auroc);
        QFETCH(double, aupro);
        QFETCH(int, regions);
        PixelMetricsAccumulator acc;
        QString error;
        QVERIFY2(acc.add(map, mask, &error), qPrintable(error));
        const PixelMetricsResult r = acc.result();
        QCOMPARE(r.regions, regions);
        QVERIFY(r.auroc.has_value());
        QVERIFY(r.aupro.has_value());
        QVERIFY2(qAbs(*r.auroc - auroc) < 1e-12, qPrintable(QString::number(*r.auroc)));
        QVERIFY2(qAbs(*r.aupro - aupro) < 1e-12, qPrintable(QString::number(*r.aupro)));
        const Exact e = exact({{map, mask}}, 0.3);
        QVERIFY(qAbs(e.auroc - auroc) < 1e-12);
        QVERIFY(qAbs(e.aupro - aupro) < 1e-12);
    }

    // Continuous values: the histogram result is within its stated bound of the exact one,
    // and the bound itself is small.
    void withinStatedBound_data() {
        QTest::addColumn<int>("bins");
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<double>("maxBound");
        QTest::newRow("default bins") << PixelMetricsAccumulator::kDefaultBins << quint64(1) << 1e-3;
        QTest::newRow("default bins 2") << PixelMetricsAccumulator::kDefaultBins << quint64(2) << 1e-3;
        QTest::newRow("coarse 64 bins") << 64 << quint64(3) << 0.2;
    }
    void withinStatedBound() {
        QFETCH(int, bins);
        QFETCH(quint64, seed);
        QFETCH(double, maxBound);
        std::mt19937_64 rng(seed);
        const std::vector<Pair> pairs = randomPairs(rng, 8, 0.0, 1.0, false);
        PixelMetricsAccumulator acc(bins);
        for (const Pair& p : pairs) QVERIFY(acc.add(p.map, p.mask, nullptr));
        const PixelMetricsResult r = acc.result(0.3);
        const Exact e = exact(pairs, 0.3);
        QVERIFY(r.auroc && r.aupro);
        QVERIFY2(qAbs(*r.auroc - e.auroc) <= r.aurocErrorBound + 1e-12,
                 qPrintable(QStringLiteral("%1 vs %2 bound %3").arg(*r.auroc).arg(e.auroc).arg(r.aurocErrorBound)));
        QVERIFY2(qAbs(*r.aupro - e.aupro) <= r.auproErrorBound + 1e-12,
                 qPrintable(QStringLiteral("%1 vs %2 bound %3").arg(*r.aupro).arg(e.aupro).arg(r.auproErrorBound)));
        QVERIFY2(r.aurocErrorBound <= maxBound, qPrintable(QString::number(r.aurocErrorBound)));
        QVERIFY2(r.auproErrorBound <= maxBound, qPrintable(QString::number(r.auproErrorBound)));
    }

    // Values on a grid of 1/8 with one distinct value per bin: the histogram is exact.
    void quantizedIsExact() {
        std::mt19937_64 rng(4);
        std::vector<Pair> pairs = randomPairs(rng, 6, 0.0, 1.0, true);
        pairs[0].map.at<float>(0, 0) = 0.f; // the first map spans the whole range
        pairs[0].map.at<float>(0, 1) = 1.f;
        PixelMetricsAccumulator acc(256);
        for (const Pair& p : pairs) QVERIFY(acc.add(p.map, p.mask, nullptr));
        const PixelMetricsResult r = acc.result();
        const Exact e = exact(pairs, 0.3);
        QVERIFY(qAbs(*r.auroc - e.auroc) < 1e-12);
        QVERIFY(qAbs(*r.aupro - e.aupro) < 1e-12);
    }

    // The range grows when later maps go outside it; the bound still holds.
    void rangeFollowsTheData() {
        std::mt19937_64 rng(5);
        std::vector<Pair> pairs = randomPairs(rng, 3, 0.0, 1.0, false);
        const std::vector<Pair> wide = randomPairs(rng, 3, -5.0, 40.0, false);
        pairs.insert(pairs.end(), wide.begin(), wide.end());
        PixelMetricsAccumulator acc(4096);
        for (const Pair& p : pairs) QVERIFY(acc.add(p.map, p.mask, nullptr));
        QVERIFY(acc.rangeLow() <= -5.0);
        QVERIFY(acc.rangeLow() + acc.binCount() * acc.binWidth() > 40.0 - 1e-6);
        const PixelMetricsResult r = acc.result();
        const Exact e = exact(pairs, 0.3);
        QVERIFY(qAbs(*r.auroc - e.auroc) <= r.aurocErrorBound + 1e-12);
        QVERIFY(qAbs(*r.aupro - e.aupro) <= r.auproErrorBound + 1e-12);
    }

    void emptyMaskMeansAllNormal() {
        PixelMetricsAccumulator acc;
        QVERIFY(acc.add(cv::Mat(4, 4, CV_32F, cv::Scalar(0.2)), cv::Mat(), nullptr));
        PixelMetricsResult r = acc.result();
        QCOMPARE(r.normalPixels, qint64(16));
        QVERIFY(!r.auroc);
        QVERIFY(r.note.contains(QStringLiteral("no ground-truth mask marks any pixel anomalous")));
        QVERIFY(acc.add(floats(1, 2, {0.9f, 0.1f}), bytes(1, 2, {255, 0}), nullptr));
        r = acc.result();
        QCOMPARE(r.images, 2);
        QVERIFY(r.auroc);
        // 1 anomalous pixel at 0.9 against 16 at 0.2 and one at 0.1.
        QCOMPARE(*r.auroc, 1.0);
    }

    void badInputIsRejected_data() {
        QTest::addColumn<cv::Mat>("map");
        QTest::addColumn<cv::Mat>("mask");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("size") << cv::Mat(4, 4, CV_32F, cv::Scalar(0)) << cv::Mat(4, 5, CV_8U, cv::Scalar(0)) << "mask is 5x4 but the anomaly map is 4x4";
        QTest::newRow("channels") << cv::Mat(4, 4, CV_32FC3, cv::Scalar(0)) << cv::Mat() << "3 channels";
        QTest::newRow("nan") << floats(1, 2, {0.f, std::numeric_limits<float>::quiet_NaN()}) << cv::Mat() << "NaN";
        QTest::newRow("empty") << cv::Mat() << cv::Mat() << "empty";
    }
    void badInputIsRejected() {
        QFETCH(cv::Mat, map);
        QFETCH(cv::Mat, mask);
        QFETCH(QString, errorPart);
        PixelMetricsAccumulator acc;
        QString error;
        QVERIFY(!acc.add(map, mask, &error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
        QCOMPARE(acc.result().images, 0);
    }

    void boundedMemory() {
        // Memory is the histograms only, whatever is streamed through.
        PixelMetricsAccumulator acc(1024);
        std::mt19937_64 rng(6);
        for (const Pair& p : randomPairs(rng, 20, 0.0, 1.0, false)) QVERIFY(acc.add(p.map, p.mask, nullptr));
        QCOMPARE(acc.binCount(), 1024);
    }
};

QTEST_GUILESS_MAIN(TestPixelMetrics)
#include "tst_pixelmetrics.moc"
