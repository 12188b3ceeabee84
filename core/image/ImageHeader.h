#pragma once
// Reads what an image file declares about itself (format, size, depth, channels) from its
// first and last bytes, without decoding pixels. Used to refuse decompression bombs before a
// decoder allocates, to report image sizes for a whole dataset cheaply, and to spot files that
// are empty, not images, or cut short. Pure functions, safe from any thread.

#include <QByteArray>
#include <QString>

namespace faultline::core {

enum class ImageFormat { Unknown, Png, Jpeg, Bmp, Tiff };

QString formatName(ImageFormat format); // "PNG", "JPEG", "BMP", "TIFF", "unknown"

struct ImageHeader {
    ImageFormat format = ImageFormat::Unknown;
    int width = 0;        // declared, 0 when the header does not say (or was not reached)
    int height = 0;
    int bitDepth = 0;     // bits per channel sample, 0 when unknown
    int channels = 0;     // samples per pixel as stored (palette PNG: 1), 0 when unknown
    bool palette = false; // PNG colour type 3 or BMP <= 8 bpp
    qint64 fileSize = 0;
    QString problem;      // empty when the file looks sound; otherwise why it cannot be used

    bool ok() const { return problem.isEmpty(); }
    bool sizeKnown() const { return width > 0 && height > 0; }
    qint64 pixels() const { return qint64(width) * qint64(height); }
};

// Parses a header from `head` (the file's first bytes) and `tail` (its last bytes, may be
// empty or overlap `head` when the file is small). fileSize is the full size on disk.
ImageHeader parseImageHeader(const QByteArray& head, const QByteArray& tail, qint64 fileSize);

// Opens `path`, reads up to headBytes from the start and 1 KiB from the end, and parses.
// An unreadable or missing file gives a problem naming the reason.
constexpr qint64 kDefaultHeadBytes = 64 * 1024; // covers JPEG EXIF blocks before the frame header
ImageHeader readImageHeader(const QString& path, qint64 headBytes = kDefaultHeadBytes);

} // namespace faultline::core
