#include "core/image/ImageLoader.h"

#include "core/image/DecodeLimit.h"
#include "core/image/ImageCodecs.h"
#include "core/image/ImageHeader.h"
#include "core/io/RegularFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

namespace faultline::core {

namespace {

LoadedImage failure(const QString& path, const QString& reason) {
    LoadedImage out;
    out.error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), reason);
    return out;
}

double scaleForDepth(int depth) {
    switch (depth) {
    case CV_8U: return 1.0 / 255.0;
    case CV_16U: return 1.0 / 65535.0;
    case CV_8S: return 1.0 / 127.0;
    case CV_16S: return 1.0 / 32767.0;
    default: return 1.0; // float data is taken as already in [0,1] and clamped
    }
}

int bitsOfDepth(int depth) {
    switch (depth) {
    case CV_8U: case CV_8S: return 8;
    case CV_16U: case CV_16S: return 16;
    case CV_64F: return 64;
    default: return 32;
    }
}

// JPEG decodes straight from its DCT coefficients at 1/2, 1/4 or 1/8 of its size. When the image
// is shrunk to `size` anyway, the largest reduction that still leaves both sides >= size costs
// up to 64 times less memory and time and gives the same area-averaged result within rounding.
int jpegReduction(const ImageHeader& h, int size) {
    if (h.format != ImageFormat::Jpeg || size <= 0 || !h.sizeKnown()) return 1;
    for (const int f : {8, 4, 2})
        if (h.width / f >= size && h.height / f >= size) return f;
    return 1;
}

int reducedReadFlag(int factor, bool gray) {
    switch (factor) {
    case 2: return gray ? cv::IMREAD_REDUCED_GRAYSCALE_2 : cv::IMREAD_REDUCED_COLOR_2;
    case 4: return gray ? cv::IMREAD_REDUCED_GRAYSCALE_4 : cv::IMREAD_REDUCED_COLOR_4;
    case 8: return gray ? cv::IMREAD_REDUCED_GRAYSCALE_8 : cv::IMREAD_REDUCED_COLOR_8;
    default: return cv::IMREAD_UNCHANGED;
    }
}

} // namespace

cv::Mat toFloatImage(const cv::Mat& decoded, int channels, int size) {
    if (decoded.empty() || decoded.channels() < 1 || decoded.channels() > 4) return {};
    if (channels != 0 && channels != 1 && channels != 3) return {};
    cv::Mat f;
    decoded.convertTo(f, CV_32F, scaleForDepth(decoded.depth()));
    const int in = f.channels();
    const bool wantGray = channels == 1 || (channels == 0 && in <= 2);
    cv::Mat converted;
    if (wantGray) {
        if (in == 1) converted = f;
        else if (in == 2) cv::extractChannel(f, converted, 0); // gray + alpha: keep gray
        else if (in == 3) cv::cvtColor(f, converted, cv::COLOR_BGR2GRAY);
        else cv::cvtColor(f, converted, cv::COLOR_BGRA2GRAY);
    } else {
        if (in == 1) cv::cvtColor(f, converted, cv::COLOR_GRAY2RGB);
        else if (in == 2) { cv::Mat g; cv::extractChannel(f, g, 0); cv::cvtColor(g, converted, cv::COLOR_GRAY2RGB); }
        else if (in == 3) cv::cvtColor(f, converted, cv::COLOR_BGR2RGB);
        else cv::cvtColor(f, converted, cv::COLOR_BGRA2RGB);
    }
    if (size > 0 && (converted.cols != size || converted.rows != size)) {
        const bool shrinking = qint64(size) * size < qint64(converted.cols) * converted.rows;
        cv::Mat resized;
        cv::resize(converted, resized, cv::Size(size, size), 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
        converted = resized;
    }
    // Float TIFFs (and NaNs in them) must not leave [0,1]; patchNaNs needs a continuous mat.
    if (converted.data == decoded.data || !converted.isContinuous()) converted = converted.clone();
    cv::patchNaNs(converted, 0.0);
    cv::min(converted, 1.0, converted);
    cv::max(converted, 0.0, converted);
    return converted;
}

LoadedImage loadImage(const QString& path, const ImageLoadOptions& options) {
    if (options.size < 0) return failure(path, QStringLiteral("invalid target size %1").arg(options.size));
    if (options.channels != 0 && options.channels != 1 && options.channels != 3)
        return failure(path, QStringLiteral("invalid channel count %1 (use 1, 3 or 0)").arg(options.channels));
    if (QFileInfo(path).isDir()) return failure(path, QStringLiteral("is a directory, not an image"));
    if (const QString why = regularFileProblem(path); !why.isEmpty()) return failure(path, why);

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(path, file.exists() ? QStringLiteral("cannot open: %1").arg(file.errorString())
                                           : QStringLiteral("file not found"));
    const qint64 fileSize = file.size();
    // The header is checked from the first bytes before the whole file is read or decoded.
    const QByteArray head = file.read(std::min(fileSize, kDefaultHeadBytes));
    QByteArray tail;
    if (fileSize > head.size() && file.seek(std::max<qint64>(head.size(), fileSize - 1024))) tail = file.read(1024);
    const ImageHeader header = parseImageHeader(head, tail, fileSize);
    if (!header.ok()) return failure(path, header.problem);
    const int reduction = jpegReduction(header, options.size);
    ImageHeader decodedHeader = header; // what the decoder will actually produce
    if (reduction > 1) {
        decodedHeader.width = (header.width + reduction - 1) / reduction;
        decodedHeader.height = (header.height + reduction - 1) / reduction;
    }
    // The pixel limit applies to what the file declares, the memory limit to what decoding takes.
    if (const QString why = decodeLimitProblem(header, options.maxPixels, qint64(1) << 62); !why.isEmpty())
        return failure(path, why);
    if (const QString why = decodeLimitProblem(decodedHeader, options.maxPixels, options.maxDecodeBytes); !why.isEmpty())
        return failure(path, reduction > 1 ? why + QStringLiteral(" (already decoding at 1/%1 size)").arg(reduction) : why);

    if (!file.seek(0)) return failure(path, QStringLiteral("cannot read: %1").arg(file.errorString()));
    const QByteArray bytes = file.readAll();
    if (bytes.size() != fileSize) return failure(path, QStringLiteral("cannot read: %1").arg(file.errorString()));

    if (const QString why = codecs::problem(); !why.isEmpty()) return failure(path, why);
    cv::Mat decoded;
    try {
        const cv::Mat buffer(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.constData()));
        const bool gray = header.channels == 1 || options.channels == 1;
        decoded = codecs::decode(buffer, reduction > 1 ? reducedReadFlag(reduction, gray) : cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        return failure(path, QStringLiteral("cannot decode %1: %2").arg(formatName(header.format),
                                                                         QString::fromStdString(e.msg).trimmed()));
    }
    if (decoded.empty())
        return failure(path, QStringLiteral("cannot decode %1: corrupt or unsupported variant").arg(formatName(header.format)));
    // Sizes unknown from the header (some TIFF/JPEG) are checked after decoding.
    if (qint64(decoded.cols) * decoded.rows > options.maxPixels)
        return failure(path, QStringLiteral("too large: %1x%2 pixels, limit is %3 pixels")
                                 .arg(decoded.cols).arg(decoded.rows).arg(options.maxPixels));

    LoadedImage out;
    out.originalSize = reduction > 1 ? cv::Size(header.width, header.height) : decoded.size();
    out.originalBitDepth = bitsOfDepth(decoded.depth());
    out.image = toFloatImage(decoded, options.channels, options.resize ? options.size : 0);
    if (out.image.empty())
        return failure(path, QStringLiteral("unsupported pixel layout: %1 channels").arg(decoded.channels()));
    return out;
}

} // namespace faultline::core
