#pragma once
// Minimal RFC 4180 reader: quoted fields (with "" escapes and embedded line breaks),
// LF or CRLF line ends, an optional UTF-8 byte-order mark. Pure parsing, no file access.

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>

class QIODevice;

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

// Streaming form: calls onRow for each record as it is cut (the row is only valid during the
// call), so a large file is never held as a table. Returns the error of CsvTable::error
// (empty when none) and sets *errorLine.
using CsvRowFn = std::function<void(const CsvRow&)>;
QString forEachCsvRow(const QByteArray& utf8, const CsvRowFn& onRow, int* errorLine = nullptr);

// Longest record forEachCsvRecord() accepts: a scores row is a path and four short fields.
constexpr qint64 kMaxCsvRecordBytes = 1 << 20; // 1 MiB

struct CsvStreamError {
    QString message;     // empty when the whole device was read
    int line = 0;        // 1-based line the error refers to
    bool fatal = false;  // true: reading stopped (record too long, read error); false: a last record never closed
};

// Streaming from a device: reads one physical line at a time and hands each record to onRow
// with its line number in the whole device, so a file without line breaks (/dev/zero, a binary
// file) or a record longer than maxRecordBytes stops with an error instead of filling memory.
// Same dialect and row numbering as forEachCsvRow(). Runs on the calling thread.
CsvStreamError forEachCsvRecord(QIODevice& device, const CsvRowFn& onRow, qint64 maxRecordBytes = kMaxCsvRecordBytes);

// Quotes a field when it holds a comma, quote or line break.
QString csvEscape(const QString& field);

} // namespace faultline::core
