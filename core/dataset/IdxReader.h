#pragma once
// Reads IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed. Only the
// unsigned-byte element type is supported, which is what image and label files use.
// Pure functions, safe from any thread.

#include <QByteArray>
#include <QString>
#include <QVector>

namespace faultline::core {

struct IdxArray {
    QVector<int> dims;   // e.g. {60000, 28, 28} for images, {60000} for labels
    QByteArray data;     // row-major unsigned bytes, product(dims) long
    qint64 count() const { return dims.isEmpty() ? 0 : dims.first(); }
    qint64 itemSize() const; // product of all dims but the first
};

struct IdxReadResult {
    bool ok = false;
    QString error;       // "<file>: <reason>" (truncated, not IDX, unsupported type, too large, ...)
    IdxArray array;
};

constexpr qint64 kIdxMaxBytes = qint64(1) << 31; // refuses declared sizes beyond 2 GiB

// `bytes` is the file's content (gzip is detected by its magic number); name is used in errors.
IdxReadResult parseIdx(const QByteArray& bytes, const QString& name, qint64 maxBytes = kIdxMaxBytes);
IdxReadResult readIdx(const QString& path, qint64 maxBytes = kIdxMaxBytes);

} // namespace faultline::core
