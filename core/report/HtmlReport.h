#pragma once
// The report as one HTML document (well-formed XHTML markup, every value escaped). With
// ImageMode::Embedded every image is a data: URI (base64 PNG), so the file stands alone; with
// ImageMode::Resources images are named "report-image:N" and handed back for a QTextDocument
// (PdfReport). Sections carry ids: summary, fingerprints, training, threshold, confusion,
// curves, per-defect, histogram, gallery, sign-off. Plain functions; safe on any thread, charts
// need a QGuiApplication for their text.

#include "core/report/ReportData.h"

#include <QImage>
#include <QPair>
#include <QString>
#include <QVector>

namespace faultline::core {

enum class ReportImageMode { Embedded, Resources };

// resources receives (name, image) for ImageMode::Resources; may be null for Embedded.
QString reportHtml(const ReportData& data, ReportImageMode mode, QVector<QPair<QString, QImage>>* resources = nullptr);

// "data:image/png;base64,..." of the image as PNG.
QString pngDataUri(const QImage& image);

} // namespace faultline::core
