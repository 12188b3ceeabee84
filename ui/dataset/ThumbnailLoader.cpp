#include "ui/dataset/ThumbnailLoader.h"

#include "core/image/ImageBridge.h"
#include "core/image/ImageLoader.h"

namespace faultline::ui {

namespace {
constexpr qint64 kMaxThumbnailSourcePixels = 100'000'000;  // same decompression-bomb limit as the scanner
}

QImage loadThumbnail(const QString& path, int side, QString* error) {
    core::ImageLoadOptions options;
    options.maxPixels = kMaxThumbnailSourcePixels;
    const core::LoadedImage loaded = core::loadImage(path, options);
    if (!loaded.ok()) {
        if (error) *error = loaded.error;
        return {};
    }
    const QImage full = core::toQImage(loaded.image);
    if (full.isNull()) {
        if (error) *error = QStringLiteral("%1: cannot be shown").arg(path);
        return {};
    }
    return full.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

} // namespace faultline::ui
