#pragma once
// The bad-input corpus shared by the CLI and GUI tests: image files that are broken in the ways
// real inspection folders are (empty, cut short, text under an image name, a decompression
// bomb, a symlink loop, a named pipe), each with the reason the dataset scan must give, plus
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
    enum class Kind { Bytes, SymlinkLoop, Fifo };
    QString name;      // a row name for data-driven tests
    QString file;      // relative to the dataset root
    Kind kind = Kind::Bytes;
    QByteArray bytes;  // Kind::Bytes only
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
    case BadFile::Kind::Bytes:
        break;
    }
    return writeBytes(target, bad.bytes);
}

} // namespace faultline::testing
