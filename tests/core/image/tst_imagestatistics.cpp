#include "core/image/ImageStatistics.h"

#include "../TestImages.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace faultline::core;

class TestImageStatistics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void checkerboardByHand() {
        // 0/1 checkerboard: mean 0.5, standard deviation 0.5. Every pixel's four neighbours have
        // the other value (OpenCV mirrors the border without repeating the edge pixel, so that
        // holds on the border too): Laplacian = 4 (1 - v) - 4 v = +-4, variance 16.
        cv::Mat board(4, 6, CV_32FC1);
        for (int y = 0; y < board.rows; ++y)
            for (int x = 0; x < board.cols; ++x) board.at<float>(y, x) = float((x + y) % 2);
        const ImageStatistics s = imageStatistics(board);
        QCOMPARE(s.brightness, 0.5);
        QCOMPARE(s.contrast, 0.5);
        QVERIFY(std::abs(s.sharpness - 16.0) < 1e-9);
        QCOMPARE(s.width, 6);
        QCOMPARE(s.height, 4);
        const ImageStatistics flat = imageStatistics(cv::Mat(3, 3, CV_32FC1, cv::Scalar(0.25)));
        QCOMPARE(flat.brightness, 0.25);
        QCOMPARE(flat.contrast, 0.0);
        QCOMPARE(flat.sharpness, 0.0);
    }

    void fromAFileAtItsStoredSize() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ramp.png"));
        const cv::Mat ramp = testimages::ramp8(40, 30);
        QVERIFY(testimages::writeImage(path, ramp));
        ImageStatistics s;
        QString error;
        QVERIFY2(imageStatisticsOfFile(path, &s, &error), qPrintable(error));
        QCOMPARE(s.width, 40);
        QCOMPARE(s.height, 30);
        // The ramp runs 0..255 evenly in 40 columns: its mean is half the full scale.
        QVERIFY(std::abs(s.brightness - cv::mean(ramp)[0] / 255.0) < 1e-6);
        // 20% darker pixels: brightness and contrast scale by 0.8, the Laplacian's variance by 0.64.
        cv::Mat darker;
        ramp.convertTo(darker, CV_8U, 0.8);
        const QString darkPath = dir.filePath(QStringLiteral("dark.png"));
        QVERIFY(testimages::writeImage(darkPath, darker));
        ImageStatistics d;
        QVERIFY(imageStatisticsOfFile(darkPath, &d, &error));
        QVERIFY(std::abs(d.brightness / s.brightness - 0.8) < 0.01);
        QVERIFY(std::abs(d.contrast / s.contrast - 0.8) < 0.01);

        const QString bad = dir.filePath(QStringLiteral("bad.png"));
        QVERIFY(testimages::writeBytes(bad, QByteArray("not an image")));
        QStringList problems;
        const QVector<ImageStatistics> all = imageStatisticsOfFiles({path, bad, darkPath}, &problems);
        QCOMPARE(all.size(), 2);
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems[0].contains(bad));
    }

    void jsonRoundTrip() {
        QVector<ImageStatistics> stats{{0.5, 0.1, 0.02, 64, 48}, {0.25, 0.2, 0.001, 128, 96}};
        const QVector<ImageStatistics> back = imageStatisticsFromJson(imageStatisticsToJson(stats));
        QCOMPARE(back.size(), 2);
        QCOMPARE(back[1].brightness, 0.25);
        QCOMPARE(back[1].sharpness, 0.001);
        QCOMPARE(back[0].width, 64);
        QCOMPARE(back[1].height, 96);
        // A column of the wrong length or a missing count reads as nothing, never as half a table.
        QJsonObject broken = imageStatisticsToJson(stats);
        broken.insert(QStringLiteral("width"), QJsonArray{1});
        QVERIFY(imageStatisticsFromJson(broken).isEmpty());
        QVERIFY(imageStatisticsFromJson(QJsonObject()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestImageStatistics)
#include "tst_imagestatistics.moc"
