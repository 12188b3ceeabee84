#pragma once
// Decodes one image into a thumbnail. Runs on worker threads (no shared state, no QPixmap).

#include <QImage>
#include <QString>

namespace faultline::ui {

// The image scaled to fit a side x side square, aspect ratio kept. On failure a null image
// and *error set to "<file>: <reason>".
QImage loadThumbnail(const QString& path, int side, QString* error);

} // namespace faultline::ui
