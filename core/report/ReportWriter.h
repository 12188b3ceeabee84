#pragma once
// Writes the report to a file, the format chosen by the extension: .html/.htm (one self-contained
// file, images as data: URIs) or .pdf (laid out by QTextDocument, printed by QPdfWriter: no
// browser). Written atomically: a reader never sees half a report. Needs a QGuiApplication
// (fonts; the offscreen platform will do); safe on a worker thread.

#include "core/report/ReportData.h"

#include <QString>

namespace faultline::core {

enum class ReportFormat { Unknown, Html, Pdf };

ReportFormat reportFormatFor(const QString& path);
// Empty when the extension is known; otherwise "<path>: ..." saying which ones are.
QString reportFormatProblem(const QString& path);

// Empty on success, otherwise "<path>: <reason>". *pages (PDF only) receives the page count.
QString writeReport(const ReportData& data, const QString& path, int* pages = nullptr);

// The PDF bytes and their page count (the /Type /Page objects written).
QByteArray reportPdf(const ReportData& data, int* pages = nullptr);
// The number of page objects in a PDF (/Type /Page, not /Pages).
int pdfPageCount(const QByteArray& pdf);

} // namespace faultline::core
