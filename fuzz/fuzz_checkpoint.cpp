// Fuzzes the training checkpoint reader (inspectCheckpoint: what `train --resume` reads) on
// files written from the input. The first byte picks the mode:
//  - even: the rest is the whole file (magic, checksum and all), as damage on disk would leave it;
//  - odd: the rest is a list of (offset lo, offset hi, xor) patches applied to the archive of a
//    real tiny checkpoint made at start-up, then sealed with a valid checksum, so the LibTorch
//    archive and the training state behind the checksum are reached too.
// Must hold: success with a sane summary, or an error naming the file. Never a crash.
#include "core/dataset/Sample.h"
#include "core/ml/CheckpointFile.h"
#include "core/ml/Trainer.h"

#include <QDir>
#include <QFile>
#include <QImage>

#include <cstdint>
#include <cstdlib>
#include <unistd.h>

using namespace faultline;

namespace {

QString scratch(const QString& name) {
    return QDir::tempPath() + QStringLiteral("/faultline-fuzz-ckpt-%1-%2").arg(::getpid()).arg(name);
}

// The archive of a 16 px ae with widths 4/4/4 after one epoch on four generated images.
QByteArray baseArchive() {
    const QString root = scratch(QStringLiteral("data"));
    QDir().mkpath(root);
    QVector<core::Sample> samples;
    for (int i = 0; i < 4; ++i) {
        QImage img(16, 16, QImage::Format_Grayscale8);
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 16; ++x) img.setPixel(x, y, qRgb((x * 13 + y * 7 + i * 31) % 256, 0, 0));
        core::Sample s;
        s.path = QStringLiteral("%1/%2.png").arg(root).arg(i);
        img.save(s.path);
        s.split = i == 3 ? core::Split::Val : core::Split::Train;
        s.truth = core::GroundTruth::Normal;
        samples.push_back(s);
    }
    ml::TrainConfig c;
    c.model = QStringLiteral("ae");
    c.size = 16;
    c.channels = 1;
    c.widths = {4, 4, 4};
    c.latent = 4;
    c.epochs = 1;
    c.threads = 1;
    c.checkpointPath = scratch(QStringLiteral("base.ckpt"));
    ml::trainSamples(c, root, samples);
    QFile f(c.checkpointPath);
    const QByteArray sealed = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    QDir(root).removeRecursively();
    QFile::remove(c.checkpointPath);
    return ml::checkpointArchive(sealed);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const QByteArray base = baseArchive();
    static const QString path = scratch(QStringLiteral("input.ckpt"));
    if (size == 0) return 0;
    QByteArray file;
    if ((data[0] & 1) == 0 || base.isEmpty()) {
        file = QByteArray(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    } else {
        QByteArray archive = base;
        for (size_t i = 1; i + 2 < size; i += 3) {
            const qsizetype at = qsizetype((size_t(data[i]) | size_t(data[i + 1]) << 8) % size_t(archive.size()));
            archive[at] = char(archive[at] ^ char(data[i + 2]));
        }
        file = ml::sealCheckpointArchive(archive);
    }
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return 0;
        f.write(file);
    }
    ml::CheckpointSummary summary;
    QString error;
    // 64 px at most: a patched config must not make the fuzzer build a huge network.
    if (ml::inspectCheckpoint(path, &summary, &error, /*maxInputSize=*/64)) {
        if (summary.epochsDone < 0 || summary.size < 8 || summary.size > 64 || (summary.channels != 1 && summary.channels != 3))
            std::abort();
    } else if (!error.contains(path)) {
        std::abort();
    }
    return 0;
}
