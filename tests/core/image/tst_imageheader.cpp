#include "core/image/ImageHeader.h"

#include "tests/core/TestImages.h"

#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using namespace faultline::core;
using namespace testimages;

class TestImageHeader : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void declaredValues_data() {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("channels");
        QTest::newRow("png gray8") << ".png" << CV_8UC1 << int(ImageFormat::Png) << 8 << 1;
        QTest::newRow("png rgba16") << ".png" << CV_16UC4 << int(ImageFormat::Png) << 16 << 4;
        QTest::newRow("jpeg rgb") << ".jpg" << CV_8UC3 << int(ImageFormat::Jpeg) << 8 << 3;
        QTest::newRow("jpeg gray") << ".jpg" << CV_8UC1 << int(ImageFormat::Jpeg) << 8 << 1;
        QTest::newRow("bmp rgb") << ".bmp" << CV_8UC3 << int(ImageFormat::Bmp) << 8 << 3;
        QTest::newRow("tiff gray16") << ".tiff" << CV_16UC1 << int(ImageFormat::Tiff) << 16 << 1;
        QTest::newRow("tiff rgb8") << ".tiff" << CV_8UC3 << int(ImageFormat::Tiff) << 8 << 3;
        QTest::newRow("tiff float") << ".tiff" << CV_32FC1 << int(ImageFormat::Tiff) << 32 << 1;
    }
    void declaredValues() {
        QFETCH(QString, ext);
        QFETCH(int, type);
        QFETCH(int, format);
        QFETCH(int, bits);
        QFETCH(int, channels);
        const QString path = m_dir.filePath(QStringLiteral("h%1%2").arg(type).arg(ext));
        QVERIFY(writeImage(path, cv::Mat(37, 53, type, cv::Scalar::all(1))));
        const ImageHeader h = readImageHeader(path);
        QVERIFY2(h.ok(), qPrintable(h.problem));
        QCOMPARE(int(h.format), format);
        QCOMPARE(h.width, 53);
        QCOMPARE(h.height, 37);
        QCOMPARE(h.bitDepth, bits);
        QCOMPARE(h.channels, channels);
        QCOMPARE(h.fileSize, QFileInfo(path).size());
    }

    void palettePng() {
        QImage indexed(3, 2, QImage::Format_Indexed8);
        indexed.setColorTable({qRgb(1, 2, 3), qRgb(4, 5, 6)});
        indexed.fill(1);
        const QString path = m_dir.filePath("pal.png");
        QVERIFY(indexed.save(path));
        const ImageHeader h = readImageHeader(path);
        QVERIFY(h.ok());
        QVERIFY(h.palette);
        QCOMPARE(h.width, 3);
    }

    void largeJpegHeaderFromHeadAndTail() {
        // A JPEG bigger than the head read: the end-of-image marker is found in the tail.
        cv::Mat noise(300, 300, CV_8UC3);
        cv::randu(noise, 0, 255);
        const QByteArray jpg = encode(noise, ".jpg");
        QVERIFY(jpg.size() > 4096);
        QVERIFY(writeBytes(m_dir.filePath("big.jpg"), jpg));
        QVERIFY(readImageHeader(m_dir.filePath("big.jpg"), 4096).ok());
        QVERIFY(writeBytes(m_dir.filePath("bigcut.jpg"), jpg.left(jpg.size() - 100)));
        QVERIFY(readImageHeader(m_dir.filePath("bigcut.jpg"), 4096).problem.contains("truncated JPEG"));
        QByteArray junk = jpg + QByteArray(200, 'x'); // trailing junk after the EOI is tolerated
        QVERIFY(writeBytes(m_dir.filePath("junk.jpg"), junk));
        QVERIFY(readImageHeader(m_dir.filePath("junk.jpg"), 4096).ok());
    }

    void bombsAreReadFromHeaders() {
        const QByteArray p = pngDeclaring(70000, 80000);
        const ImageHeader png = parseImageHeader(p, {}, p.size());
        QVERIFY(png.ok());
        QCOMPARE(png.pixels(), qint64(70000) * 80000);
        const QByteArray j = jpegDeclaring(65535, 65535);
        const ImageHeader jpeg = parseImageHeader(j, {}, j.size());
        QCOMPARE(jpeg.width, 65535);
    }

    void garbageNeverCrashes() {
        // Random prefixes of every signature: the parser must only ever return a problem or a header.
        const QByteArray sigs[] = {QByteArray("\x89PNG\r\n\x1a\n", 8), QByteArray("\xff\xd8\xff", 3), QByteArray("BM"),
                                   QByteArray("II*\0", 4), QByteArray("MM\0*", 4)};
        quint32 state = 12345;
        for (const QByteArray& sig : sigs)
            for (int trial = 0; trial < 3000; ++trial) {
                QByteArray b = sig;
                const int n = int(state % (trial < 1000 ? 40 : 300)); // many very short files
                for (int i = 0; i < n; ++i) {
                    state = state * 1664525u + 1013904223u;
                    b.append(char(state >> 24));
                }
                const ImageHeader h = parseImageHeader(b, b.right(64), b.size() + qint64(state % 3) * 1000);
                QVERIFY(h.ok() || !h.problem.isEmpty());
                QVERIFY(h.width >= 0 && h.height >= 0);
            }
    }

    void namesFormats() {
        QCOMPARE(formatName(ImageFormat::Tiff), QStringLiteral("TIFF"));
        QCOMPARE(readImageHeader(m_dir.filePath("none.png")).problem, QStringLiteral("file not found"));
        QCOMPARE(parseImageHeader({}, {}, 0).problem, QStringLiteral("empty file (0 bytes)"));
    }
};

QTEST_GUILESS_MAIN(TestImageHeader)
#include "tst_imageheader.moc"
