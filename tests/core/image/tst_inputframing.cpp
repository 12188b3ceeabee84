// Framing images of any shape into square model inputs and projecting maps back: the aspect is
// kept, padding never reaches the original, a mask drawn on the original comes back on its own
// pixels, tiles cover every pixel at full resolution, and overlapping tiles stitch without seams.
#include "core/image/InputFraming.h"

#include <opencv2/imgproc.hpp>

#include <QtTest>

using namespace faultline::core;

namespace {

FramingSpec spec(int side, int tile = 0, int stride = 0, FramingMode mode = FramingMode::Fit) {
    FramingSpec s;
    s.mode = mode;
    s.side = side;
    s.tile = tile;
    s.stride = stride;
    return s;
}

// Every frame of the layout cut from `image` and projected back onto its pixels.
cv::Mat roundTrip(const cv::Mat& image, const FramingSpec& s) {
    const std::vector<Frame> frames = frameLayout(image.size(), s);
    std::vector<cv::Mat> inputs;
    for (const Frame& f : frames) inputs.push_back(frameImage(image, f, s.side));
    return projectToOriginal(inputs, frames, image.size());
}

// A smooth, non-constant image: no two pixels far apart share a value.
cv::Mat ramp(cv::Size size) {
    cv::Mat m(size, CV_32F);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) m.at<float>(y, x) = float(0.2 + 0.5 * x / size.width + 0.3 * y / size.height);
    return m;
}

} // namespace

class TestInputFraming : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fitKeepsTheAspect();
    void stretchFillsTheSquare();
    void paddingMirrorsTheImageAndNeverComesBack();
    void maskLandsOnItsOwnPixels_data();
    void maskLandsOnItsOwnPixels();
    void tilesCoverEveryPixelAtFullResolution();
    void smallImageIsOneWindowNotEnlarged();
    void constantMapsStitchToAConstant();
    void overlappingTilesStitchWithoutSeams();
    void colourImagesProjectToo();
    void modeNames();
};

void TestInputFraming::fitKeepsTheAspect() {
    const std::vector<Frame> f = frameLayout({300, 120}, spec(128));
    QCOMPARE(f.size(), size_t(1));
    QCOMPARE(f[0].source, cv::Rect(0, 0, 300, 120));
    QCOMPARE(f[0].content.width, 128);
    QCOMPARE(f[0].content.height, 51); // 120 * 128 / 300 = 51.2
    QCOMPARE(f[0].content.y, (128 - 51) / 2);
    const std::vector<Frame> tall = frameLayout({40, 400}, spec(64));
    QCOMPARE(tall[0].content, cv::Rect(29, 0, 6, 64)); // 40 * 64 / 400 = 6.4, centred
}

void TestInputFraming::stretchFillsTheSquare() {
    const std::vector<Frame> f = frameLayout({300, 120}, spec(128, 0, 0, FramingMode::Stretch));
    QCOMPARE(f[0].content, cv::Rect(0, 0, 128, 128));
    const cv::Mat input = frameImage(ramp({300, 120}), f[0], 128);
    QCOMPARE(input.size(), cv::Size(128, 128));
}

void TestInputFraming::paddingMirrorsTheImageAndNeverComesBack() {
    const cv::Mat image = ramp({200, 80});
    const std::vector<Frame> f = frameLayout(image.size(), spec(64));
    const cv::Mat input = frameImage(image, f[0], 64);
    QCOMPARE(input.size(), cv::Size(64, 64));
    const cv::Rect c = f[0].content;
    // The padding repeats the content's own rows mirrored: the row above the content is the
    // content's second row.
    QVERIFY(c.y > 0);
    QCOMPARE(cv::norm(input.row(c.y - 1), input.row(c.y + 1), cv::NORM_INF), 0.0);
    // A map that is high only in the padding projects to nothing on the original.
    cv::Mat map(64, 64, CV_32F, cv::Scalar(1.0));
    map(c).setTo(0.0);
    const cv::Mat back = projectToOriginal({map}, f, image.size());
    QCOMPARE(back.size(), image.size());
    QCOMPARE(cv::norm(back, cv::NORM_INF), 0.0);
}

void TestInputFraming::maskLandsOnItsOwnPixels_data() {
    QTest::addColumn<cv::Size>("original");
    QTest::addColumn<cv::Rect>("mask");
    QTest::addColumn<int>("tile");
    QTest::newRow("wide, shrunk") << cv::Size(300, 120) << cv::Rect(100, 40, 40, 30) << 0;
    QTest::newRow("tall, shrunk") << cv::Size(90, 400) << cv::Rect(20, 300, 30, 50) << 0;
    QTest::newRow("small, enlarged") << cv::Size(40, 24) << cv::Rect(10, 8, 12, 8) << 0;
    QTest::newRow("tiles") << cv::Size(500, 330) << cv::Rect(121, 250, 17, 9) << 64;
}

void TestInputFraming::maskLandsOnItsOwnPixels() {
    QFETCH(cv::Size, original);
    QFETCH(cv::Rect, mask);
    QFETCH(int, tile);
    cv::Mat drawn = cv::Mat::zeros(original, CV_32F);
    drawn(mask).setTo(1.0);
    const cv::Mat back = roundTrip(drawn, spec(64, tile));
    QCOMPARE(back.size(), original);
    cv::Mat landed = back > 0.5;
    cv::Mat truth = drawn > 0.5;
    // Every pixel of the mask's inside comes back, nothing away from its edge does: the only
    // differences are within one input pixel (in original pixels) of the mask's border.
    const double scale = tile > 0 ? 1.0 : double(std::max(original.width, original.height)) / 64.0;
    const int margin = int(std::ceil(scale)) + 1;
    cv::Mat inner = cv::Mat::zeros(original, CV_8U), outer = cv::Mat::zeros(original, CV_8U);
    const cv::Rect shrunk(mask.x + margin, mask.y + margin, mask.width - 2 * margin, mask.height - 2 * margin);
    if (shrunk.width > 0 && shrunk.height > 0) inner(shrunk).setTo(255);
    outer(cv::Rect(mask.x - margin, mask.y - margin, mask.width + 2 * margin, mask.height + 2 * margin) &
          cv::Rect({0, 0}, original)).setTo(255);
    QCOMPARE(cv::countNonZero(inner & ~landed), 0);
    QCOMPARE(cv::countNonZero(landed & ~outer), 0);
    const double iou = double(cv::countNonZero(landed & truth)) / double(cv::countNonZero(landed | truth));
    QVERIFY2(iou > (tile > 0 ? 0.99 : 0.7), qPrintable(QString::number(iou)));
}

void TestInputFraming::tilesCoverEveryPixelAtFullResolution() {
    const cv::Size original(1000, 700);
    const std::vector<Frame> f = frameLayout(original, spec(128, 128, 64));
    cv::Mat covered = cv::Mat::zeros(original, CV_8U);
    for (const Frame& fr : f) {
        QCOMPARE(fr.source.size(), cv::Size(128, 128));
        QCOMPARE(fr.content, cv::Rect(0, 0, 128, 128)); // one input pixel per original pixel
        QCOMPARE(fr.source & cv::Rect({0, 0}, original), fr.source);
        covered(fr.source).setTo(255);
    }
    QCOMPARE(cv::countNonZero(covered), original.area());
    // Every 64 px, the last flush with the edge: x at 0, 64, ..., 832, 872.
    QCOMPARE(f.size(), size_t(15 * 10));
    QCOMPARE(f.back().source.br(), cv::Point(1000, 700));
    // stride 0 means half a tile
    QCOMPARE(frameLayout(original, spec(128, 128, 0)).size(), f.size());
}

void TestInputFraming::smallImageIsOneWindowNotEnlarged() {
    const std::vector<Frame> f = frameLayout({100, 60}, spec(128, 128, 64));
    QCOMPARE(f.size(), size_t(1));
    QCOMPARE(f[0].source, cv::Rect(0, 0, 100, 60));
    QCOMPARE(f[0].content.size(), cv::Size(100, 60));
    // A strip narrower than a tile keeps the tiles' scale too.
    const std::vector<Frame> strip = frameLayout({600, 50}, spec(64, 128, 128));
    QCOMPARE(strip.size(), size_t(5));
    QCOMPARE(strip[0].content.size(), cv::Size(64, 25));
}

void TestInputFraming::constantMapsStitchToAConstant() {
    const cv::Size original(700, 530);
    const FramingSpec s = spec(64, 96, 40);
    const std::vector<Frame> f = frameLayout(original, s);
    std::vector<cv::Mat> maps(f.size(), cv::Mat(64, 64, CV_32F, cv::Scalar(0.37)));
    const cv::Mat back = projectToOriginal(maps, f, original);
    double lo = 0, hi = 0;
    cv::minMaxLoc(back, &lo, &hi);
    QVERIFY2(std::abs(lo - 0.37) < 1e-5 && std::abs(hi - 0.37) < 1e-5, qPrintable(QStringLiteral("%1..%2").arg(lo).arg(hi)));
}

void TestInputFraming::overlappingTilesStitchWithoutSeams() {
    // Each tile sees its own part of one smooth image; stitched back, the image returns with no
    // step where tiles meet.
    const cv::Mat image = ramp({640, 400});
    const cv::Mat back = roundTrip(image, spec(128, 128, 96));
    QVERIFY2(cv::norm(back, image, cv::NORM_INF) < 1e-5, qPrintable(QString::number(cv::norm(back, image, cv::NORM_INF))));
}

void TestInputFraming::colourImagesProjectToo() {
    cv::Mat rgb(150, 260, CV_32FC3, cv::Scalar(0.1, 0.5, 0.9));
    const cv::Mat whole = roundTrip(rgb, spec(64));
    const cv::Mat tiled = roundTrip(rgb, spec(64, 64, 48));
    QCOMPARE(whole.type(), CV_32FC3);
    QCOMPARE(tiled.size(), rgb.size());
    QVERIFY(cv::norm(whole, rgb, cv::NORM_INF) < 1e-5);
    QVERIFY(cv::norm(tiled, rgb, cv::NORM_INF) < 1e-5);
}

void TestInputFraming::modeNames() {
    FramingMode m = FramingMode::Stretch;
    QVERIFY(parseFramingMode("fit", &m));
    QCOMPARE(m, FramingMode::Fit);
    QVERIFY(parseFramingMode(framingModeName(FramingMode::Stretch), &m));
    QCOMPARE(m, FramingMode::Stretch);
    QVERIFY(!parseFramingMode("squash", &m));
    QVERIFY(frameLayout({0, 10}, spec(64)).empty());
}

QTEST_GUILESS_MAIN(TestInputFraming)
#include "tst_inputframing.moc"
