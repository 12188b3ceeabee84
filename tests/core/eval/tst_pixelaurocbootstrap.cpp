// Pixel AUROC intervals that resample images: a perfect map collapses to [1, 1], a map of noise
// brackets 0.5 and narrows with more images, the interval follows the full-resolution estimate
// it is given, it is seeded, and images without anomalous pixels leave it undefined.
#include "core/eval/PixelAurocBootstrap.h"
#include "core/eval/PixelMetrics.h"

#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <limits>

using namespace faultline::core;

namespace {

struct Image {
    cv::Mat map, mask;
};

// `images` maps of 96 x 80; every other one has a 20 x 16 defect. separation: how much higher the
// defect's map values are than the rest (0 = pure noise).
std::vector<Image> makeImages(int images, double separation, unsigned seed) {
    cv::RNG rng(seed);
    std::vector<Image> out;
    for (int i = 0; i < images; ++i) {
        Image im;
        im.map = cv::Mat(80, 96, CV_32FC1);
        rng.fill(im.map, cv::RNG::UNIFORM, 0.0, 1.0);
        im.mask = cv::Mat::zeros(80, 96, CV_8UC1);
        if (i % 2 == 0) {
            const cv::Rect defect(10 + i % 50, 20, 20, 16);
            im.mask(defect).setTo(255);
            im.map(defect) += separation;
        }
        out.push_back(im);
    }
    return out;
}

PixelAurocBootstrap bootstrapOf(const std::vector<Image>& images) {
    PixelAurocBootstrap b(int(images.size()));
    for (const Image& im : images) b.add(im.map, im.mask);
    return b;
}

double fullEstimate(const std::vector<Image>& images) {
    PixelMetricsAccumulator acc;
    QString why;
    for (const Image& im : images) acc.add(im.map, im.mask, &why);
    return *acc.result().auroc;
}

} // namespace

class TestPixelAurocBootstrap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void perfectMapCollapses() {
        const auto images = makeImages(12, 2.0, 1);  // every defect pixel above every normal one
        const double estimate = fullEstimate(images);
        QCOMPARE(estimate, 1.0);
        const RateInterval r = bootstrapOf(images).result(estimate);
        QVERIFY(r.defined);
        QCOMPARE(r.low, 1.0);
        QCOMPARE(r.high, 1.0);
    }

    void noiseBracketsHalfAndNarrowsWithImages() {
        const auto few = makeImages(8, 0.0, 2), many = makeImages(64, 0.0, 3);
        const RateInterval a = bootstrapOf(few).result(fullEstimate(few));
        const RateInterval b = bootstrapOf(many).result(fullEstimate(many));
        QVERIFY(a.defined && b.defined);
        for (const RateInterval* r : {&a, &b}) {
            QVERIFY2(r->low <= 0.5 && 0.5 <= r->high, qPrintable(QStringLiteral("[%1, %2]").arg(r->low).arg(r->high)));
            QVERIFY(r->low <= r->estimate && r->estimate <= r->high);
        }
        QVERIFY2(b.high - b.low < a.high - a.low,
                 qPrintable(QStringLiteral("64 images [%1, %2], 8 images [%3, %4]").arg(b.low).arg(b.high).arg(a.low).arg(a.high)));
    }

    // A partly separated map: the interval holds the full-resolution estimate, and moving that
    // estimate moves the interval by the same amount (it is centred on the reported figure).
    void followsTheFullResolutionEstimate() {
        const auto images = makeImages(20, 0.4, 4);
        const double estimate = fullEstimate(images);
        QVERIFY(estimate > 0.6 && estimate < 0.99);
        const PixelAurocBootstrap b = bootstrapOf(images);
        const RateInterval r = b.result(estimate);
        QVERIFY2(r.low < estimate && estimate < r.high, qPrintable(QStringLiteral("%1 [%2, %3]").arg(estimate).arg(r.low).arg(r.high)));
        const RateInterval moved = b.result(estimate - 0.01);
        QVERIFY(qAbs((r.low - moved.low) - 0.01) < 1e-9);
        QVERIFY(qAbs((r.high - moved.high) - 0.01) < 1e-9);
    }

    void seeded() {
        const auto images = makeImages(16, 0.3, 5);
        const PixelAurocBootstrap b = bootstrapOf(images);
        const double estimate = fullEstimate(images);
        BootstrapOptions o;
        const RateInterval x = b.result(estimate, o), y = b.result(estimate, o);
        QCOMPARE(x.low, y.low);
        QCOMPARE(x.high, y.high);
        o.seed = 7;
        const RateInterval z = b.result(estimate, o);
        QVERIFY(z.low != x.low || z.high != x.high);
    }

    void undefinedWithoutDefects() {
        PixelAurocBootstrap b;
        cv::Mat map(32, 32, CV_32FC1, cv::Scalar(0.2f));
        QVERIFY(b.add(map, cv::Mat()));
        QVERIFY(b.add(map, cv::Mat::zeros(32, 32, CV_8UC1)));
        const RateInterval r = b.result(0.5);
        QVERIFY(!r.defined);
        QVERIFY(r.note.contains(QStringLiteral("anomalous")));
        QVERIFY(!b.add(map, cv::Mat::zeros(16, 16, CV_8UC1)));    // sizes differ
        QVERIFY(!b.add(cv::Mat(8, 8, CV_32FC3), cv::Mat()));      // not one channel
        cv::Mat nan = map.clone();
        nan.at<float>(3, 4) = std::numeric_limits<float>::quiet_NaN();
        QVERIFY(!b.add(nan, cv::Mat()));
        QCOMPARE(b.images(), 2);
    }
};

QTEST_GUILESS_MAIN(TestPixelAurocBootstrap)
#include "tst_pixelaurocbootstrap.moc"
