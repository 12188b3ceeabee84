#include "core/eval/PixelMapEvaluation.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

using namespace faultline::core;

class TestPixelMapEvaluation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mapPathConvention_data() {
        QTest::addColumn<QString>("relative");
        QTest::addColumn<QString>("expected");
        QTest::newRow("png") << "test/crack/000.png" << "/maps/test/crack/000.tiff";
        QTest::newRow("two dots") << "test/a.b/x.y.jpg" << "/maps/test/a.b/x.y.tiff";
        QTest::newRow("no extension") << "test/a.b/noext" << "/maps/test/a.b/noext.tiff";
        QTest::newRow("top level") << "a.png" << "/maps/a.tiff";
        QTest::newRow("tif source") << "test/good/b.TIF" << "/maps/test/good/b.tiff";
    }
    void mapPathConvention() {
        QFETCH(QString, relative);
        QFETCH(QString, expected);
        QCOMPARE(anomalyMapPath(QStringLiteral("/maps"), relative), expected);
    }

    void readsFloatTiffMapsAndPngMasks() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // Image 1: anomaly in the left column, found by the map. Image 2: no mask, all normal.
        cv::Mat map1 = (cv::Mat_<float>(2, 2) << 0.9f, 0.1f, 0.8f, 0.2f);
        cv::Mat mask1 = (cv::Mat_<uchar>(2, 2) << 255, 0, 255, 0);
        cv::Mat map2 = (cv::Mat_<float>(2, 3) << 0.3f, 0.05f, 0.15f, 0.25f, 0.12f, 0.0f);
        const QString m1 = dir.filePath(QStringLiteral("a.tiff"));
        const QString k1 = dir.filePath(QStringLiteral("a_mask.png"));
        const QString m2 = dir.filePath(QStringLiteral("b.tiff"));
        QVERIFY(cv::imwrite(m1.toStdString(), map1));
        QVERIFY(cv::imwrite(k1.toStdString(), mask1));
        QVERIFY(cv::imwrite(m2.toStdString(), map2));
        QCOMPARE(cv::imread(m1.toStdString(), cv::IMREAD_UNCHANGED).type(), CV_32FC1);

        int calls = 0;
        const PixelMapEvaluation e = evaluatePixelMaps({{m1, k1}, {m2, QString()}}, [&](int, int) {
            ++calls;
            return true;
        });
        QVERIFY(!e.cancelled);
        QCOMPARE(e.problems.size(), 0);
        QCOMPARE(calls, 3);
        QCOMPARE(e.metrics.images, 2);
        QCOMPARE(e.metrics.anomalousPixels, qint64(2));
        QCOMPARE(e.metrics.normalPixels, qint64(8));
        // Anomalous 0.9, 0.8 against normals up to 0.3: perfect.
        QCOMPARE(*e.metrics.auroc, 1.0);
        QCOMPARE(*e.metrics.aupro, 1.0);
    }

    void problemsNameTheFile() {
        QTemporaryDir dir;
        const QString good = dir.filePath(QStringLiteral("good.tiff"));
        QVERIFY(cv::imwrite(good.toStdString(), cv::Mat(3, 3, CV_32F, cv::Scalar(0.5))));
        const QString garbage = dir.filePath(QStringLiteral("garbage.tiff"));
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a tiff");
        f.close();
        const QString smallMask = dir.filePath(QStringLiteral("small.png"));
        QVERIFY(cv::imwrite(smallMask.toStdString(), cv::Mat(2, 2, CV_8U, cv::Scalar(255))));
        const QString missing = dir.filePath(QStringLiteral("missing.tiff"));

        const PixelMapEvaluation e = evaluatePixelMaps({{missing, QString()},
                                                        {garbage, QString()},
                                                        {good, smallMask},
                                                        {good, dir.filePath(QStringLiteral("nomask.png"))},
                                                        {good, QString()}});
        QCOMPARE(e.problems.size(), 4);
        QCOMPARE(e.problems[0].path, missing);
        QVERIFY(e.problems[0].reason.contains(QStringLiteral("no anomaly map")));
        QCOMPARE(e.problems[1].path, garbage);
        QVERIFY(e.problems[1].reason.contains(QStringLiteral("cannot decode")));
        QCOMPARE(e.problems[2].path, good);
        QVERIFY(e.problems[2].reason.contains(QStringLiteral("mask is 2x2 but the anomaly map is 3x3")));
        QVERIFY(e.problems[3].reason.contains(QStringLiteral("does not exist")));
        QCOMPARE(e.metrics.images, 1); // the last, good pair still counts
    }

    void cancelStops() {
        QTemporaryDir dir;
        const QString good = dir.filePath(QStringLiteral("good.tiff"));
        QVERIFY(cv::imwrite(good.toStdString(), cv::Mat(3, 3, CV_32F, cv::Scalar(0.5))));
        const PixelMapEvaluation e =
            evaluatePixelMaps({{good, QString()}, {good, QString()}, {good, QString()}}, [](int done, int) { return done < 1; });
        QVERIFY(e.cancelled);
        QCOMPARE(e.metrics.images, 1);
    }
};

QTEST_GUILESS_MAIN(TestPixelMapEvaluation)
#include "tst_pixelmapevaluation.moc"
