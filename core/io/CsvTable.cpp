#include "core/io/CsvTable.h"

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

QString csvEscape(const QString& field) {
    const bool needsQuotes = field.contains(QLatin1Char(',')) || field.contains(QLatin1Char('"')) ||
                             field.contains(QLatin1Char('\n')) || field.contains(QLatin1Char('\r'));
    if (!needsQuotes) return field;
    QString quoted = field;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace faultline::core
