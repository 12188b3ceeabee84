#include "core/dataset/IdxReader.h"

#include "core/io/RegularFile.h"

#include <QFile>

#include <zlib.h>

namespace faultline::core {

namespace {

bool isGzip(const QByteArray& b) { return b.size() >= 2 && quint8(b[0]) == 0x1f && quint8(b[1]) == 0x8b; }

// Inflates a gzip stream, stopping with an error once the output passes limit.
bool gunzip(const QByteArray& in, qint64 limit, QByteArray* out, QString* error) {
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) { *error = QStringLiteral("cannot start gzip decoder"); return false; }
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.constData()));
    zs.avail_in = uInt(in.size()); // IDX files are far below 4 GiB compressed
    constexpr int kChunk = 1 << 20;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (out->size() > limit) { inflateEnd(&zs); *error = QStringLiteral("too large: decompresses to more than %1 bytes").arg(limit); return false; }
        const qsizetype before = out->size();
        out->resize(before + kChunk);
        zs.next_out = reinterpret_cast<Bytef*>(out->data() + before);
        zs.avail_out = kChunk;
        rc = inflate(&zs, Z_NO_FLUSH);
        out->resize(before + (kChunk - qsizetype(zs.avail_out)));
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) { inflateEnd(&zs); *error = QStringLiteral("truncated gzip data"); return false; }
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            *error = QStringLiteral("corrupt gzip data (%1)").arg(QString::fromLatin1(zs.msg ? zs.msg : "inflate error"));
            inflateEnd(&zs);
            return false;
        }
    }
    inflateEnd(&zs);
    return true;
}

quint32 be32(const QByteArray& b, qsizetype p) {
    return (quint32(quint8(b[p])) << 24) | (quint32(quint8(b[p + 1])) << 16) | (quint32(quint8(b[p + 2])) << 8) |
           quint32(quint8(b[p + 3]));
}

IdxReadResult fail(const QString& name, const QString& reason) {
    IdxReadResult r;
    r.error = QStringLiteral("%1: %2").arg(name, reason);
    return r;
}

} // namespace

qint64 IdxArray::itemSize() const {
    qint64 n = 1;
    for (int i = 1; i < dims.size(); ++i) n *= dims[i];
    return n;
}

IdxReadResult parseIdx(const QByteArray& bytes, const QString& name, qint64 maxBytes) {
    if (bytes.isEmpty()) return fail(name, QStringLiteral("empty file (0 bytes)"));
    QByteArray raw;
    if (isGzip(bytes)) {
        QString error;
        if (!gunzip(bytes, maxBytes + 4 + 4 * 255, &raw, &error)) return fail(name, error);
    } else {
        raw = bytes;
    }
    if (raw.size() < 4) return fail(name, QStringLiteral("truncated: no IDX header"));
    if (raw[0] != 0 || raw[1] != 0) return fail(name, QStringLiteral("not an IDX file (bad magic number)"));
    const int type = quint8(raw[2]);
    const int ndims = quint8(raw[3]);
    if (type != 0x08) {
        const bool known = type == 0x09 || type == 0x0B || type == 0x0C || type == 0x0D || type == 0x0E;
        return fail(name, known ? QStringLiteral("unsupported IDX element type 0x%1 (only unsigned bytes)").arg(type, 2, 16, QLatin1Char('0'))
                                : QStringLiteral("not an IDX file (unknown element type 0x%1)").arg(type, 2, 16, QLatin1Char('0')));
    }
    if (ndims == 0) return fail(name, QStringLiteral("not an IDX file (no dimensions)"));
    const qsizetype headerSize = 4 + 4 * qsizetype(ndims);
    if (raw.size() < headerSize) return fail(name, QStringLiteral("truncated: header declares %1 dimensions").arg(ndims));
    IdxReadResult r;
    qint64 total = 1;
    for (int i = 0; i < ndims; ++i) {
        const quint32 d = be32(raw, 4 + 4 * i);
        if (d > quint32(0x7fffffff)) return fail(name, QStringLiteral("dimension %1 is negative or too large").arg(i));
        r.array.dims.push_back(int(d));
        total *= qint64(d);
        if (total > maxBytes) return fail(name, QStringLiteral("too large: declares more than %1 bytes").arg(maxBytes));
    }
    const qint64 present = raw.size() - headerSize;
    if (present < total)
        return fail(name, QStringLiteral("truncated: header declares %1 bytes of data, file holds %2").arg(total).arg(present));
    if (present > total)
        return fail(name, QStringLiteral("%1 unexpected bytes after the declared data").arg(present - total));
    r.array.data = raw.mid(headerSize);
    r.ok = true;
    return r;
}

IdxReadResult readIdx(const QString& path, qint64 maxBytes) {
    if (const QString why = regularFileProblem(path); !why.isEmpty()) return fail(path, why);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(path, file.exists() ? QStringLiteral("cannot open: %1").arg(file.errorString()) : QStringLiteral("file not found"));
    if (file.size() > maxBytes + 4 + 4 * 255) return fail(path, QStringLiteral("too large: %1 bytes").arg(file.size()));
    const QByteArray bytes = file.readAll();
    if (bytes.size() != file.size()) return fail(path, QStringLiteral("cannot read: %1").arg(file.errorString()));
    return parseIdx(bytes, path, maxBytes);
}

} // namespace faultline::core
