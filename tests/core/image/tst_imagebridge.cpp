#include "core/image/ImageBridge.h"

#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstring>
#include <limits>

using namespace faultline::core;

namespace {

// Deterministic per-pixel, per-channel values in [0,1].
double value(int x, int y, int c) { return double((x * 7 + y * 13 + c * 29) % 256) / 255.0; }

cv::Mat makeMat(int w, int h, int depth, int channels) {
    cv::Mat f(h, w, CV_MAKETYPE(CV_64F, channels));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < channels; ++c) f.ptr<double>(y)[x * channels + c] = value(x, y, c);
    const double scale = depth == CV_8U ? 255.0 : depth == CV_16U ? 65535.0 : 1.0;
    cv::Mat out;
    f.convertTo(out, CV_MAKETYPE(depth, channels), scale);
    return out;
}

bool buffersOverlap(const QImage& image, const cv::Mat& mat) {
    const auto* a0 = image.constBits();
    const auto* a1 = a0 + image.sizeInBytes();
    const auto* b0 = mat.datastart;
    const auto* b1 = mat.dataend;
    return a0 < b1 && b0 < a1;
}

} // namespace

class TestImageBridge : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void toQImageEveryDepthAndChannelCount_data() {
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("format");
        const int widths[] = {1, 5, 16}; // 5: rows need padding to 4 bytes in QImage
        for (int w : widths) {
            const auto tag = [w](const char* s) { return QByteArray(s) + " w" + QByteArray::number(w); };
            QTest::newRow(tag("8u c1")) << CV_8U << 1 << w << int(QImage::Format_Grayscale8);
            QTest::newRow(tag("8u c3")) << CV_8U << 3 << w << int(QImage::Format_RGB888);
            QTest::newRow(tag("8u c4")) << CV_8U << 4 << w << int(QImage::Format_RGBA8888);
            QTest::newRow(tag("16u c1")) << CV_16U << 1 << w << int(QImage::Format_Grayscale16);
            QTest::newRow(tag("16u c3")) << CV_16U << 3 << w << int(QImage::Format_RGB888);
            QTest::newRow(tag("32f c1")) << CV_32F << 1 << w << int(QImage::Format_Grayscale8);
            QTest::newRow(tag("32f c3")) << CV_32F << 3 << w << int(QImage::Format_RGB888);
            QTest::newRow(tag("32f c4")) << CV_32F << 4 << w << int(QImage::Format_RGBA8888);
            QTest::newRow(tag("64f c1")) << CV_64F << 1 << w << int(QImage::Format_Grayscale8);
            QTest::newRow(tag("64f c3")) << CV_64F << 3 << w << int(QImage::Format_RGB888);
        }
    }
    void toQImageEveryDepthAndChannelCount() {
        QFETCH(int, depth);
        QFETCH(int, channels);
        QFETCH(int, width);
        QFETCH(int, format);
        const int height = 3;
        cv::Mat mat = makeMat(width, height, depth, channels);
        const QImage image = toQImage(mat);
        QCOMPARE(int(image.format()), format);
        QCOMPARE(image.width(), width);
        QCOMPARE(image.height(), height);
        QVERIFY(!buffersOverlap(image, mat));
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                if (format == QImage::Format_Grayscale16) {
                    const quint16 got = reinterpret_cast<const quint16*>(image.constScanLine(y))[x];
                    QCOMPARE(got, mat.at<quint16>(y, x));
                    continue;
                }
                const uchar* px = image.constScanLine(y) + x * channels;
                for (int c = 0; c < channels; ++c)
                    QVERIFY2(qAbs(int(px[c]) - int(std::lround(value(x, y, c) * 255))) <= 1,
                             qPrintable(QStringLiteral("x=%1 y=%2 c=%3").arg(x).arg(y).arg(c)));
            }
        // Deep copy: changing the mat afterwards leaves the image as it was.
        const QImage before = image.copy();
        mat.setTo(cv::Scalar::all(0));
        QCOMPARE(image, before);
    }

    void toQImageFromRoiAndNonContinuousMat() {
        const cv::Mat big = makeMat(20, 10, CV_8U, 3);
        const cv::Mat roi = big(cv::Rect(3, 2, 7, 5));
        QVERIFY(!roi.isContinuous());
        const QImage image = toQImage(roi);
        QCOMPARE(image.size(), QSize(7, 5));
        for (int y = 0; y < 5; ++y)
            for (int x = 0; x < 7; ++x) {
                const QRgb px = image.pixel(x, y);
                const auto v = roi.at<cv::Vec3b>(y, x);
                QCOMPARE(qRed(px), int(v[0])); // channel 0 is red: mats are RGB
                QCOMPARE(qGreen(px), int(v[1]));
                QCOMPARE(qBlue(px), int(v[2]));
            }
    }

    void floatValuesClampAndNaNShowsBlack() {
        cv::Mat f(1, 4, CV_32FC1);
        f.at<float>(0, 0) = -0.5f;
        f.at<float>(0, 1) = 2.0f;
        f.at<float>(0, 2) = std::numeric_limits<float>::quiet_NaN();
        f.at<float>(0, 3) = 0.5f;
        const QImage image = toQImage(f);
        const uchar* row = image.constScanLine(0);
        QCOMPARE(int(row[0]), 0);
        QCOMPARE(int(row[1]), 255);
        QCOMPARE(int(row[2]), 0);
        QCOMPARE(int(row[3]), 128);
        QVERIFY(std::isnan(f.at<float>(0, 2))); // the argument is left untouched
    }

    void unsupportedMatsGiveNullImage_data() {
        QTest::addColumn<int>("type");
        QTest::newRow("two channels") << CV_8UC2;
        QTest::newRow("32-bit int") << CV_32SC1;
        QTest::newRow("16-bit signed") << CV_16SC1;
        QTest::newRow("five channels") << CV_8UC(5);
    }
    void unsupportedMatsGiveNullImage() {
        QFETCH(int, type);
        cv::Mat mat(4, 4, type);
        std::memset(mat.data, 1, mat.total() * mat.elemSize());
        QVERIFY(toQImage(mat).isNull());
    }

    void emptyInputs() {
        QVERIFY(toQImage(cv::Mat()).isNull());
        QVERIFY(fromQImage(QImage()).empty());
        QVERIFY(heatmapToQImage(cv::Mat(), 0, 1).isNull());
        const int sizes[] = {2, 3, 4};
        QVERIFY(toQImage(cv::Mat(3, sizes, CV_8UC1, cv::Scalar(0))).isNull()); // 3-D mat
    }

    void fromQImageFormats_data() {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("type");
        QTest::newRow("grayscale8") << int(QImage::Format_Grayscale8) << CV_8UC1;
        QTest::newRow("grayscale16") << int(QImage::Format_Grayscale16) << CV_16UC1;
        QTest::newRow("rgb888") << int(QImage::Format_RGB888) << CV_8UC3;
        QTest::newRow("rgb32") << int(QImage::Format_RGB32) << CV_8UC3;
        QTest::newRow("bgr888") << int(QImage::Format_BGR888) << CV_8UC3;
        QTest::newRow("argb32") << int(QImage::Format_ARGB32) << CV_8UC4;
        QTest::newRow("rgba8888") << int(QImage::Format_RGBA8888) << CV_8UC4;
        QTest::newRow("rgb16") << int(QImage::Format_RGB16) << CV_8UC3;
        QTest::newRow("indexed8") << int(QImage::Format_Indexed8) << CV_8UC3;
    }
    void fromQImageFormats() {
        QFETCH(int, format);
        QFETCH(int, type);
        // Colours exactly representable in every format tested (RGB16 keeps 5/6/5 bits).
        const QRgb colours[] = {qRgb(0, 0, 0), qRgb(255, 255, 255), qRgb(255, 0, 0), qRgb(0, 0, 255)};
        QImage source(5, 3, QImage::Format_RGB32);
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 5; ++x) source.setPixel(x, y, colours[(x + y) % 4]);
        QImage image = source.convertToFormat(QImage::Format(format));
        if (format == QImage::Format_Grayscale8 || format == QImage::Format_Grayscale16)
            image = source.convertToFormat(QImage::Format_Grayscale8).convertToFormat(QImage::Format(format));
        cv::Mat mat = fromQImage(image);
        QCOMPARE(mat.type(), type);
        QCOMPARE(mat.cols, 5);
        QCOMPARE(mat.rows, 3);
        QVERIFY(!buffersOverlap(image, mat));
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 5; ++x) {
                const QRgb expected = image.pixel(x, y);
                if (mat.channels() == 1) {
                    const int v = mat.depth() == CV_16U ? mat.at<quint16>(y, x) / 257 : mat.at<uchar>(y, x);
                    QCOMPARE(v, qGray(expected));
                } else {
                    const uchar* px = mat.ptr(y) + x * mat.channels();
                    QCOMPARE(int(px[0]), qRed(expected));
                    QCOMPARE(int(px[1]), qGreen(expected));
                    QCOMPARE(int(px[2]), qBlue(expected));
                    if (mat.channels() == 4) QCOMPARE(int(px[3]), qAlpha(expected));
                }
            }
        // Deep copy the other way: painting the image afterwards leaves the mat alone.
        const cv::Mat before = mat.clone();
        image.fill(Qt::green);
        QCOMPARE(cv::norm(mat, before, cv::NORM_INF), 0.0);
    }

    void fromQImageKeepsAlphaUnpremultiplied() {
        QImage image(2, 1, QImage::Format_ARGB32);
        image.setPixel(0, 0, qRgba(200, 100, 50, 128));
        image.setPixel(1, 0, qRgba(10, 20, 30, 0));
        const cv::Mat mat = fromQImage(image.convertToFormat(QImage::Format_ARGB32_Premultiplied));
        QCOMPARE(mat.type(), CV_8UC4);
        const auto px = mat.at<cv::Vec4b>(0, 0);
        QVERIFY(qAbs(int(px[0]) - 200) <= 2 && qAbs(int(px[1]) - 100) <= 2 && qAbs(int(px[2]) - 50) <= 2);
        QCOMPARE(int(px[3]), 128);
    }

    void fromQImageDoesNotDetachSharedImage() {
        QImage a(4, 4, QImage::Format_Grayscale8);
        a.fill(7);
        const QImage b = a; // implicitly shared
        const uchar* bitsBefore = b.constBits();
        const cv::Mat mat = fromQImage(b);
        QCOMPARE(b.constBits(), bitsBefore);
        QCOMPARE(a.constBits(), bitsBefore);
        QCOMPARE(int(mat.at<uchar>(3, 3)), 7);
    }

    void roundTrip_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("width");
        for (int w : {1, 3, 7, 64}) {
            QTest::newRow(qPrintable(QStringLiteral("8uc1 w%1").arg(w))) << CV_8UC1 << w;
            QTest::newRow(qPrintable(QStringLiteral("8uc3 w%1").arg(w))) << CV_8UC3 << w;
            QTest::newRow(qPrintable(QStringLiteral("8uc4 w%1").arg(w))) << CV_8UC4 << w;
            QTest::newRow(qPrintable(QStringLiteral("16uc1 w%1").arg(w))) << CV_16UC1 << w;
        }
    }
    void roundTrip() {
        QFETCH(int, type);
        QFETCH(int, width);
        const cv::Mat mat = makeMat(width, 5, CV_MAT_DEPTH(type), CV_MAT_CN(type));
        const cv::Mat back = fromQImage(toQImage(mat));
        QCOMPARE(back.type(), mat.type());
        QCOMPARE(cv::norm(back, mat, cv::NORM_INF), 0.0);
        QVERIFY(back.data != mat.data);
    }

    void heatmapEndsAndClamping() {
        cv::Mat map(1, 6, CV_32FC1);
        const float values[] = {-1.0f, 2.0f, 2.5f, 6.0f, 9.0f, std::numeric_limits<float>::quiet_NaN()};
        for (int i = 0; i < 6; ++i) map.at<float>(0, i) = values[i];
        const QImage heat = heatmapToQImage(map, 2.0f, 6.0f);
        QCOMPARE(heat.format(), QImage::Format_RGB888);
        QCOMPARE(heat.size(), QSize(6, 1));

        cv::Mat ends(1, 2, CV_8UC1);
        ends.at<uchar>(0, 0) = 0;
        ends.at<uchar>(0, 1) = 255;
        cv::Mat turbo;
        cv::applyColorMap(ends, turbo, cv::COLORMAP_TURBO); // BGR
        const auto cold = turbo.at<cv::Vec3b>(0, 0);
        const auto hot = turbo.at<cv::Vec3b>(0, 1);
        const auto isColour = [](QRgb px, const cv::Vec3b& bgr) {
            return qRed(px) == bgr[2] && qGreen(px) == bgr[1] && qBlue(px) == bgr[0];
        };
        QVERIFY(isColour(heat.pixel(0, 0), cold)); // below lo
        QVERIFY(isColour(heat.pixel(1, 0), cold)); // at lo
        QVERIFY(isColour(heat.pixel(3, 0), hot));  // at hi
        QVERIFY(isColour(heat.pixel(4, 0), hot));  // above hi
        QVERIFY(isColour(heat.pixel(5, 0), cold)); // NaN
        QVERIFY(!isColour(heat.pixel(2, 0), cold) && !isColour(heat.pixel(2, 0), hot));
        QVERIFY(qRed(heat.pixel(3, 0)) > qBlue(heat.pixel(3, 0))); // hot end is red
    }

    void heatmapFlatRangeAndOtherDepths() {
        cv::Mat map(2, 2, CV_64FC1, cv::Scalar(0.3));
        map.at<double>(1, 1) = 0.9;
        const QImage flat = heatmapToQImage(map, 0.5f, 0.5f);
        QVERIFY(!flat.isNull());
        QVERIFY(flat.pixel(0, 0) != flat.pixel(1, 1));
        cv::Mat bytes(3, 3, CV_8UC1, cv::Scalar(1));
        QCOMPARE(heatmapToQImage(bytes, 0, 2).size(), QSize(3, 3));
        QVERIFY(heatmapToQImage(cv::Mat(3, 3, CV_32FC3), 0, 1).isNull());
    }

    void heatmapColorsMatchesQImage() {
        cv::Mat map(4, 5, CV_32FC1);
        cv::randu(map, 0.0, 1.0);
        const cv::Mat rgb = heatmapColors(map, 0.0f, 1.0f);
        const QImage image = heatmapToQImage(map, 0.0f, 1.0f);
        QCOMPARE(rgb.type(), CV_8UC3);
        QCOMPARE(cv::norm(fromQImage(image), rgb, cv::NORM_INF), 0.0);
        QVERIFY(!buffersOverlap(image, map));
    }
};

QTEST_GUILESS_MAIN(TestImageBridge)
#include "tst_imagebridge.moc"
