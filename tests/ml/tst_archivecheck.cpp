// The checks that run before LibTorch reads a bundle's or checkpoint's archive: a real archive
// passes; a flipped byte inside an entry, an entry that claims more bytes than the file holds,
// and a pickle that asks for a four-billion-entry memo (68 GB for LibTorch's unpickler, found by
// fuzzing) are refused with the entry named, and train --resume's reader says the file is damaged.
#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include "core/ml/CheckpointFile.h"
#include "core/ml/Trainer.h"
#include "core/ml/internal/ArchiveCheck.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

using namespace faultline;

namespace {

quint32 le32(const QByteArray& b, qsizetype at) {
    quint32 v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | quint8(b[at + i]);
    return v;
}
quint16 le16(const QByteArray& b, qsizetype at) { return quint16(quint8(b[at]) | quint8(b[at + 1]) << 8); }
void put32(QByteArray& b, qsizetype at, quint32 v) {
    for (int i = 0; i < 4; ++i) b[at + i] = char((v >> (8 * i)) & 0xFF);
}

// One zip entry as the central directory describes it.
struct Entry {
    qsizetype directory = 0; // offset of its central directory record
    qsizetype data = 0;      // offset of its content
    quint32 size = 0;
};

Entry findEntry(const QByteArray& zip, const QByteArray& name) {
    const qsizetype eocd = zip.lastIndexOf(QByteArray("PK\x05\x06", 4));
    qsizetype p = le32(zip, eocd + 16);
    for (int i = 0, n = le16(zip, eocd + 10); i < n; ++i) {
        const int nameLength = le16(zip, p + 28);
        if (zip.mid(p + 46, nameLength).endsWith(name)) {
            const qsizetype local = le32(zip, p + 42);
            return {p, local + 30 + le16(zip, local + 26) + le16(zip, local + 28), le32(zip, p + 24)};
        }
        p += 46 + nameLength + le16(zip, p + 30) + le16(zip, p + 32);
    }
    return {};
}

// Rewrites an entry's CRC-32 after its content was changed, as a forger would.
void refreshCrc(QByteArray& zip, const Entry& e) {
    const quint32 crc = quint32(crc32(0L, reinterpret_cast<const Bytef*>(zip.constData() + e.data), uInt(e.size)));
    put32(zip, e.directory + 16, crc);
}

} // namespace

class TestArchiveCheck : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QByteArray m_archive;
    QString m_checkpoint;

private Q_SLOTS:
    void initTestCase() {
        const QVector<core::Sample> samples = testing::writeSyntheticSet(m_dir.path() + "/data", 16, 16, 4, 0);
        ml::TrainConfig c = testing::tinyTrainConfig(m_dir.filePath("m.flmodel"));
        c.epochs = 1;
        c.checkpointPath = m_dir.filePath("m.ckpt");
        const ml::TrainResult r = ml::trainSamples(c, m_dir.path() + "/data", samples);
        QVERIFY2(r.ok, qPrintable(r.error));
        QFile f(c.checkpointPath);
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_checkpoint = c.checkpointPath;
        m_archive = ml::checkpointArchive(f.readAll());
        QVERIFY(m_archive.size() > 1000);
    }

    void realArchivePasses() { QVERIFY2(ml::archiveSizeProblem(m_archive).isEmpty(), qPrintable(ml::archiveSizeProblem(m_archive))); }

    void flippedByteInsideAnEntryIsACrcMismatch() {
        QByteArray zip = m_archive;
        const Entry pickle = findEntry(zip, "data.pkl");
        QVERIFY(pickle.size > 100);
        zip[pickle.data + pickle.size / 2] = char(zip[pickle.data + pickle.size / 2] ^ 0x01);
        const QString why = ml::archiveSizeProblem(zip);
        QVERIFY2(why.contains("data.pkl") && why.contains("CRC-32 mismatch"), qPrintable(why));
    }

    void entryLargerThanTheFileIsRefused() {
        QByteArray zip = m_archive;
        const Entry pickle = findEntry(zip, "data.pkl");
        put32(zip, pickle.directory + 20, 0x7FFFFFFF);
        put32(zip, pickle.directory + 24, 0x7FFFFFFF);
        const QString why = ml::archiveSizeProblem(zip);
        QVERIFY2(why.contains("data.pkl") && why.contains("2147483647 bytes"), qPrintable(why));
        QVERIFY(!ml::archiveSizeProblem(m_archive.left(m_archive.size() - 10)).isEmpty()); // cut short
    }

    void forgedMemoIndexIsRefusedBeforeLibTorch() {
        QByteArray zip = m_archive;
        const Entry pickle = findEntry(zip, "data.pkl");
        // The first LONG_BINPUT ('r' + 4-byte index) that follows a GLOBAL's newline.
        const qsizetype at = zip.indexOf("\nr", pickle.data) + 1;
        QVERIFY(at > pickle.data && at < pickle.data + pickle.size);
        put32(zip, at + 1, 4261413172u);
        refreshCrc(zip, pickle);
        const QString why = ml::archiveSizeProblem(zip);
        QVERIFY2(why.contains("data.pkl") && why.contains("memo entry 4261413172"), qPrintable(why));

        // Through the reader train --resume uses: the file is named and called damaged.
        const QString forged = m_dir.filePath("forged.ckpt");
        QFile f(forged);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(ml::sealCheckpointArchive(zip));
        f.close();
        ml::CheckpointSummary summary;
        QString error;
        QVERIFY(!ml::inspectCheckpoint(forged, &summary, &error));
        QVERIFY2(error.contains(forged) && error.contains("memo entry"), qPrintable(error));
        QVERIFY2(ml::inspectCheckpoint(m_checkpoint, &summary, &error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestArchiveCheck)
#include "tst_archivecheck.moc"
