#pragma once
// Writes test images with OpenCV's encoders (through QFile, so any path works) and crafts
// damaged files byte by byte. Shared by the core image and dataset tests.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <vector>

namespace testimages {

inline bool writeBytes(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// ext: ".png", ".jpg", ".bmp", ".tiff"
inline QByteArray encode(const cv::Mat& mat, const char* ext, const std::vector<int>& params = {}) {
    std::vector<uchar> buf;
    if (!cv::imencode(ext, mat, buf, params)) return {};
    return QByteArray(reinterpret_cast<const char*>(buf.data()), int(buf.size()));
}

inline bool writeImage(const QString& path, const cv::Mat& mat) {
    const QString suffix = QStringLiteral(".") + QFileInfo(path).suffix().toLower();
    const QByteArray bytes = encode(mat, suffix.toStdString().c_str());
    return !bytes.isEmpty() && writeBytes(path, bytes);
}

// A gray horizontal ramp, 8-bit, w x h.
inline cv::Mat ramp8(int w, int h) {
    cv::Mat m(h, w, CV_8UC1);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) m.at<uchar>(y, x) = uchar((x * 255) / std::max(1, w - 1));
    return m;
}

// A PNG whose header declares w x h but carries a tiny (invalid) body: a decompression bomb
// seen from its header.
inline QByteArray pngDeclaring(quint32 w, quint32 h) {
    QByteArray b("\x89PNG\r\n\x1a\n", 8);
    auto be32 = [&b](quint32 v) { for (int s = 24; s >= 0; s -= 8) b.append(char((v >> s) & 0xff)); };
    be32(13);
    b.append("IHDR");
    be32(w);
    be32(h);
    b.append(char(8)).append(char(0)).append(char(0)).append(char(0)).append(char(0));
    be32(0); // CRC (not checked by the header reader)
    be32(0);
    b.append("IEND");
    be32(0xAE426082);
    return b;
}

// A JPEG whose SOF0 declares w x h (no scan data after it).
inline QByteArray jpegDeclaring(quint16 w, quint16 h) {
    QByteArray b("\xff\xd8\xff\xc0\x00\x0b\x08", 7);
    b.append(char(h >> 8)).append(char(h & 0xff)).append(char(w >> 8)).append(char(w & 0xff));
    b.append("\x01\x01\x11\x00", 4);
    b.append("\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00", 10);
    b.append(QByteArray(64, '\x55'));
    b.append("\xff\xd9", 2);
    return b;
}

} // namespace testimages
