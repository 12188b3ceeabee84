#include "core/dataset/DatasetScanner.h"
#include "core/demo/DemoGenerator.h"
#include "core/demo/DemoTexture.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace faultline::core;

namespace {

DemoOptions smallOptions(quint64 seed = 3) {
    DemoOptions o;
    o.seed = seed;
    o.size = 96;
    o.trainGood = 6;
    o.testGood = 3;
    o.perDefect = 2;
    return o;
}

cv::Mat readGray(const QString& path) { return cv::imread(path.toStdString(), cv::IMREAD_UNCHANGED); }

QByteArray treeHash(const QString& root) {
    QStringList files;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) files << it.next();
    files.sort();
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const QString& f : files) {
        QFile file(f);
        file.open(QIODevice::ReadOnly);
        h.addData(QDir(root).relativeFilePath(f).toUtf8());
        h.addData(file.readAll());
    }
    return h.result();
}

} // namespace

class TestDemoGenerator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void textureIsSeededAndNotFlat() {
        const cv::Mat a = demoTexture(5, 128);
        QCOMPARE(a.type(), CV_32FC1);
        QCOMPARE(a.size(), cv::Size(128, 128));
        QCOMPARE(cv::norm(a, demoTexture(5, 128), cv::NORM_INF), 0.0);
        QVERIFY(cv::norm(a, demoTexture(6, 128), cv::NORM_L1) / a.total() > 0.05);
        double lo, hi;
        cv::minMaxLoc(a, &lo, &hi);
        QVERIFY(lo >= 0.0 && hi <= 1.0);
        cv::Scalar mean, sd;
        cv::meanStdDev(a, mean, sd);
        QVERIFY2(sd[0] > 0.08, "the weave must have real contrast, not a flat background");
        QVERIFY(mean[0] > 0.25 && mean[0] < 0.75);
    }

    void masksMatchDefectsExactly_data() {
        QTest::addColumn<int>("defect");
        for (DemoDefect d : allDemoDefects()) QTest::newRow(qPrintable(demoDefectName(d))) << int(d);
    }
    void masksMatchDefectsExactly() {
        QFETCH(int, defect);
        int faint = 0;
        double smallest = 1e9, largest = 0;
        for (quint64 seed = 1; seed <= 24; ++seed) {
            const cv::Mat clean = demoTexture(seed * 11, 256);
            const DefectedImage d = applyDemoDefect(clean, DemoDefect(defect), seed);
            QCOMPARE(d.mask.type(), CV_8UC1);
            const int area = cv::countNonZero(d.mask);
            QVERIFY2(area > 0, "every defect image needs a non-empty mask");
            smallest = std::min(smallest, double(area));
            largest = std::max(largest, double(area));
            if (d.strength < 0.35) ++faint;
            // Outside the mask: bit-identical to the clean texture.
            cv::Mat diff = cv::abs(d.image - clean);
            cv::Mat outside = d.mask == 0;
            double maxOutside;
            cv::minMaxLoc(diff, nullptr, &maxOutside, nullptr, nullptr, outside);
            QCOMPARE(maxOutside, 0.0);
            // Inside: most pixels changed, and visibly so on average.
            const int changed = cv::countNonZero((diff > 0.5f / 255.0f) & d.mask);
            QVERIFY2(changed >= area * 6 / 10, qPrintable(QStringLiteral("seed %1: %2 of %3 changed").arg(seed).arg(changed).arg(area)));
            QVERIFY(cv::mean(diff, d.mask)[0] > 0.02);
        }
        QVERIFY2(largest > 2.5 * smallest, "defect sizes should vary");
        QVERIFY2(faint > 0 && faint < 24, "some defects faint, most not");
    }

    void defectPositionsVary() {
        cv::Point2d first;
        double spread = 0;
        for (quint64 seed = 1; seed <= 10; ++seed) {
            const DefectedImage d = applyDemoDefect(demoTexture(1, 256), DemoDefect::Spot, seed);
            const cv::Moments m = cv::moments(d.mask, true);
            const cv::Point2d c(m.m10 / m.m00, m.m01 / m.m00);
            if (seed == 1) first = c;
            spread = std::max(spread, cv::norm(c - first));
        }
        QVERIFY(spread > 60);
    }

    void writesMvTecLayoutTheScannerReads() {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("démo set"));
        int calls = 0;
        const DemoResult res = generateDemo(out, smallOptions(), [&](int done, int total) {
            ++calls;
            return done <= total;
        });
        QVERIFY2(res.ok, qPrintable(res.error));
        QCOMPARE(res.images, 6 + 3 + 5 * 2);
        QCOMPARE(res.masks, 10);
        QVERIFY(calls >= 2);
        QVERIFY(QFile::exists(out + "/demo.json"));

        ScanOptions so;
        so.valFraction = 0;
        const ScanResult scan = scanDataset(out, so);
        QVERIFY2(scan.ok, qPrintable(scan.error));
        QCOMPARE(scan.dataset.layout, DatasetLayout::MvTec);
        QVERIFY(scan.dataset.problems.isEmpty());
        QVERIFY(scan.dataset.warnings.isEmpty());
        QCOMPARE(scan.dataset.count(Split::Train, GroundTruth::Normal), 6);
        QCOMPARE(scan.dataset.count(Split::Test, GroundTruth::Normal), 3);
        QCOMPARE(scan.dataset.count(Split::Test, GroundTruth::Anomalous), 10);
        QSet<QString> defects;
        for (const Sample& s : scan.dataset.samples) {
            const cv::Mat img = readGray(s.path);
            QCOMPARE(img.type(), CV_8UC1);
            QCOMPARE(img.rows, 96);
            if (s.truth == GroundTruth::Normal) {
                QVERIFY(s.maskPath.isEmpty());
                continue;
            }
            defects.insert(s.defect);
            const cv::Mat mask = readGray(s.maskPath);
            QVERIFY(cv::countNonZero(mask) > 0);
            QCOMPARE(cv::countNonZero((mask != 0) & (mask != 255)), 0); // binary
        }
        QCOMPARE(defects, (QSet<QString>{"scratch", "spot", "cut", "contamination", "blur"}));
        QVERIFY(!QDir(out + "/ground_truth/good").exists());
    }

    void filesMatchThePlan() {
        QTemporaryDir dir;
        const DemoOptions o = smallOptions(11);
        QVERIFY(generateDemo(dir.path(), o).ok);
        for (const DemoItem& item : demoPlan(o)) {
            const cv::Mat onDisk = readGray(dir.filePath(item.imagePath));
            cv::Mat clean;
            demoTexture(item.textureSeed, o.size).convertTo(clean, CV_8U, 255.0);
            if (!item.defect) {
                QCOMPARE(cv::norm(onDisk, clean, cv::NORM_INF), 0.0);
                continue;
            }
            // The defect image differs from its would-be clean texture exactly inside the mask.
            const cv::Mat mask = readGray(dir.filePath(item.maskPath));
            const cv::Mat differs = onDisk != clean;
            QCOMPARE(cv::countNonZero(differs & (mask == 0)), 0);
            QVERIFY(cv::countNonZero(differs & mask) >= cv::countNonZero(mask) / 2);
        }
    }

    void sameSeedSameBytesOtherSeedOtherImages() {
        QTemporaryDir a, b, c;
        QVERIFY(generateDemo(a.path(), smallOptions(5)).ok);
        QVERIFY(generateDemo(b.path(), smallOptions(5)).ok);
        QVERIFY(generateDemo(c.path(), smallOptions(6)).ok);
        QCOMPARE(treeHash(a.path()), treeHash(b.path()));
        QVERIFY(treeHash(a.path()) != treeHash(c.path()));
    }

    void refusesForeignFolderButReplacesEarlierDemo() {
        QTemporaryDir dir;
        QFile keep(dir.filePath("thesis.txt"));
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("precious");
        keep.close();
        const DemoResult refused = generateDemo(dir.path(), smallOptions());
        QVERIFY(!refused.ok);
        QVERIFY(refused.error.contains("not empty"));
        QVERIFY(QFile::exists(dir.filePath("thesis.txt")));

        QTemporaryDir demo;
        QVERIFY(generateDemo(demo.path(), smallOptions(1)).ok);
        QVERIFY(QFile::remove(demo.filePath("test/cut/000.png")));
        QVERIFY(generateDemo(demo.path(), smallOptions(1)).ok);
        QVERIFY(QFile::exists(demo.filePath("test/cut/000.png")));
    }

    void ensureDemoReusesACompleteDemo() {
        QTemporaryDir dir;
        const DemoOptions o = smallOptions(4);
        QVERIFY(!isCompleteDemo(dir.path(), o));
        int calls = 0;
        const auto count = [&calls](int, int) { ++calls; return true; };
        QVERIFY(ensureDemo(dir.path(), o, count).ok);
        QVERIFY(calls > 0);
        QVERIFY(isCompleteDemo(dir.path(), o));
        QVERIFY(!isCompleteDemo(dir.path(), smallOptions(5))); // other seed
        calls = 0;
        const DemoResult again = ensureDemo(dir.path(), o, count);
        QVERIFY(again.ok);
        QCOMPARE(calls, 0); // nothing regenerated
        QCOMPARE(again.images, 19);
        QCOMPARE(again.masks, 10);
        QVERIFY(QFile::remove(dir.filePath("ground_truth/spot/001_mask.png")));
        QVERIFY(!isCompleteDemo(dir.path(), o));
        QVERIFY(ensureDemo(dir.path(), o, count).ok);
        QVERIFY(calls > 0);
        QVERIFY(QFile::exists(dir.filePath("ground_truth/spot/001_mask.png")));
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(defaultDemoFolder().endsWith("demo-fabric-v1"));
    }

    void cancelAndBadOptions() {
        QTemporaryDir dir;
        const DemoResult cancelled = generateDemo(dir.filePath("x"), smallOptions(), [](int, int) { return false; });
        QVERIFY(!cancelled.ok);
        QVERIFY(cancelled.error.contains("cancelled"));
        DemoOptions bad = smallOptions();
        bad.size = 8;
        QVERIFY(generateDemo(dir.filePath("y"), bad).error.contains("out of range"));
        QVERIFY(!QFile::exists(dir.filePath("y")));
    }

    void planIsStable() {
        const QVector<DemoItem> plan = demoPlan(DemoOptions{});
        QCOMPARE(plan.size(), 240 + 40 + 60);
        QCOMPARE(plan.first().imagePath, QStringLiteral("train/good/000.png"));
        QCOMPARE(plan.last().imagePath, QStringLiteral("test/blur/011.png"));
        QCOMPARE(plan.last().maskPath, QStringLiteral("ground_truth/blur/011_mask.png"));
        QSet<quint64> seeds;
        for (const DemoItem& i : plan) seeds.insert(i.textureSeed);
        QCOMPARE(seeds.size(), plan.size());
    }
};

QTEST_GUILESS_MAIN(TestDemoGenerator)
#include "tst_demogenerator.moc"
