#include "ui/ThumbnailLoader.h"

#if __has_include("core/ImageLoader.h")
#include "core/ImageBridge.h"
#include "core/ImageLoader.h"
#define FAULTLINE_HAVE_IMAGE_LOADER 1
#else
#include <QImageReader>
#endif

namespace faultline::ui {

namespace {
constexpr qint64 kMaxThumbnailSourcePixels = 100'000'000;  // same decompression-bomb limit as the scanner
}

QImage loadThumbnail(const QString& path, int side, QString* error) {
#ifdef FAULTLINE_HAVE_IMAGE_LOADER
    core::ImageLoadOptions options;
    options.maxPixels = kMaxThumbnailSourcePixels;
    const core::LoadedImage loaded = core::loadImage(path, options);
    if (!loaded.ok()) {
        if (error) *error = loaded.error;
        return {};
    }
    const QImage full = core::toQImage(loaded.image);
#else
    QImageReader reader(path);
    const QSize declared = reader.size();
    if (declared.isValid() && qint64(declared.width()) * declared.height() > kMaxThumbnailSourcePixels) {
        if (error) *error = QStringLiteral("%1: declared size %2x%3 is over the pixel limit")
                                .arg(path).arg(declared.width()).arg(declared.height());
        return {};
    }
    const QImage full = reader.read();
    if (full.isNull() && error) *error = QStringLiteral("%1: %2").arg(path, reader.errorString());
#endif
    if (full.isNull()) {
        if (error && error->isEmpty()) *error = QStringLiteral("%1: cannot be shown").arg(path);
        return {};
    }
    return full.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

} // namespace faultline::ui
