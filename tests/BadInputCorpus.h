#pragma once
// The bad-input corpus shared by the CLI and GUI tests: image files that are broken in the ways
// real inspection folders are (empty, cut short, text under an image name, a decompression
// bomb, a symlink loop, a named pipe, a side too long to decode, an image that would take too much
// memory to decode, a file name that is not UTF-8), each with the reason the dataset scan must give, plus
// the ordinary images that sit next to them. Everything is generated; nothing is downloaded.
#include <QBuffer>
#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QString>
#include <QVector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <vector>

namespace faultline::testing {

inline bool writeBytes(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

inline QByteArray encode(const char* ext, const cv::Mat& m) {
    std::vector<uchar> buf;
    cv::imencode(ext, m, buf);
    return QByteArray(reinterpret_cast<const char*>(buf.data()), int(buf.size()));
}

inline cv::Mat pattern(int w, int h, int type = CV_8UC1) {
    cv::Mat m(h, w, type);
    cv::randu(m, 0, type == CV_16UC1 ? 65535 : 255);
    return m;
}

inline QByteArray qimagePng(const QImage& img) {
    QByteArray b;
    QBuffer buf(&b);
    buf.open(QIODevice::WriteOnly);
    img.save(&buf, "PNG");
    return b;
}

inline quint32 pngCrc32(const QByteArray& data) {
    quint32 c = 0xFFFFFFFFu;
    for (char ch : data) {
        c ^= quint8(ch);
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

inline QByteArray pngChunk(const char* type, const QByteArray& body) {
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s << quint32(body.size());
    const QByteArray typed = QByteArray(type, 4) + body;
    out.append(typed);
    QByteArray crc;
    QDataStream(&crc, QIODevice::WriteOnly) << pngCrc32(typed);
    return out + crc;
}

// A well-formed PNG container whose header declares 60000x60000 grey pixels (3.6 gigapixels).
inline QByteArray pngBomb() {
    QByteArray ihdr;
    QDataStream s(&ihdr, QIODevice::WriteOnly);
    s << quint32(60000) << quint32(60000) << quint8(8) << quint8(0) << quint8(0) << quint8(0) << quint8(0);
    const QByteArray idat = qCompress(QByteArray(1024, '\0')).mid(4); // zlib stream
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", idat) + pngChunk("IEND", {});
}

// A PNG container that declares width x height at this depth and colour type (pixels not valid).
inline QByteArray pngDeclaring(quint32 width, quint32 height, quint8 depth = 8, quint8 colourType = 0) {
    QByteArray ihdr;
    QDataStream s(&ihdr, QIODevice::WriteOnly);
    s << width << height << depth << colourType << quint8(0) << quint8(0) << quint8(0);
    const QByteArray idat = qCompress(QByteArray(1024, '\0')).mid(4);
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", idat) + pngChunk("IEND", {});
}

// A valid PNG whose compressed pixel data is damaged, so only decoding finds the problem.
inline QByteArray pngCorruptData() {
    QByteArray png = encode(".png", pattern(32, 32));
    const int idat = png.indexOf("IDAT");
    for (int i = idat + 10; i < idat + 40 && i < png.size() - 12; ++i) png[i] = char(png[i] ^ 0x5A);
    return png;
}

// The ordinary images every corpus dataset (plain layout) holds next to the odd ones.
inline QStringList writeGoodFiles(const QString& root) {
    QStringList written;
    for (int i = 0; i < 3; ++i) written << QStringLiteral("normal/g%1.png").arg(i);
    written << QStringLiteral("anomalous/a0.png");
    for (const QString& rel : written) writeBytes(root + QLatin1Char('/') + rel, encode(".png", pattern(32, 32)));
    return written;
}

// One file the scan must leave out, with the reason it must give.
struct BadFile {
    enum class Kind { Bytes, SymlinkLoop, Fifo, RawName };
    QString name;      // a row name for data-driven tests
    QString file;      // relative to the dataset root; RawName: as the scan shows it (\xNN escapes)
    Kind kind = Kind::Bytes;
    QByteArray bytes;  // Kind::Bytes: the content; RawName: the file name's bytes (a PNG is written)
    QString reason;    // a part of the scan's reason
};

inline QVector<BadFile> badImageFiles() {
    const QByteArray png = encode(".png", pattern(32, 32));
    const QByteArray jpg = encode(".jpg", pattern(32, 32));
    using K = BadFile::Kind;
    return {
        {QStringLiteral("zero bytes"), QStringLiteral("normal/zero.png"), K::Bytes, QByteArray(), QStringLiteral("empty file")},
        {QStringLiteral("truncated png"), QStringLiteral("normal/cut.png"), K::Bytes, png.left(png.size() / 2),
         QStringLiteral("truncated PNG")},
        {QStringLiteral("truncated jpeg"), QStringLiteral("normal/cut.jpg"), K::Bytes, jpg.left(jpg.size() / 2),
         QStringLiteral("truncated JPEG")},
        {QStringLiteral("text named png"), QStringLiteral("normal/notes.png"), K::Bytes,
         QByteArray("this is not a picture\n"), QStringLiteral("not an image")},
        {QStringLiteral("decompression bomb"), QStringLiteral("normal/bomb.png"), K::Bytes, pngBomb(),
         QStringLiteral("too large")},
        {QStringLiteral("symlink loop"), QStringLiteral("normal/loop"), K::SymlinkLoop, QByteArray(),
         QStringLiteral("symlink loop")},
        {QStringLiteral("named pipe"), QStringLiteral("normal/pipe.png"), K::Fifo, QByteArray(),
         QStringLiteral("not a regular file")},
        // OpenCV refuses a side over 2^20 pixels; 10^8 x 1 is within the pixel limit.
        {QStringLiteral("one side too long"), QStringLiteral("normal/line.png"), K::Bytes, pngDeclaring(100000000, 1),
         QStringLiteral("one side may be at most")},
        // 10^8 pixels of RGBA 16-bit: within the pixel limit, 2.4 GB to decode.
        {QStringLiteral("decode memory"), QStringLiteral("normal/deep.png"), K::Bytes, pngDeclaring(9999, 9999, 16, 6),
         QStringLiteral("too large to decode")},
        // Bytes 0x30 0xFF 0x30: not UTF-8, so Qt cannot even stat the file by its decoded name.
        {QStringLiteral("non-UTF-8 name"), QStringLiteral("normal/0\\xff0.png"), K::RawName, QByteArray("normal/0\xff" "0.png"),
         QStringLiteral("not valid UTF-8")},
    };
}

// Creates the bad file under root (a symlink loop points back at its own folder).
inline bool writeBadFile(const QString& root, const BadFile& bad) {
    const QString target = root + QLatin1Char('/') + bad.file;
    switch (bad.kind) {
    case BadFile::Kind::SymlinkLoop:
        QDir().mkpath(QFileInfo(target).absolutePath());
        return QFile::link(QFileInfo(target).absolutePath(), target);
    case BadFile::Kind::Fifo:
        QDir().mkpath(QFileInfo(target).absolutePath());
        return ::mkfifo(QFile::encodeName(target).constData(), 0600) == 0;
    case BadFile::Kind::RawName: {
        QDir().mkpath(QFileInfo(target).absolutePath());
        const QByteArray raw = QFile::encodeName(root) + '/' + bad.bytes;
        FILE* f = std::fopen(raw.constData(), "wb");
        if (!f) return false;
        const QByteArray png = encode(".png", pattern(32, 32));
        const bool ok = std::fwrite(png.constData(), 1, size_t(png.size()), f) == size_t(png.size());
        return std::fclose(f) == 0 && ok;
    }
    case BadFile::Kind::Bytes:
        break;
    }
    return writeBytes(target, bad.bytes);
}

} // namespace faultline::testing
