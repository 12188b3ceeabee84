#include "core/dataset/DatasetScanner.h"

#include "tests/core/TestImages.h"

#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace faultline::core;
using namespace testimages;

namespace {

const Sample* find(const Dataset& d, const QString& fileName) {
    for (const Sample& s : d.samples)
        if (QFileInfo(s.path).fileName() == fileName) return &s;
    return nullptr;
}

const FileProblem* problemFor(const Dataset& d, const QString& fileName) {
    for (const FileProblem& p : d.problems)
        if (QFileInfo(p.path).fileName() == fileName) return &p;
    return nullptr;
}

void writeSet(const QString& dir, int n, const QString& prefix = QStringLiteral("img"), const char* ext = ".png") {
    for (int i = 0; i < n; ++i)
        QVERIFY(writeImage(QStringLiteral("%1/%2_%3%4").arg(dir, prefix).arg(i, 3, 10, QLatin1Char('0')).arg(ext),
                           ramp8(8 + i % 3, 8)));
}

} // namespace

class TestDatasetScanner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mvtecLayoutWithMasksAndMixedFormats() {
        QTemporaryDir dir;
        const QString r = dir.path();
        writeSet(r + "/train/good", 10);
        writeSet(r + "/test/good", 2);
        QVERIFY(writeImage(r + "/test/scratch/000.png", ramp8(8, 8)));
        QVERIFY(writeImage(r + "/test/scratch/001.jpg", ramp8(8, 8)));
        cv::Mat deep(8, 8, CV_16UC1, cv::Scalar(40000));
        QVERIFY(writeImage(r + "/test/scratch/002.tiff", deep));
        QVERIFY(writeImage(r + "/test/hole/000.bmp", ramp8(8, 8)));
        QVERIFY(writeImage(r + "/ground_truth/scratch/000_mask.png", ramp8(8, 8)));
        QVERIFY(writeImage(r + "/ground_truth/scratch/002_mask.png", ramp8(8, 8)));
        QVERIFY(writeImage(r + "/ground_truth/hole/000_mask.png", ramp8(8, 8)));
        QVERIFY(writeBytes(r + "/license.txt", "free"));

        const ScanResult res = scanDataset(r);
        QVERIFY2(res.ok, qPrintable(res.error));
        const Dataset& d = res.dataset;
        QCOMPARE(d.layout, DatasetLayout::MvTec);
        QVERIFY(d.description.contains("MVTec AD"));
        QCOMPARE(d.samples.size(), 16);
        QCOMPARE(d.count(Split::Train, GroundTruth::Normal), 9);
        QCOMPARE(d.count(Split::Val, GroundTruth::Normal), 1);
        QCOMPARE(d.count(Split::Test, GroundTruth::Normal), 2);
        QCOMPARE(d.count(Split::Test, GroundTruth::Anomalous), 4);
        QVERIFY(d.problems.isEmpty());

        const Sample* jpg = find(d, "001.jpg");
        QVERIFY(jpg);
        QCOMPARE(jpg->defect, QStringLiteral("scratch"));
        QVERIFY(jpg->maskPath.isEmpty());
        const Sample* tif = find(d, "002.tiff");
        QVERIFY(tif);
        QCOMPARE(tif->maskPath, QDir(r).absoluteFilePath("ground_truth/scratch/002_mask.png"));
        const Sample* bmp = find(d, "000.bmp");
        QCOMPARE(bmp->defect, QStringLiteral("hole"));
        QVERIFY(bmp->maskPath.endsWith("ground_truth/hole/000_mask.png"));
        for (const Sample& s : d.samples) {
            QVERIFY(QFileInfo(s.path).isAbsolute());
            if (s.truth == GroundTruth::Normal) {
                QCOMPARE(s.defect, QStringLiteral("good"));
                QVERIFY(s.maskPath.isEmpty());
            }
        }
        QVERIFY(std::is_sorted(d.samples.begin(), d.samples.end(),
                               [](const Sample& a, const Sample& b) { return a.path < b.path; }));
        QVERIFY(d.warnings.join(" ").contains("1 of 4 anomalous test images have no ground-truth mask"));
    }

    void plainLayout() {
        QTemporaryDir dir;
        const QString r = dir.path();
        writeSet(r + "/normal", 10);
        writeSet(r + "/anomalous", 2, "loose");
        writeSet(r + "/anomalous/dent", 2);
        writeSet(r + "/unlabeled", 3);
        QVERIFY(writeImage(r + "/ground_truth/dent/img_001_mask.png", ramp8(8, 8)));

        const ScanResult res = scanDataset(r);
        QVERIFY2(res.ok, qPrintable(res.error));
        const Dataset& d = res.dataset;
        QCOMPARE(d.layout, DatasetLayout::Plain);
        QVERIFY(d.description.contains("plain"));
        // normal/: 20% held out as test normals, then 10% of the rest for validation.
        QCOMPARE(d.count(Split::Test, GroundTruth::Normal), 2);
        QCOMPARE(d.count(Split::Val, GroundTruth::Normal), 1);
        QCOMPARE(d.count(Split::Train, GroundTruth::Normal), 7);
        QCOMPARE(d.count(Split::Test, GroundTruth::Anomalous), 4);
        QCOMPARE(d.count(Split::Test, GroundTruth::Unknown), 3);
        QCOMPARE(find(d, "loose_000.png")->defect, QString());
        int dents = 0;
        for (const Sample& s : d.samples)
            if (s.defect == "dent") {
                ++dents;
                QCOMPARE(s.truth, GroundTruth::Anomalous);
                QCOMPARE(!s.maskPath.isEmpty(), s.path.endsWith("img_001.png"));
            }
        QCOMPARE(dents, 2);
    }

    void layoutFolderNamesAnyCase() {
        QTemporaryDir dir;
        writeSet(dir.path() + "/Normal", 3);
        writeSet(dir.path() + "/UNLABELED", 2);
        const ScanResult res = scanDataset(dir.path());
        QVERIFY2(res.ok, qPrintable(res.error));
        QCOMPARE(res.dataset.samples.size(), 5);
    }

    void validationSplitIsSeededAndRepeatable() {
        QTemporaryDir dir;
        writeSet(dir.path() + "/train/good", 40);
        writeSet(dir.path() + "/test/good", 2);
        auto valSet = [&](quint64 seed, double fraction) {
            ScanOptions o;
            o.seed = seed;
            o.valFraction = fraction;
            o.checkHeaders = false;
            QStringList val;
            for (const Sample& s : scanDataset(dir.path(), o).dataset.samples)
                if (s.split == Split::Val) val << s.path;
            return val;
        };
        QCOMPARE(valSet(7, 0.1).size(), 4);
        QCOMPARE(valSet(7, 0.25).size(), 10);
        QCOMPARE(valSet(7, 0.0).size(), 0);
        QCOMPARE(valSet(7, 0.1), valSet(7, 0.1));
        QVERIFY(valSet(7, 0.25) != valSet(8, 0.25));
        for (const QString& p : valSet(3, 0.5)) QVERIFY(p.contains("/train/good/"));
        QVERIFY(!scanDataset(dir.path(), {true, 1.0}).ok);
        QVERIFY(scanDataset(dir.path(), {true, -0.1}).error.contains("fraction"));
    }

    void badFilesAreProblemsAndTheRestGoesOn() {
        QTemporaryDir dir;
        const QString r = dir.path();
        writeSet(r + "/train/good", 4);
        const QByteArray png = encode(ramp8(64, 64), ".png");
        const QByteArray jpg = encode(ramp8(64, 64), ".jpg");
        QVERIFY(writeBytes(r + "/train/good/zero.png", QByteArray()));
        QVERIFY(writeBytes(r + "/train/good/text.png", "just some words\n"));
        QVERIFY(writeBytes(r + "/test/crack/cut.png", png.left(png.size() / 2)));
        QVERIFY(writeBytes(r + "/test/crack/cut.jpg", jpg.left(jpg.size() / 2)));
        QVERIFY(writeBytes(r + "/test/crack/bomb.png", pngDeclaring(200000, 200000)));
        QVERIFY(writeBytes(r + "/test/crack/notes.txt", "a defect"));
        QVERIFY(writeImage(r + "/test/crack/fine.png", ramp8(8, 8)));
        QVERIFY(writeBytes(r + "/ground_truth/crack/fine_mask.png", QByteArray()));
        QVERIFY(writeImage(r + "/test/stray.png", ramp8(8, 8)));

        const ScanResult res = scanDataset(r);
        QVERIFY2(res.ok, qPrintable(res.error));
        const Dataset& d = res.dataset;
        QCOMPARE(d.samples.size(), 5); // 4 train + fine.png
        QVERIFY(problemFor(d, "zero.png")->reason.contains("empty file"));
        QVERIFY(problemFor(d, "text.png")->reason.contains("not an image"));
        QVERIFY(problemFor(d, "cut.png")->reason.contains("truncated PNG"));
        QVERIFY(problemFor(d, "cut.jpg")->reason.contains("truncated JPEG"));
        QVERIFY(problemFor(d, "notes.txt")->reason.contains("not an image file extension"));
        QVERIFY(problemFor(d, "stray.png")->reason.contains("class folder"));
        QVERIFY(problemFor(d, "fine_mask.png")->reason.contains("mask unusable"));
        QVERIFY(find(d, "fine.png")->maskPath.isEmpty());
        QVERIFY(problemFor(d, "bomb.png")->reason.contains("too large: 200000x200000"));
        for (const FileProblem& p : d.problems) QVERIFY(QFileInfo(p.path).isAbsolute());
    }

    void withoutHeaderChecksBadFilesStay() {
        QTemporaryDir dir;
        writeSet(dir.path() + "/train/good", 2);
        QVERIFY(writeBytes(dir.path() + "/train/good/zero.png", QByteArray()));
        ScanOptions o;
        o.checkHeaders = false;
        const ScanResult res = scanDataset(dir.path(), o);
        QVERIFY(res.ok);
        QCOMPARE(res.dataset.samples.size(), 3);
    }

    void nonAsciiAndSpacePaths() {
        QTemporaryDir dir;
        const QString r = dir.path() + QStringLiteral("/jeu de données ü 画像");
        writeSet(r + QStringLiteral("/train/good"), 2, QStringLiteral("pièce n°"));
        QVERIFY(writeImage(r + QStringLiteral("/test/rayure fine/échantillon 1.png"), ramp8(8, 8)));
        QVERIFY(writeImage(r + QStringLiteral("/ground_truth/rayure fine/échantillon 1_mask.png"), ramp8(8, 8)));
        const ScanResult res = scanDataset(r);
        QVERIFY2(res.ok, qPrintable(res.error));
        QCOMPARE(res.dataset.samples.size(), 3);
        const Sample* s = find(res.dataset, QStringLiteral("échantillon 1.png"));
        QVERIFY(s);
        QCOMPARE(s->defect, QStringLiteral("rayure fine"));
        QVERIFY(QFileInfo::exists(s->maskPath));
        QVERIFY(res.dataset.problems.isEmpty());
    }

    void symlinkLoopAndBrokenLink() {
        QTemporaryDir dir;
        const QString r = dir.path();
        writeSet(r + "/train/good", 3);
        QVERIFY(QFile::link(r + "/train/good", r + "/train/good/again"));
        QVERIFY(QFile::link(r + "/nowhere.png", r + "/train/good/dangling.png"));
        const ScanResult res = scanDataset(r);
        QVERIFY2(res.ok, qPrintable(res.error));
        QCOMPARE(res.dataset.samples.size(), 3);
        QVERIFY(problemFor(res.dataset, "again")->reason.contains("symlink loop"));
        QVERIFY(problemFor(res.dataset, "dangling.png")->reason.contains("broken symbolic link"));
    }

    void fileVanishingDuringScan() {
        QTemporaryDir dir;
        writeSet(dir.path() + "/train/good", 3);
        const QString victim = dir.path() + "/train/good/img_001.png";
        const ScanResult res = scanDataset(dir.path(), {}, [&](qint64 done, qint64) {
            if (done == 0) QFile::remove(victim); // between listing and header check
            return true;
        });
        QVERIFY(res.ok);
        QCOMPARE(res.dataset.samples.size(), 2);
        QVERIFY(problemFor(res.dataset, "img_001.png")->reason.contains("not found"));
    }

    void cancelStopsTheScan() {
        QTemporaryDir dir;
        writeSet(dir.path() + "/train/good", 3);
        const ScanResult res = scanDataset(dir.path(), {}, [](qint64, qint64) { return false; });
        QVERIFY(!res.ok);
        QVERIFY(res.error.contains("cancelled"));
    }

    void emptyDatasetIsAnError() {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.path() + "/train/good"));
        const ScanResult res = scanDataset(dir.path());
        QVERIFY(!res.ok);
        QVERIFY2(res.error.contains("no images found"), qPrintable(res.error));

        QVERIFY(writeBytes(dir.path() + "/train/good/zero.png", QByteArray()));
        const ScanResult bad = scanDataset(dir.path());
        QVERIFY(!bad.ok);
        QVERIFY2(bad.error.contains("no usable images") && bad.error.contains("zero.png"), qPrintable(bad.error));
        QCOMPARE(bad.dataset.problems.size(), 1);
    }

    void noNormalTrainingImagesIsAWarning() {
        QTemporaryDir dir;
        writeSet(dir.path() + "/test/good", 2);
        writeSet(dir.path() + "/test/crack", 2);
        const ScanResult res = scanDataset(dir.path());
        QVERIFY(res.ok);
        QVERIFY(res.dataset.warnings.join(" ").contains("no normal training images"));
        QVERIFY(res.dataset.warnings.join(" ").contains("no train/good") == false); // no train/ at all
    }

    void unusableFolders() {
        QTemporaryDir dir;
        QVERIFY(scanDataset(dir.path() + "/missing").error.contains("not found"));
        QVERIFY(writeBytes(dir.path() + "/file", "x"));
        QVERIFY(scanDataset(dir.path() + "/file").error.contains("not a folder"));
        QVERIFY(QDir().mkpath(dir.path() + "/photos/holiday"));
        const QString err = scanDataset(dir.path() + "/photos").error;
        QVERIFY2(err.contains("layout not recognised") && err.contains("holiday/"), qPrintable(err));
        writeSet(dir.path() + "/mvtec/bottle/train/good", 1);
        writeSet(dir.path() + "/mvtec/cable/test/good", 1);
        const QString cats = scanDataset(dir.path() + "/mvtec").error;
        QVERIFY2(cats.contains("bottle, cable"), qPrintable(cats));
        writeSet(dir.path() + "/both/train/good", 1);
        writeSet(dir.path() + "/both/normal", 1);
        QVERIFY(scanDataset(dir.path() + "/both").error.contains("ambiguous"));
    }

    void unreadableFolder() {
        if (::geteuid() == 0) QSKIP("root reads folders regardless of permissions");
        QTemporaryDir dir;
        writeSet(dir.path() + "/train/good", 2);
        writeSet(dir.path() + "/test/locked", 2);
        QFile::setPermissions(dir.path() + "/test/locked", QFileDevice::Permissions());
        const ScanResult res = scanDataset(dir.path());
        QFile::setPermissions(dir.path() + "/test/locked", QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY(res.ok);
        QVERIFY(problemFor(res.dataset, "locked")->reason.contains("permission denied"));
    }
};

QTEST_GUILESS_MAIN(TestDatasetScanner)
#include "tst_datasetscanner.moc"
