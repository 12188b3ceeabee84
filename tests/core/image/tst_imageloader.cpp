#include "core/image/ImageLoader.h"

#include "tests/core/TestImages.h"

#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <unistd.h>

using namespace faultline::core;
using namespace testimages;

namespace {

// A smooth BGR(A) ramp with distinct values per channel (smooth so JPEG keeps it close).
cv::Mat pattern(int w, int h, int channels, int depth) {
    const double maxValue = depth == CV_16U ? 65535.0 : 255.0;
    cv::Mat m(h, w, CV_MAKETYPE(CV_64F, channels));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < channels; ++c)
                m.ptr<double>(y)[x * channels + c] = maxValue * (0.5 * (x + 2.0 * y) / (w + 2.0 * h) + 0.15 * c);
    cv::Mat out;
    m.convertTo(out, CV_MAKETYPE(depth, channels));
    return out;
}

} // namespace

class TestImageLoader : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void formats_data() {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("depth");
        QTest::addColumn<bool>("lossless");
        QTest::newRow("png gray 8") << ".png" << 1 << CV_8U << true;
        QTest::newRow("png rgb 8") << ".png" << 3 << CV_8U << true;
        QTest::newRow("png rgba 8") << ".png" << 4 << CV_8U << true;
        QTest::newRow("png gray 16") << ".png" << 1 << CV_16U << true;
        QTest::newRow("png rgb 16") << ".png" << 3 << CV_16U << true;
        QTest::newRow("png rgba 16") << ".png" << 4 << CV_16U << true;
        QTest::newRow("jpeg gray") << ".jpg" << 1 << CV_8U << false;
        QTest::newRow("jpeg rgb") << ".jpg" << 3 << CV_8U << false;
        QTest::newRow("bmp gray") << ".bmp" << 1 << CV_8U << true;
        QTest::newRow("bmp rgb") << ".bmp" << 3 << CV_8U << true;
        QTest::newRow("bmp rgba") << ".bmp" << 4 << CV_8U << true;
        QTest::newRow("tiff gray 8") << ".tiff" << 1 << CV_8U << true;
        QTest::newRow("tiff rgb 8") << ".tiff" << 3 << CV_8U << true;
        QTest::newRow("tiff gray 16") << ".tiff" << 1 << CV_16U << true;
        QTest::newRow("tiff rgb 16") << ".tiff" << 3 << CV_16U << true;
    }
    void formats() {
        QFETCH(QString, ext);
        QFETCH(int, channels);
        QFETCH(int, depth);
        QFETCH(bool, lossless);
        const cv::Mat src = pattern(24, 20, channels, depth);
        const QString file = path(QStringLiteral("img_%1_%2_%3%4").arg(channels).arg(depth).arg(lossless).arg(ext));
        QVERIFY(writeImage(file, src));

        const LoadedImage img = loadImage(file);
        QVERIFY2(img.ok(), qPrintable(img.error));
        const int expectChannels = channels == 1 ? 1 : 3;
        QCOMPARE(img.image.type(), CV_MAKETYPE(CV_32F, expectChannels));
        QCOMPARE(img.originalSize, cv::Size(24, 20));
        QCOMPARE(img.originalBitDepth, depth == CV_16U ? 16 : 8);
        double lo, hi;
        cv::minMaxLoc(img.image.reshape(1), &lo, &hi);
        QVERIFY(lo >= 0.0 && hi <= 1.0);

        // Expected: the source scaled to [0,1], alpha dropped, BGR turned into RGB.
        cv::Mat expected;
        src.convertTo(expected, CV_32F, depth == CV_16U ? 1.0 / 65535.0 : 1.0 / 255.0);
        if (channels == 3) cv::cvtColor(expected, expected, cv::COLOR_BGR2RGB);
        if (channels == 4) cv::cvtColor(expected, expected, cv::COLOR_BGRA2RGB);
        const double maxError = cv::norm(img.image, expected, cv::NORM_INF);
        QVERIFY2(maxError <= (lossless ? 1e-6 : 0.12), qPrintable(QString::number(maxError)));
    }

    void alphaIsDroppedNotPremultiplied() {
        cv::Mat bgra(4, 4, CV_8UC4, cv::Scalar(10, 100, 200, 0)); // fully transparent
        QVERIFY(writeImage(path("alpha.png"), bgra));
        const LoadedImage img = loadImage(path("alpha.png"));
        QVERIFY2(img.ok(), qPrintable(img.error));
        const auto px = img.image.at<cv::Vec3f>(1, 1);
        QCOMPARE(px[0], 200.0f / 255.0f); // R
        QCOMPARE(px[1], 100.0f / 255.0f);
        QCOMPARE(px[2], 10.0f / 255.0f);
    }

    void palettePngWithTransparency() {
        QImage indexed(6, 3, QImage::Format_Indexed8);
        indexed.setColorTable({qRgba(255, 0, 0, 255), qRgba(0, 0, 255, 0)});
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 6; ++x) indexed.setPixel(x, y, x < 3 ? 0 : 1);
        QVERIFY(indexed.save(path("palette.png"), "PNG"));
        const LoadedImage img = loadImage(path("palette.png"));
        QVERIFY2(img.ok(), qPrintable(img.error));
        QCOMPARE(img.image.type(), CV_32FC3);
        QCOMPARE(img.image.at<cv::Vec3f>(0, 0), cv::Vec3f(1, 0, 0));
        QCOMPARE(img.image.at<cv::Vec3f>(2, 5), cv::Vec3f(0, 0, 1));
    }

    void cmykJpeg() {
        // Adobe-style CMYK JPEG, left half cyan, right half white (tests/data/cmyk.jpg).
        const LoadedImage img = loadImage(QStringLiteral(FAULTLINE_TEST_DATA "/cmyk.jpg"));
        QVERIFY2(img.ok(), qPrintable(img.error));
        QCOMPARE(img.image.type(), CV_32FC3);
        const auto cyan = img.image.at<cv::Vec3f>(4, 2);
        const auto white = img.image.at<cv::Vec3f>(4, 13);
        QVERIFY2(cyan[0] < 0.1f && cyan[1] > 0.9f && cyan[2] > 0.9f, "left half should be cyan");
        QVERIFY(white[0] > 0.9f && white[1] > 0.9f && white[2] > 0.9f);
    }

    void floatTiffIsClamped() {
        cv::Mat f(4, 4, CV_32FC1, cv::Scalar(0.25));
        f.at<float>(0, 0) = 3.0f;
        f.at<float>(0, 1) = -1.0f;
        QVERIFY(writeImage(path("float.tiff"), f));
        const LoadedImage img = loadImage(path("float.tiff"));
        QVERIFY2(img.ok(), qPrintable(img.error));
        QCOMPARE(img.originalBitDepth, 32);
        QCOMPARE(img.image.at<float>(0, 0), 1.0f);
        QCOMPARE(img.image.at<float>(0, 1), 0.0f);
        QCOMPARE(img.image.at<float>(2, 2), 0.25f);
    }

    void channelConversion() {
        QVERIFY(writeImage(path("gray.png"), ramp8(8, 8)));
        const LoadedImage rgb = loadImage(path("gray.png"), {0, 3});
        QVERIFY(rgb.ok());
        QCOMPARE(rgb.image.type(), CV_32FC3);
        const auto px = rgb.image.at<cv::Vec3f>(0, 7);
        QCOMPARE(px, cv::Vec3f(1, 1, 1));

        cv::Mat red(8, 8, CV_8UC3, cv::Scalar(0, 0, 255));
        QVERIFY(writeImage(path("red.png"), red));
        const LoadedImage gray = loadImage(path("red.png"), {0, 1});
        QVERIFY(gray.ok());
        QCOMPARE(gray.image.type(), CV_32FC1);
        QVERIFY(qAbs(gray.image.at<float>(3, 3) - 0.299f) < 0.01f); // luma weight of red
    }

    void resizeDownUsesAreaAverage() {
        cv::Mat checker(64, 64, CV_8UC1);
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x) checker.at<uchar>(y, x) = ((x + y) % 2) ? 255 : 0;
        QVERIFY(writeImage(path("checker.png"), checker));
        const LoadedImage img = loadImage(path("checker.png"), {32});
        QVERIFY(img.ok());
        QCOMPARE(img.image.size(), cv::Size(32, 32));
        QCOMPARE(img.originalSize, cv::Size(64, 64));
        double lo, hi;
        cv::minMaxLoc(img.image, &lo, &hi);
        QVERIFY(qAbs(lo - 0.5) < 1e-6 && qAbs(hi - 0.5) < 1e-6); // no aliasing
    }

    void resizeUpAndOnePixelImage() {
        cv::Mat one(1, 1, CV_8UC1, cv::Scalar(128));
        QVERIFY(writeImage(path("one.png"), one));
        const LoadedImage img = loadImage(path("one.png"), {8});
        QVERIFY2(img.ok(), qPrintable(img.error));
        QCOMPARE(img.image.size(), cv::Size(8, 8));
        QCOMPARE(img.originalSize, cv::Size(1, 1));
        QCOMPARE(img.image.at<float>(7, 7), 128.0f / 255.0f);

        QVERIFY(writeImage(path("ramp.png"), ramp8(2, 1)));
        const LoadedImage up = loadImage(path("ramp.png"), {16});
        QVERIFY(up.ok());
        for (int x = 1; x < 16; ++x) QVERIFY(up.image.at<float>(8, x) >= up.image.at<float>(8, x - 1));
        QVERIFY(up.image.at<float>(8, 8) > 0.2f && up.image.at<float>(8, 8) < 0.8f); // interpolated
    }

    void nonAsciiAndSpacePaths() {
        const QString file = path(QStringLiteral("données ü/画像 with space/ímage 1.png"));
        QVERIFY(writeImage(file, ramp8(5, 3)));
        const LoadedImage img = loadImage(file);
        QVERIFY2(img.ok(), qPrintable(img.error));
        QCOMPARE(img.originalSize, cv::Size(5, 3));
    }

    void badFiles_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        const QByteArray png = encode(pattern(64, 64, 3, CV_8U), ".png");
        const QByteArray jpg = encode(pattern(64, 64, 3, CV_8U), ".jpg");
        const QByteArray tif = encode(pattern(64, 64, 3, CV_8U), ".tiff");
        const QByteArray bmp = encode(pattern(64, 64, 3, CV_8U), ".bmp");
        QByteArray corruptPng = png;
        for (int i = 60; i < corruptPng.size() - 40; ++i) corruptPng[i] = char(i * 7);
        QTest::newRow("zero bytes") << "zero.png" << QByteArray() << "empty file";
        QTest::newRow("text named png") << "notes.png" << QByteArray("hello, this is not a picture\n") << "not an image";
        QTest::newRow("random bytes") << "noise.jpg" << QByteArray("\x01\x02\x03\x04\x05\x06\x07\x08\x09\xff", 10) << "not an image";
        QTest::newRow("truncated png") << "cut.png" << png.left(png.size() / 2) << "truncated PNG";
        QTest::newRow("truncated jpeg") << "cut.jpg" << jpg.left(jpg.size() / 2) << "truncated JPEG";
        QTest::newRow("truncated tiff") << "cut.tiff" << tif.left(tif.size() / 2) << "truncated TIFF";
        QTest::newRow("truncated bmp") << "cut.bmp" << bmp.left(bmp.size() / 2) << "truncated BMP";
        QTest::newRow("png header only") << "hdr.png" << png.left(20) << "truncated PNG";
        QTest::newRow("corrupt png data") << "corrupt.png" << corruptPng << "cannot decode PNG";
        QTest::newRow("png bomb") << "bomb.png" << pngDeclaring(100000, 100000) << "too large: 100000x100000";
        QTest::newRow("jpeg bomb") << "bomb.jpg" << jpegDeclaring(65000, 65000) << "too large: 65000x65000";
        QTest::newRow("gif") << "anim.png" << QByteArray("GIF89a\x01\x00\x01\x00", 10) << "unsupported format: GIF";
    }
    void badFiles() {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        QVERIFY(writeBytes(path(name), bytes));
        const LoadedImage img = loadImage(path(name));
        QVERIFY(!img.ok());
        QVERIFY(img.image.empty());
        QVERIFY2(img.error.contains(name), qPrintable(img.error));
        QVERIFY2(img.error.contains(reason), qPrintable(img.error));
    }

    void pixelLimitIsConfigurable() {
        QVERIFY(writeImage(path("hundred.png"), ramp8(100, 100)));
        ImageLoadOptions options;
        options.maxPixels = 5000;
        const LoadedImage img = loadImage(path("hundred.png"), options);
        QVERIFY(!img.ok());
        QVERIFY2(img.error.contains("too large: 100x100"), qPrintable(img.error));
        options.maxPixels = 10000;
        QVERIFY(loadImage(path("hundred.png"), options).ok());
    }

    void largeJpegDecodesReducedWithinTheMemoryLimit() {
        // 2048 x 1536 colour JPEG: a full decode needs 2048*1536*3*(1+4) bytes = 45 MiB.
        cv::Mat big = pattern(2048, 1536, 3, CV_8U);
        cv::GaussianBlur(big, big, cv::Size(0, 0), 3.0);
        QVERIFY(writeImage(path("big.jpg"), big));
        ImageLoadOptions full;
        full.maxDecodeBytes = qint64(64) << 20;
        const LoadedImage reference = loadImage(path("big.jpg"), full); // size 0: no reduction
        QVERIFY2(reference.ok(), qPrintable(reference.error));

        ImageLoadOptions reduced;
        reduced.size = 128;
        reduced.maxDecodeBytes = qint64(4) << 20; // the full decode's 45 MiB would be refused
        const LoadedImage small = loadImage(path("big.jpg"), reduced);
        QVERIFY2(small.ok(), qPrintable(small.error));
        QCOMPARE(small.image.size(), cv::Size(128, 128));
        QCOMPARE(small.originalSize, cv::Size(2048, 1536)); // the file's size, not the reduced one
        cv::Mat expected;
        cv::resize(reference.image, expected, cv::Size(128, 128), 0, 0, cv::INTER_AREA);
        QVERIFY2(cv::norm(small.image, expected, cv::NORM_INF) < 0.03, "reduced decode differs from full decode");

        // When even the reduced decode is over the limit, the error says so.
        reduced.maxDecodeBytes = qint64(256) << 10;
        const LoadedImage refused = loadImage(path("big.jpg"), reduced);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error.contains("too large to decode") && refused.error.contains("1/8 size"), qPrintable(refused.error));
        // Formats that cannot decode reduced keep the full-size limit.
        QVERIFY(writeImage(path("big.png"), big));
        reduced.maxDecodeBytes = qint64(4) << 20;
        QVERIFY(!loadImage(path("big.png"), reduced).ok());
    }

    void missingDirectoryAndBadOptions() {
        QVERIFY(loadImage(path("nope.png")).error.contains("file not found"));
        QVERIFY(loadImage(m_dir.path()).error.contains("directory"));
        QVERIFY(writeImage(path("ok.png"), ramp8(4, 4)));
        QVERIFY(loadImage(path("ok.png"), {-8}).error.contains("invalid target size"));
        QVERIFY(loadImage(path("ok.png"), {0, 2}).error.contains("invalid channel count"));
    }

    void unreadableFile() {
        if (::geteuid() == 0) QSKIP("root reads files regardless of permissions");
        QVERIFY(writeImage(path("locked.png"), ramp8(4, 4)));
        QFile::setPermissions(path("locked.png"), QFileDevice::Permissions());
        const LoadedImage img = loadImage(path("locked.png"));
        QVERIFY(!img.ok());
        QVERIFY2(img.error.contains("cannot open"), qPrintable(img.error));
    }

    void resultOwnsItsPixels() {
        QVERIFY(writeImage(path("own.png"), ramp8(8, 8)));
        LoadedImage a = loadImage(path("own.png"));
        const LoadedImage b = loadImage(path("own.png"));
        QVERIFY(a.image.data != b.image.data);
        QVERIFY(a.image.isContinuous());
        QCOMPARE(a.image.u->refcount, 1);
    }
};

QTEST_GUILESS_MAIN(TestImageLoader)
#include "tst_imageloader.moc"
