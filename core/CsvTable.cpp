#include "core/CsvTable.h"

namespace faultline::core {

CsvTable parseCsv(const QByteArray& utf8) {
    QString text = QString::fromUtf8(utf8);
    if (text.startsWith(QChar(0xFEFF))) text.remove(0, 1);

    CsvTable table;
    CsvRow row;
    QString field;
    bool inQuotes = false;
    bool fieldWasQuoted = false;
    bool rowHasContent = false;
    int line = 1;
    row.line = 1;

    auto endField = [&]() {
        row.fields.append(field);
        field.clear();
        fieldWasQuoted = false;
    };
    auto endRow = [&](int nextLine) {
        endField();
        // A blank line is one empty unquoted field: not a record.
        if (rowHasContent) table.rows.append(row);
        row = CsvRow{};
        row.line = nextLine;
        rowHasContent = false;
    };

    const int n = text.size();
    for (int i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < n && text.at(i + 1) == QLatin1Char('"')) {
                    field.append(QLatin1Char('"'));
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == QLatin1Char('\n')) ++line;
                field.append(c);
            }
            continue;
        }
        if (c == QLatin1Char('"') && field.isEmpty() && !fieldWasQuoted) {
            inQuotes = true;
            fieldWasQuoted = true;
            rowHasContent = true;
        } else if (c == QLatin1Char(',')) {
            endField();
            rowHasContent = true;
        } else if (c == QLatin1Char('\r') && i + 1 < n && text.at(i + 1) == QLatin1Char('\n')) {
            continue; // the LF ends the row
        } else if (c == QLatin1Char('\n')) {
            ++line;
            endRow(line);
        } else {
            field.append(c);
            if (!c.isSpace()) rowHasContent = true;
        }
    }
    if (inQuotes) {
        table.error = QStringLiteral("a quoted field opened on line %1 is never closed").arg(row.line);
        table.errorLine = row.line;
        return table; // the unterminated record is not returned: its fields are unreliable
    }
    endRow(line);
    return table;
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
