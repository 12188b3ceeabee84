#include "core/dataset/DatasetScanner.h"
#include "core/dataset/IdxImporter.h"
#include "core/dataset/IdxReader.h"

#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <zlib.h>

using namespace faultline::core;

namespace {

QByteArray idxHeader(quint8 type, const QVector<int>& dims) {
    QByteArray b(4, '\0');
    b[2] = char(type);
    b[3] = char(dims.size());
    for (int d : dims)
        for (int s = 24; s >= 0; s -= 8) b.append(char((quint32(d) >> s) & 0xff));
    return b;
}

// n images of rows x cols; pixel value encodes the image index so files can be traced back.
QByteArray idxImages(int n, int rows, int cols) {
    QByteArray b = idxHeader(0x08, {n, rows, cols});
    for (int i = 0; i < n; ++i)
        for (int p = 0; p < rows * cols; ++p) b.append(char((i * 7 + p) % 256));
    return b;
}

QByteArray idxLabels(const QVector<int>& labels) {
    QByteArray b = idxHeader(0x08, {int(labels.size())});
    for (int l : labels) b.append(char(l));
    return b;
}

QByteArray gzip(const QByteArray& raw) {
    z_stream zs{};
    deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&zs, uLong(raw.size()))) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.constData()));
    zs.avail_in = uInt(raw.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(int(zs.total_out));
    deflateEnd(&zs);
    return out;
}

bool write(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestIdxImport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    const QVector<int> m_trainLabels{0, 1, 2, 0, 3, 0, 9, 4, 0, 5};
    const QVector<int> m_testLabels{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 7};

    IdxImportOptions writeSet(const QString& tag, bool gz) {
        auto put = [&](const QString& name, const QByteArray& raw) {
            const QString path = m_dir.filePath(tag + "-" + name + (gz ? ".gz" : ""));
            write(path, gz ? gzip(raw) : raw);
            return path;
        };
        IdxImportOptions o;
        o.trainImages = put("train-images", idxImages(int(m_trainLabels.size()), 6, 5));
        o.trainLabels = put("train-labels", idxLabels(m_trainLabels));
        o.testImages = put("test-images", idxImages(int(m_testLabels.size()), 6, 5));
        o.testLabels = put("test-labels", idxLabels(m_testLabels));
        return o;
    }

private Q_SLOTS:
    void readsPlainAndGzip_data() {
        QTest::addColumn<bool>("gz");
        QTest::newRow("plain") << false;
        QTest::newRow("gzip") << true;
    }
    void readsPlainAndGzip() {
        QFETCH(bool, gz);
        const IdxImportOptions o = writeSet(gz ? "r-gz" : "r-plain", gz);
        const IdxReadResult images = readIdx(o.trainImages);
        QVERIFY2(images.ok, qPrintable(images.error));
        QCOMPARE(images.array.dims, (QVector<int>{10, 6, 5}));
        QCOMPARE(images.array.itemSize(), 30);
        QCOMPARE(images.array.data.size(), 300);
        QCOMPARE(quint8(images.array.data[30 * 3 + 4]), quint8((3 * 7 + 4) % 256));
        const IdxReadResult labels = readIdx(o.trainLabels);
        QVERIFY(labels.ok);
        QCOMPARE(labels.array.count(), 10);
        QCOMPARE(int(labels.array.data[6]), 9);
    }

    void badIdxFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        const QByteArray good = idxImages(4, 3, 3);
        QTest::newRow("empty") << QByteArray() << "empty file";
        QTest::newRow("short header") << QByteArray("\0\0", 2) << "truncated";
        QTest::newRow("bad magic") << QByteArray("PK\x03\x04zipzipzip") << "not an IDX file";
        QTest::newRow("float type") << (idxHeader(0x0D, {2}) + QByteArray(8, '\0')) << "unsupported IDX element type 0x0d";
        QTest::newRow("dims cut") << idxHeader(0x08, {4, 3, 3}).left(10) << "truncated: header declares 3 dimensions";
        QTest::newRow("data cut") << good.left(good.size() - 5) << "truncated: header declares 36 bytes of data, file holds 31";
        QTest::newRow("trailing") << (good + "xx") << "2 unexpected bytes";
        QTest::newRow("huge dims") << idxHeader(0x08, {100000, 100000, 100000}) << "too large";
        QTest::newRow("gzip cut") << gzip(good).left(20) << "truncated gzip data";
        QByteArray corrupt = gzip(good);
        for (int i = 12; i < corrupt.size() - 8; ++i) corrupt[i] = char(0xff);
        QTest::newRow("gzip corrupt") << corrupt << "gzip";
    }
    void badIdxFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        const QString path = m_dir.filePath(QStringLiteral("bad-%1.idx").arg(QTest::currentDataTag()));
        QVERIFY(write(path, bytes));
        const IdxReadResult r = readIdx(path);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.startsWith(path + ": "), qPrintable(r.error));
        QVERIFY2(r.error.contains(reason), qPrintable(r.error));
        QVERIFY(readIdx(m_dir.filePath("missing.idx")).error.contains("file not found"));
    }

    void gzipBombIsStopped() {
        const QByteArray zeros = idxHeader(0x08, {64 * 1024 * 1024}) + QByteArray(64 * 1024 * 1024, '\0');
        const IdxReadResult r = parseIdx(gzip(zeros), "bomb.gz", /*maxBytes=*/1 << 20);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains("too large"), qPrintable(r.error));
    }

    void garbageNeverCrashes() {
        // Random bytes behind a valid IDX magic, plain and gzipped: an error or a consistent array.
        quint32 state = 99;
        for (int trial = 0; trial < 2000; ++trial) {
            QByteArray b("\0\0\x08", 3);
            const int n = int(state % 40);
            for (int i = 0; i < n; ++i) {
                state = state * 1664525u + 1013904223u;
                b.append(char((state >> 24) % (i < 1 ? 4 : 256)));
            }
            for (const QByteArray& input : {b, gzip(b), gzip(b).left(int(state % 30))}) {
                const IdxReadResult r = parseIdx(input, "fuzz", 1 << 16);
                if (!r.ok) QVERIFY(!r.error.isEmpty());
                else QCOMPARE(qint64(r.array.data.size()), r.array.count() * r.array.itemSize());
            }
        }
    }

    void importWritesOneClassProtocol_data() {
        QTest::addColumn<bool>("gz");
        QTest::newRow("plain") << false;
        QTest::newRow("gzip") << true;
    }
    void importWritesOneClassProtocol() {
        QFETCH(bool, gz);
        IdxImportOptions o = writeSet(gz ? "i-gz" : "i-plain", gz);
        o.normalClass = 0;
        const QString out = m_dir.filePath(gz ? "out-gz" : "out-plain");
        const IdxImportResult res = importIdx(o, out);
        QVERIFY2(res.ok, qPrintable(res.error));
        QCOMPARE(res.trainGood, 4);
        QCOMPARE(res.testGood, 2);
        QCOMPARE(res.testAnomalous, 10);

        const ScanResult scan = scanDataset(out, {true, 0.0});
        QVERIFY2(scan.ok, qPrintable(scan.error));
        QCOMPARE(scan.dataset.layout, DatasetLayout::MvTec);
        QCOMPARE(scan.dataset.count(Split::Train, GroundTruth::Normal), 4);
        QCOMPARE(scan.dataset.count(Split::Test, GroundTruth::Normal), 2);
        QCOMPARE(scan.dataset.count(Split::Test, GroundTruth::Anomalous), 10);
        QVERIFY(scan.dataset.problems.isEmpty());
        QVERIFY(QFile::exists(out + "/test/ankle_boot/00009.png"));
        QVERIFY(QFile::exists(out + "/test/sneaker/00011.png"));
        QVERIFY(QFile::exists(out + "/test/good/00010.png"));
        QVERIFY(!QFile::exists(out + "/test/t-shirt_top"));
        // Train image 5 (label 0) holds the pixels of IDX item 5, unchanged.
        const cv::Mat img = cv::imread((out + "/train/good/00005.png").toStdString(), cv::IMREAD_UNCHANGED);
        QCOMPARE(img.type(), CV_8UC1);
        QCOMPARE(img.size(), cv::Size(5, 6));
        QCOMPARE(int(img.at<uchar>(1, 2)), (5 * 7 + 1 * 5 + 2) % 256);
    }

    void importRefusesBadInput() {
        IdxImportOptions o = writeSet("bad", false);
        o.normalClass = 10;
        IdxImportResult r = importIdx(o, m_dir.filePath("never"));
        QVERIFY(!r.ok && r.inputError);
        QVERIFY(r.error.contains("normal class 10"));
        QVERIFY(!QFile::exists(m_dir.filePath("never")));

        o.normalClass = 0;
        o.trainLabels = o.testLabels; // 12 labels for 10 images
        r = importIdx(o, m_dir.filePath("never"));
        QVERIFY(r.inputError);
        QVERIFY2(r.error.contains("12 labels") && r.error.contains("10 images"), qPrintable(r.error));

        o = writeSet("bad2", false);
        write(o.trainLabels, idxLabels({0, 1, 2, 0, 3, 0, 12, 4, 0, 5}));
        r = importIdx(o, m_dir.filePath("never"));
        QVERIFY2(r.error.contains("label 12 of item 6"), qPrintable(r.error));

        o = writeSet("bad3", false);
        o.testImages = o.testLabels; // labels where images belong
        r = importIdx(o, m_dir.filePath("never"));
        QVERIFY2(r.error.contains("expected images"), qPrintable(r.error));

        o = writeSet("bad4", false);
        o.normalClass = 6; // no training image has label 6
        r = importIdx(o, m_dir.filePath("none6"));
        QVERIFY2(r.error.contains("no training image has label 6"), qPrintable(r.error));
    }

    void importKeepsForeignFolderAndReplacesEarlierImport() {
        const IdxImportOptions o = writeSet("again", true);
        const QString out = m_dir.filePath("again-out");
        QVERIFY(importIdx(o, out).ok);
        IdxImportOptions other = o;
        other.normalClass = 9;
        const IdxImportResult second = importIdx(other, out);
        QVERIFY2(second.ok, qPrintable(second.error));
        QVERIFY(QFile::exists(out + "/test/t-shirt_top/00000.png"));
        QVERIFY(!QFile::exists(out + "/test/ankle_boot"));

        QVERIFY(QDir().mkpath(m_dir.filePath("foreign")));
        QVERIFY(write(m_dir.filePath("foreign/keep.txt"), "mine"));
        const IdxImportResult refused = importIdx(o, m_dir.filePath("foreign"));
        QVERIFY(!refused.ok && refused.inputError);
        QVERIFY(QFile::exists(m_dir.filePath("foreign/keep.txt")));
    }
};

QTEST_GUILESS_MAIN(TestIdxImport)
#include "tst_idximport.moc"
