// The cv::Mat <-> tensor bridge: values, channel order and layout survive, every result owns
// its memory, bad input is refused with an exception rather than undefined behaviour.
#include "core/ml/TensorBridge.h"

#include <opencv2/core.hpp>

#include <QtTest>

#include <stdexcept>

using namespace faultline::ml;

namespace {
cv::Mat randomMat(int rows, int cols, int type, int seed) {
    cv::Mat m(rows, cols, type);
    cv::RNG rng(static_cast<uint64>(seed));
    if (CV_MAT_DEPTH(type) == CV_32F) rng.fill(m, cv::RNG::UNIFORM, 0.0, 1.0);
    else rng.fill(m, cv::RNG::UNIFORM, 0, 256);
    return m;
}
double maxDiff(const cv::Mat& a, const cv::Mat& b) { return cv::norm(a, b, cv::NORM_INF); }
} // namespace

class TestTensorBridge : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void floatRoundTrip_data();
    void floatRoundTrip();
    void eightBitIsScaled();
    void sixteenBitIsScaled();
    void planarLayoutKeepsRgbOrder();
    void roiViewIsRead();
    void resultOwnsItsPixels();
    void badInputThrows();
};

void TestTensorBridge::floatRoundTrip_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<int>("type");
    QTest::newRow("grey 16x16") << 16 << 16 << int(CV_32FC1);
    QTest::newRow("rgb 16x16") << 16 << 16 << int(CV_32FC3);
    QTest::newRow("grey 1x1") << 1 << 1 << int(CV_32FC1);
    QTest::newRow("rgb non-square 5x13") << 5 << 13 << int(CV_32FC3);
    QTest::newRow("grey 256x64") << 256 << 64 << int(CV_32FC1);
}

void TestTensorBridge::floatRoundTrip() {
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(int, type);
    const cv::Mat in = randomMat(rows, cols, type, rows * 31 + cols);
    const cv::Mat out = roundTripThroughTensor(in);
    QCOMPARE(out.type(), type);
    QCOMPARE(out.rows, rows);
    QCOMPARE(out.cols, cols);
    QCOMPARE(maxDiff(in, out), 0.0);
}

void TestTensorBridge::eightBitIsScaled() {
    cv::Mat in(2, 3, CV_8UC3);
    for (int i = 0; i < 2 * 3 * 3; ++i) in.data[i] = uchar(i * 14);
    const cv::Mat out = roundTripThroughTensor(in);
    QCOMPARE(out.type(), CV_32FC3);
    cv::Mat expected;
    in.convertTo(expected, CV_32F, 1.0 / 255.0);
    QVERIFY(maxDiff(out, expected) < 1e-7);
    QCOMPARE(out.at<cv::Vec3f>(1, 2)[2], 17 * 14 / 255.0f);
}

void TestTensorBridge::sixteenBitIsScaled() {
    cv::Mat in(1, 2, CV_16UC1);
    in.at<ushort>(0, 0) = 0;
    in.at<ushort>(0, 1) = 65535;
    const cv::Mat out = roundTripThroughTensor(in);
    QCOMPARE(out.at<float>(0, 0), 0.0f);
    QCOMPARE(out.at<float>(0, 1), 1.0f);
}

void TestTensorBridge::planarLayoutKeepsRgbOrder() {
    cv::Mat in(2, 2, CV_32FC3);
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 2; ++x) in.at<cv::Vec3f>(y, x) = cv::Vec3f(0.1f * (y * 2 + x), 0.5f, 0.9f);
    const std::vector<float> v = planarValues(in);
    QCOMPARE(int(v.size()), 12);
    // Plane 0 holds channel 0 (R) of every pixel in row-major order, then G, then B.
    QCOMPARE(v[0], 0.0f);
    QCOMPARE(v[1], 0.1f);
    QCOMPARE(v[2], 0.2f);
    QCOMPARE(v[3], 0.3f);
    for (int i = 4; i < 8; ++i) QCOMPARE(v[size_t(i)], 0.5f);
    for (int i = 8; i < 12; ++i) QCOMPARE(v[size_t(i)], 0.9f);
}

void TestTensorBridge::roiViewIsRead() {
    const cv::Mat big = randomMat(20, 20, CV_32FC3, 7);
    const cv::Mat roi = big(cv::Rect(3, 4, 9, 5)); // not continuous
    QVERIFY(!roi.isContinuous());
    const cv::Mat out = roundTripThroughTensor(roi);
    QCOMPARE(out.size(), roi.size());
    QCOMPARE(maxDiff(out, roi), 0.0);
    const std::vector<float> v = planarValues(roi);
    QCOMPARE(v[0], roi.at<cv::Vec3f>(0, 0)[0]);
    QCOMPARE(v[size_t(9 * 5 + 9 + 1)], roi.at<cv::Vec3f>(1, 1)[1]);
}

void TestTensorBridge::resultOwnsItsPixels() {
    cv::Mat in = randomMat(8, 8, CV_32FC1, 3);
    const cv::Mat keep = in.clone();
    const cv::Mat out = roundTripThroughTensor(in);
    QVERIFY(out.data != in.data);
    in.setTo(cv::Scalar(0.0)); // writing the source afterwards must not reach the result
    QCOMPARE(maxDiff(out, keep), 0.0);
    in.release();
    QCOMPARE(maxDiff(out, keep), 0.0);
    QVERIFY(out.u != nullptr); // allocated by OpenCV, not wrapping a tensor's storage
}

void TestTensorBridge::badInputThrows() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, roundTripThroughTensor(cv::Mat()));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, roundTripThroughTensor(cv::Mat(4, 4, CV_32FC2, cv::Scalar(0))));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, roundTripThroughTensor(cv::Mat(4, 4, CV_32FC4, cv::Scalar(0))));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, roundTripThroughTensor(cv::Mat(4, 4, CV_64FC1, cv::Scalar(0))));
}

QTEST_GUILESS_MAIN(TestTensorBridge)
#include "tst_tensorbridge.moc"
