#include "core/image/ImageHeader.h"

#include <QFile>

#include <algorithm>
#include <cstring>

namespace faultline::core {

namespace {

constexpr qint64 kTailBytes = 1024; // enough to find a PNG IEND or JPEG EOI behind trailing junk

// Bounds-checked big/little-endian readers over a byte array; out-of-range reads give false.
struct Bytes {
    const QByteArray& b;
    bool has(qint64 pos, qint64 n) const { return pos >= 0 && n >= 0 && pos + n <= b.size(); }
    quint32 u8(qint64 p) const { return quint8(b[int(p)]); }
    quint32 be16(qint64 p) const { return (u8(p) << 8) | u8(p + 1); }
    quint32 le16(qint64 p) const { return u8(p) | (u8(p + 1) << 8); }
    quint32 be32(qint64 p) const { return (be16(p) << 16) | be16(p + 2); }
    quint32 le32(qint64 p) const { return le16(p) | (le16(p + 2) << 16); }
};

bool startsWith(const QByteArray& b, const char* sig, int n) {
    return b.size() >= n && std::memcmp(b.constData(), sig, size_t(n)) == 0;
}

void parsePng(const Bytes& h, const QByteArray& tail, bool wholeFile, ImageHeader& out) {
    out.format = ImageFormat::Png;
    if (!h.has(8, 25) || std::memcmp(h.b.constData() + 12, "IHDR", 4) != 0) {
        out.problem = h.has(8, 25) ? QStringLiteral("corrupt PNG: first chunk is not IHDR")
                                   : QStringLiteral("truncated PNG: header incomplete");
        return;
    }
    out.width = int(std::min<quint32>(h.be32(16), 0x7fffffff));
    out.height = int(std::min<quint32>(h.be32(20), 0x7fffffff));
    out.bitDepth = int(h.u8(24));
    const int colourType = int(h.u8(25));
    switch (colourType) {
    case 0: out.channels = 1; break;
    case 2: out.channels = 3; break;
    case 3: out.channels = 1; out.palette = true; break;
    case 4: out.channels = 2; break;
    case 6: out.channels = 4; break;
    default: out.problem = QStringLiteral("corrupt PNG: colour type %1").arg(colourType); return;
    }
    // A complete PNG ends with an IEND chunk; a download or copy cut short does not.
    const QByteArray& end = wholeFile ? h.b : tail;
    if (!end.contains("IEND")) out.problem = QStringLiteral("truncated PNG: no IEND chunk at the end");
}

bool isStartOfFrame(quint32 m) {
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

bool hasEoiAfter(const QByteArray& b, qint64 from) {
    for (qint64 i = std::max<qint64>(from, 0); i + 1 < b.size(); ++i)
        if (quint8(b[int(i)]) == 0xFF && quint8(b[int(i + 1)]) == 0xD9) return true;
    return false;
}

void parseJpeg(const Bytes& h, const QByteArray& tail, bool wholeFile, ImageHeader& out) {
    out.format = ImageFormat::Jpeg;
    qint64 pos = 2;
    qint64 scanStart = -1;
    while (h.has(pos, 4)) {
        if (h.u8(pos) != 0xFF) { out.problem = QStringLiteral("corrupt JPEG: bad marker"); return; }
        quint32 marker = h.u8(pos + 1);
        if (marker == 0xFF) { ++pos; continue; } // fill byte
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { pos += 2; continue; }
        if (marker == 0xD9) break;
        const qint64 length = h.be16(pos + 2);
        if (length < 2) { out.problem = QStringLiteral("corrupt JPEG: bad segment length"); return; }
        if (isStartOfFrame(marker) && h.has(pos + 4, 6)) {
            out.bitDepth = int(h.u8(pos + 4));
            out.height = int(h.be16(pos + 5));
            out.width = int(h.be16(pos + 7));
            out.channels = int(h.u8(pos + 9));
            if (marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF) {
                out.problem = QStringLiteral("unsupported JPEG: lossless coding");
                return;
            }
        }
        if (marker == 0xDA) { scanStart = pos + 2 + length; break; }
        pos += 2 + length;
    }
    if (wholeFile) {
        if (out.channels == 0) out.problem = QStringLiteral("truncated JPEG: no frame header");
        else if (scanStart < 0) out.problem = QStringLiteral("truncated JPEG: no image data");
        else if (!hasEoiAfter(h.b, scanStart)) out.problem = QStringLiteral("truncated JPEG: no end-of-image marker");
    } else if (!hasEoiAfter(tail, 0)) {
        out.problem = QStringLiteral("truncated JPEG: no end-of-image marker");
    }
}

void parseBmp(const Bytes& h, qint64 fileSize, ImageHeader& out) {
    out.format = ImageFormat::Bmp;
    if (!h.has(0, 26)) { out.problem = QStringLiteral("truncated BMP: header incomplete"); return; }
    const quint32 dataOffset = h.le32(10);
    const quint32 dibSize = h.le32(14);
    qint64 width = 0, height = 0;
    int bpp = 0;
    quint32 compression = 0;
    if (dibSize == 12) {
        width = h.le16(18);
        height = h.le16(20);
        bpp = int(h.le16(24));
    } else if (dibSize >= 40 && h.has(0, 34)) {
        width = qint32(h.le32(18));
        height = qint32(h.le32(22));
        bpp = int(h.le16(28));
        compression = h.le32(30);
    } else {
        out.problem = QStringLiteral("corrupt BMP: unknown header size %1").arg(dibSize);
        return;
    }
    height = height < 0 ? -height : height; // negative height: rows stored top-down
    if (width <= 0 || width > 0x7fffffff || height > 0x7fffffff) {
        out.problem = QStringLiteral("corrupt BMP: invalid width %1").arg(width);
        return;
    }
    out.width = int(width);
    out.height = int(height);
    out.bitDepth = 8;
    out.palette = bpp <= 8;
    out.channels = bpp == 32 ? 4 : 3;
    const bool uncompressed = compression == 0 || compression == 3;
    if (uncompressed && bpp > 0) {
        const qint64 stride = ((width * bpp + 31) / 32) * 4;
        if (qint64(dataOffset) + stride * height > fileSize)
            out.problem = QStringLiteral("truncated BMP: pixel data shorter than declared");
    }
}

// Classic TIFF only (BigTIFF is reported with an unknown size and left to the decoder).
struct TiffReader {
    const Bytes& h;
    bool little;
    quint32 u16(qint64 p) const { return little ? h.le16(p) : h.be16(p); }
    quint32 u32(qint64 p) const { return little ? h.le32(p) : h.be32(p); }
    // Value i of an IFD entry whose values are SHORT (3) or LONG (4); false when out of reach.
    bool value(qint64 entry, quint32 i, quint32* v) const {
        const quint32 type = u16(entry + 2), count = u32(entry + 4);
        const int size = type == 3 ? 2 : type == 4 ? 4 : 0;
        if (size == 0 || i >= count) return false;
        const qint64 base = qint64(count) * size <= 4 ? entry + 8 : qint64(u32(entry + 8));
        const qint64 p = base + qint64(i) * size;
        if (!h.has(p, size)) return false;
        *v = size == 2 ? u16(p) : u32(p);
        return true;
    }
};

void parseTiff(const Bytes& h, qint64 fileSize, ImageHeader& out) {
    out.format = ImageFormat::Tiff;
    const TiffReader t{h, h.u8(0) == 'I'};
    if (t.u16(2) == 43) return; // BigTIFF
    if (!h.has(4, 4)) { out.problem = QStringLiteral("truncated TIFF: header incomplete"); return; }
    const qint64 ifd = t.u32(4);
    if (ifd + 2 > fileSize) { out.problem = QStringLiteral("truncated TIFF: directory beyond end of file"); return; }
    if (!h.has(ifd, 2)) return; // directory not within the bytes read: leave it to the decoder
    const quint32 entries = t.u16(ifd);
    qint64 offsetsEntry = -1, countsEntry = -1;
    out.channels = 1;
    for (quint32 e = 0; e < entries && h.has(ifd + 2 + e * 12, 12); ++e) {
        const qint64 entry = ifd + 2 + qint64(e) * 12;
        const quint32 tag = t.u16(entry);
        quint32 v = 0;
        if (tag == 256 && t.value(entry, 0, &v)) out.width = int(std::min<quint32>(v, 0x7fffffff));
        else if (tag == 257 && t.value(entry, 0, &v)) out.height = int(std::min<quint32>(v, 0x7fffffff));
        else if (tag == 258 && t.value(entry, 0, &v)) out.bitDepth = int(v);
        else if (tag == 277 && t.value(entry, 0, &v)) out.channels = int(v);
        else if (tag == 262 && t.value(entry, 0, &v)) out.palette = v == 3;
        else if (tag == 273 || tag == 324) offsetsEntry = entry;
        else if (tag == 279 || tag == 325) countsEntry = entry;
    }
    if (out.bitDepth == 0) out.bitDepth = 1;
    if (offsetsEntry < 0 || countsEntry < 0) return;
    // Each strip (or tile) must lie inside the file; checks the ones within reach of `head`.
    const quint32 n = std::min(t.u32(offsetsEntry + 4), t.u32(countsEntry + 4));
    for (quint32 i = 0; i < n; ++i) {
        quint32 off = 0, len = 0;
        if (!t.value(offsetsEntry, i, &off) || !t.value(countsEntry, i, &len)) break;
        if (qint64(off) + qint64(len) > fileSize) {
            out.problem = QStringLiteral("truncated TIFF: image data beyond end of file");
            return;
        }
    }
}

QString unknownReason(const QByteArray& head) {
    if (startsWith(head, "GIF8", 4)) return QStringLiteral("unsupported format: GIF");
    if (startsWith(head, "RIFF", 4) && head.mid(8, 4) == "WEBP") return QStringLiteral("unsupported format: WebP");
    const int n = int(std::min<qint64>(head.size(), 512));
    int text = 0;
    for (int i = 0; i < n; ++i) {
        const auto c = quint8(head[i]);
        if (c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f) || c >= 0xC0) ++text;
    }
    if (n > 0 && text == n) return QStringLiteral("not an image: the file holds text");
    return QStringLiteral("not an image: unrecognised file signature");
}

} // namespace

QString formatName(ImageFormat format) {
    switch (format) {
    case ImageFormat::Png: return QStringLiteral("PNG");
    case ImageFormat::Jpeg: return QStringLiteral("JPEG");
    case ImageFormat::Bmp: return QStringLiteral("BMP");
    case ImageFormat::Tiff: return QStringLiteral("TIFF");
    case ImageFormat::Unknown: break;
    }
    return QStringLiteral("unknown");
}

ImageHeader parseImageHeader(const QByteArray& head, const QByteArray& tail, qint64 fileSize) {
    ImageHeader out;
    out.fileSize = fileSize;
    if (fileSize == 0 || head.isEmpty()) {
        out.problem = QStringLiteral("empty file (0 bytes)");
        return out;
    }
    const Bytes h{head};
    const bool wholeFile = head.size() >= fileSize;
    if (startsWith(head, "\x89PNG\r\n\x1a\n", 8)) parsePng(h, tail, wholeFile, out);
    else if (startsWith(head, "\xff\xd8\xff", 3)) parseJpeg(h, tail, wholeFile, out);
    else if (startsWith(head, "BM", 2)) parseBmp(h, fileSize, out);
    else if (startsWith(head, "II*\0", 4) || startsWith(head, "MM\0*", 4) || startsWith(head, "II+\0", 4) ||
             startsWith(head, "MM\0+", 4))
        parseTiff(h, fileSize, out);
    else if (head.size() < 8 && fileSize < 8)
        out.problem = QStringLiteral("not an image: only %1 bytes").arg(fileSize);
    else
        out.problem = unknownReason(head);
    if (out.ok() && out.format != ImageFormat::Unknown && (out.width < 0 || out.height < 0 ||
        (out.format != ImageFormat::Tiff && out.format != ImageFormat::Jpeg && !out.sizeKnown())))
        out.problem = QStringLiteral("corrupt %1: zero width or height").arg(formatName(out.format));
    return out;
}

ImageHeader readImageHeader(const QString& path, qint64 headBytes) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ImageHeader out;
        out.problem = file.exists() ? QStringLiteral("cannot open: %1").arg(file.errorString())
                                    : QStringLiteral("file not found");
        return out;
    }
    const qint64 size = file.size();
    const QByteArray head = file.read(std::min(size, headBytes));
    QByteArray tail;
    if (size > head.size() && file.seek(std::max<qint64>(head.size(), size - kTailBytes))) tail = file.read(kTailBytes);
    if (size > 0 && head.isEmpty()) {
        ImageHeader out;
        out.fileSize = size;
        out.problem = QStringLiteral("cannot read: %1").arg(file.errorString());
        return out;
    }
    return parseImageHeader(head, tail, size);
}

} // namespace faultline::core
