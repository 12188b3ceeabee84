#pragma once
// Minimal RFC 4180 reader: quoted fields (with "" escapes and embedded line breaks),
// LF or CRLF line ends, an optional UTF-8 byte-order mark. Pure parsing, no file access.

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

namespace faultline::core {

struct CsvRow {
    int line = 0;        // 1-based physical line where the record starts
    QStringList fields;
};

struct CsvTable {
    QVector<CsvRow> rows;  // blank lines are not rows
    QString error;         // set when the text ends inside a quoted field
    int errorLine = 0;
};

CsvTable parseCsv(const QByteArray& utf8);

// Quotes a field when it holds a comma, quote or line break.
QString csvEscape(const QString& field);

} // namespace faultline::core
