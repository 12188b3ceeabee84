#include "core/io/CsvTable.h"

#include <QIODevice>

namespace faultline::core {

// Works on the UTF-8 bytes: every delimiter (comma, quote, CR, LF) is ASCII and never part of a
// multi-byte sequence, so fields are cut as byte ranges and decoded once each.
CsvTable parseCsv(const QByteArray& utf8) {
    CsvTable table;
    table.error = forEachCsvRow(utf8, [&table](const CsvRow& row) { table.rows.append(row); }, &table.errorLine);
    return table;
}

QString forEachCsvRow(const QByteArray& utf8, const CsvRowFn& onRow, int* errorLine) {
    const char* data = utf8.constData();
    qsizetype n = utf8.size();
    qsizetype i = 0;
    if (n >= 3 && uchar(data[0]) == 0xEF && uchar(data[1]) == 0xBB && uchar(data[2]) == 0xBF) i = 3;

    CsvRow row;
    int line = 1;
    row.line = 1;
    bool rowHasContent = false;
    QByteArray quoted; // the current quoted field, unescaped

    auto endRow = [&](int nextLine) {
        if (rowHasContent) onRow(row); // a blank line is not a record
        row.fields.clear();
        row.line = nextLine;
        rowHasContent = false;
    };

    while (i <= n) {
        // One field starts at i.
        if (i < n && data[i] == '"') {
            rowHasContent = true;
            quoted.clear();
            ++i;
            bool closed = false;
            while (i < n) {
                const char c = data[i];
                if (c == '"') {
                    if (i + 1 < n && data[i + 1] == '"') {
                        quoted.append('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                if (c == '\n') ++line;
                quoted.append(c);
                ++i;
            }
            if (!closed) {
                if (errorLine) *errorLine = row.line;
                // The unterminated record is not returned: its fields are unreliable.
                return QStringLiteral("a quoted field opened on line %1 is never closed").arg(row.line);
            }
            // Anything between the closing quote and the delimiter is kept, as lenient readers do.
            const qsizetype start = i;
            while (i < n && data[i] != ',' && data[i] != '\n' && data[i] != '\r') ++i;
            quoted.append(data + start, i - start);
            row.fields.append(QString::fromUtf8(quoted));
        } else {
            const qsizetype start = i;
            while (i < n && data[i] != ',' && data[i] != '\n' && !(data[i] == '\r' && i + 1 < n && data[i + 1] == '\n')) ++i;
            const QByteArray field = QByteArray::fromRawData(data + start, i - start);
            if (!field.trimmed().isEmpty()) rowHasContent = true;
            row.fields.append(QString::fromUtf8(field));
        }
        // Delimiter after the field.
        if (i >= n) {
            endRow(line);
            break;
        }
        if (data[i] == ',') {
            rowHasContent = true;
            ++i;
            if (i == n) { // a trailing comma ends the text with one more empty field
                row.fields.append(QString());
                endRow(line);
                break;
            }
            continue;
        }
        if (data[i] == '\r') ++i; // CRLF
        if (i < n && data[i] == '\n') ++i;
        ++line;
        endRow(line);
        if (i == n) break;
    }
    if (errorLine) *errorLine = 0;
    return QString();
}

namespace {

// Tracks, across physical lines, whether a record is still inside a quoted field, with the
// rules forEachCsvRow() cuts by: a quote opens a field only at its start, "" is an escape.
struct QuoteState {
    bool inQuote = false;
    bool atFieldStart = true;

    void feed(const QByteArray& line) {
        const char* d = line.constData();
        const qsizetype n = line.size();
        for (qsizetype i = 0; i < n; ++i) {
            const char c = d[i];
            if (inQuote) {
                if (c != '"') continue;
                if (i + 1 < n && d[i + 1] == '"') { ++i; continue; }
                inQuote = false;
            } else if (c == '"' && atFieldStart) {
                inQuote = true;
                atFieldStart = false;
            } else {
                atFieldStart = c == ',' || c == '\n';
            }
        }
    }
};

} // namespace

CsvStreamError forEachCsvRecord(QIODevice& device, const CsvRowFn& onRow, qint64 maxRecordBytes) {
    constexpr qint64 kReadChunk = 64 << 10; // bytes per read(): lines are cut from this buffer
    CsvStreamError result;
    QByteArray buffer, record;
    qsizetype pos = 0;
    QuoteState quotes;
    int newlines = 0;        // physical lines completed so far
    int recordLine = 1;      // first line of the record being collected
    bool first = true, eof = false;
    auto flush = [&]() {
        if (!record.isEmpty())
            forEachCsvRow(record, [&](const CsvRow& row) {
                CsvRow shifted = row;
                shifted.line = recordLine + row.line - 1;
                onRow(shifted);
            });
        record.clear();
        quotes = QuoteState();
    };
    auto tooLong = [&]() {
        result.message = QStringLiteral("line %1 is longer than %2 bytes: not a scores CSV (a file without line breaks, "
                                        "binary data, or a quoted field opened on line %3 that never closes)")
                             .arg(newlines + 1).arg(maxRecordBytes).arg(recordLine);
        result.line = newlines + 1;
        result.fatal = true;
        return result;
    };
    while (true) {
        const qsizetype nl = buffer.indexOf('\n', pos);
        QByteArray line;
        if (nl >= 0) {
            line = buffer.mid(pos, nl + 1 - pos);
            pos = nl + 1;
        } else if (!eof) {
            if (record.size() + (buffer.size() - pos) > maxRecordBytes) return tooLong();
            buffer.remove(0, pos);
            pos = 0;
            const QByteArray more = device.read(kReadChunk);
            if (more.isEmpty()) eof = true;
            buffer += more;
            continue;
        } else {
            if (pos >= buffer.size()) break;
            line = buffer.mid(pos);
            pos = buffer.size();
        }
        if (first) {
            first = false;
            if (line.startsWith("\xEF\xBB\xBF")) line.remove(0, 3);
        }
        if (record.isEmpty()) recordLine = newlines + 1;
        if (record.size() + line.size() > maxRecordBytes) return tooLong();
        record += line;
        quotes.feed(line);
        if (line.endsWith('\n')) ++newlines;
        if (!quotes.inQuote) flush();
    }
    if (quotes.inQuote) {
        result.message = QStringLiteral("a quoted field opened on line %1 is never closed").arg(recordLine);
        result.line = recordLine;
        return result;
    }
    flush();
    return result;
}

QString csvEscape(const QString& field) {
    const bool needsQuotes = field.contains(QLatin1Char(',')) || field.contains(QLatin1Char('"')) ||
                             field.contains(QLatin1Char('\n')) || field.contains(QLatin1Char('\r'));
    if (!needsQuotes) return field;
    QString quoted = field;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace faultline::core
