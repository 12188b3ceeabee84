#include "core/report/ReportWriter.h"

#include "core/io/AtomicWrite.h"
#include "core/report/HtmlReport.h"

#include <QBuffer>
#include <QFileInfo>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QTextDocument>
#include <QUrl>

namespace faultline::core {

ReportFormat reportFormatFor(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("html") || suffix == QLatin1String("htm")) return ReportFormat::Html;
    if (suffix == QLatin1String("pdf")) return ReportFormat::Pdf;
    return ReportFormat::Unknown;
}

QString reportFormatProblem(const QString& path) {
    if (reportFormatFor(path) != ReportFormat::Unknown) return {};
    const QString suffix = QFileInfo(path).suffix();
    return suffix.isEmpty()
               ? QStringLiteral("%1: no file extension: name the report .html or .pdf").arg(path)
               : QStringLiteral("%1: unknown report format '.%2': name the report .html or .pdf").arg(path, suffix);
}

int pdfPageCount(const QByteArray& pdf) {
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![a-zA-Z])"));
    int count = 0;
    for (auto it = page.globalMatch(QString::fromLatin1(pdf)); it.hasNext(); it.next()) ++count;
    return count;
}

QByteArray reportPdf(const ReportData& data, int* pages) {
    QVector<QPair<QString, QImage>> images;
    const QString html = reportHtml(data, ReportImageMode::Resources, &images);
    QTextDocument document;
    for (const auto& [name, image] : images) document.addResource(QTextDocument::ImageResource, QUrl(name), image);
    document.setHtml(html);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setTitle(QStringLiteral("Inspection report: %1").arg(data.inputs.title));
        writer.setCreator(QStringLiteral("Faultline"));
        document.print(&writer);
    }
    buffer.close();
    if (pages) *pages = pdfPageCount(bytes);
    return bytes;
}

QString writeReport(const ReportData& data, const QString& path, int* pages) {
    switch (reportFormatFor(path)) {
    case ReportFormat::Html:
        return writeFileAtomically(path, reportHtml(data, ReportImageMode::Embedded).toUtf8());
    case ReportFormat::Pdf: {
        const QByteArray pdf = reportPdf(data, pages);
        if (pdf.isEmpty()) return QStringLiteral("%1: the PDF could not be rendered").arg(path);
        return writeFileAtomically(path, pdf);
    }
    case ReportFormat::Unknown: break;
    }
    return reportFormatProblem(path);
}

} // namespace faultline::core
