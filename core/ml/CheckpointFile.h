#pragma once
// Reads a training checkpoint (written by train() next to the bundle as MODEL.ckpt) without a
// running trainer: checks that it is a regular file, its magic bytes and its SHA-256, parses
// the training state and loads model and optimiser into the network its config describes, the
// way `train --resume` would. For tools, tests and fuzzing; plain C++, no tensors. Not
// thread-safe: loading sets the default CPU generator, which is restored before returning.

#include <QByteArray>
#include <QString>

namespace faultline::ml {

struct CheckpointSummary {
    int epochsDone = 0;
    QString model;        // "seed-ae", "ae", "vae"
    int size = 0;         // input side in pixels
    int channels = 0;
};

// False with *error naming the file when it is not a sound checkpoint (damaged, truncated,
// written by an earlier version, or describing a network over maxInputSize pixels).
bool inspectCheckpoint(const QString& path, CheckpointSummary* out, QString* error, int maxInputSize = 4096);

// The file saveCheckpoint() writes around a LibTorch archive: magic, SHA-256 of the archive,
// the archive. Lets tests and fuzzers reach the archive parser behind the checksum.
QByteArray sealCheckpointArchive(const QByteArray& archive);
// The archive inside a sealed checkpoint (no checks); empty when `sealed` is too short.
QByteArray checkpointArchive(const QByteArray& sealed);

} // namespace faultline::ml
