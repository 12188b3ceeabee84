// The fixed heatmap scale: median and 99.9th percentile of the validation normals' map pixels,
// checked against values worked out by hand and against numpy's linear quantile.
#include "core/eval/MapScale.h"

#include <QtTest>

#include <numeric>

using namespace faultline::core;

class TestMapScale : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quantilesMatchNumpy_data() {
        QTest::addColumn<QVector<float>>("values");
        QTest::addColumn<double>("q");
        QTest::addColumn<double>("expected");
        // numpy.quantile(v, q) (method="linear")
        QTest::newRow("median odd") << QVector<float>{5, 1, 3} << 0.5 << 3.0;
        QTest::newRow("median even") << QVector<float>{4, 1, 3, 2} << 0.5 << 2.5;
        QTest::newRow("0.999 of 0..1000") << [] { QVector<float> v(1001); std::iota(v.begin(), v.end(), 0.0f); return v; }()
                                          << 0.999 << 999.0;
        QTest::newRow("0.999 of 0..9") << QVector<float>{9, 8, 7, 6, 5, 4, 3, 2, 1, 0} << 0.999 << 8.991;
        QTest::newRow("ties") << QVector<float>{2, 2, 2, 7} << 0.5 << 2.0;
        QTest::newRow("one value") << QVector<float>{4} << 0.999 << 4.0;
    }
    void quantilesMatchNumpy() {
        QFETCH(QVector<float>, values);
        QFETCH(double, q);
        QFETCH(double, expected);
        std::vector<float> v(values.begin(), values.end());
        QVERIFY(qAbs(quantileInPlace(v, q) - expected) < 1e-4);
    }

    // Two 50x100 maps (below the per-map sample size, so every pixel counts): 0..9999 spread
    // over them. Median 4999.5, 99.9th percentile 9989.001.
    void scaleFromMaps() {
        MapScaleAccumulator acc;
        cv::Mat a(50, 100, CV_32FC1), b(50, 100, CV_32FC1);
        for (int i = 0; i < 10000; ++i) {
            (i % 2 ? a : b).at<float>((i / 2) / 100, (i / 2) % 100) = float(i);
        }
        QVERIFY(acc.add(a));
        QVERIFY(acc.add(b));
        QVERIFY(!acc.add(cv::Mat()));                       // empty: ignored
        QVERIFY(!acc.add(cv::Mat(4, 4, CV_8UC1, cv::Scalar(9))));  // not a float map: ignored
        const MapScale s = acc.result();
        QVERIFY(s.valid());
        QCOMPARE(s.maps, 2);
        QCOMPARE(s.pixels, qint64(10000));
        QVERIFY(qAbs(s.zero - 4999.5) < 1e-6);
        QVERIFY(qAbs(s.one - 9989.001) < 1e-3);
        QVERIFY(qAbs(s.toScale(s.zero)) < 1e-12);
        QVERIFY(qAbs(s.toScale(s.one) - 1.0) < 1e-12);
    }

    // A large map is sampled on a grid: the scale of a smooth ramp stays where it was.
    void largeMapsAreSampled() {
        MapScaleAccumulator acc;
        cv::Mat ramp(1000, 1000, CV_32FC1);
        for (int y = 0; y < ramp.rows; ++y)
            for (int x = 0; x < ramp.cols; ++x) ramp.at<float>(y, x) = float(x) / 999.0f;
        QVERIFY(acc.add(ramp));
        const MapScale s = acc.result();
        QVERIFY(s.pixels <= MapScaleAccumulator::kPixelsPerMap);
        QVERIFY(qAbs(s.zero - 0.5) < 0.01);
        QVERIFY(qAbs(s.one - 0.999) < 0.01);
    }

    void noMapsNoScale() {
        MapScaleAccumulator acc;
        QVERIFY(!acc.result().valid());
        cv::Mat flat(10, 10, CV_32FC1, cv::Scalar(0.3));
        acc.add(flat);
        QVERIFY(!acc.result().valid());  // all normal pixels alike: no range to draw
    }
};

QTEST_GUILESS_MAIN(TestMapScale)
#include "tst_mapscale.moc"
