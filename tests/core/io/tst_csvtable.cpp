#include "core/io/CsvTable.h"

#include <QtTest>

using namespace faultline::core;

class TestCsvTable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Escaped fields with commas, quotes, CR/LF and non-ASCII text survive a round trip.
    void csvEscapeRoundTrip() {
        const QStringList alphabet = {QStringLiteral("a"), QStringLiteral(","), QStringLiteral("\""), QStringLiteral("\n"),
                                      QStringLiteral("\r\n"), QStringLiteral(" "), QStringLiteral("\u00e9"), QStringLiteral("x")};
        quint32 state = 12345;
        auto next = [&state]() { return state = state * 1664525u + 1013904223u; };
        QStringList lines;
        QVector<QStringList> expected;
        for (int r = 0; r < 50; ++r) {
            QStringList fields;
            QStringList escaped;
            for (int f = 0; f < 4; ++f) {
                QString field = QStringLiteral("k");
                const int len = int(next() % 6);
                for (int c = 0; c < len; ++c) field += alphabet.at(int(next() % alphabet.size()));
                fields << field;
                escaped << csvEscape(field);
            }
            expected << fields;
            lines << escaped.join(QLatin1Char(','));
        }
        const CsvTable table = parseCsv(lines.join(QStringLiteral("\r\n")).toUtf8());
        QVERIFY(table.error.isEmpty());
        QCOMPARE(table.rows.size(), expected.size());
        for (int r = 0; r < expected.size(); ++r) QCOMPARE(table.rows[r].fields, expected[r]);
    }

    void trailingCommaAndNoFinalNewline() {
        const CsvTable table = parseCsv("a,b,\nc,d");
        QCOMPARE(table.rows.size(), 2);
        QCOMPARE(table.rows[0].fields, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QString()}));
        QCOMPARE(table.rows[1].fields, (QStringList{QStringLiteral("c"), QStringLiteral("d")}));
        QCOMPARE(table.rows[1].line, 2);
    }

    void blankLinesAreNotRows() {
        const CsvTable table = parseCsv("a,b\n\n  \r\nc,d\r\n");
        QCOMPARE(table.rows.size(), 2);
        QCOMPARE(table.rows[1].line, 4);
    }

    void quotedFieldMayBeFollowedByText() {
        const CsvTable table = parseCsv("\"a,b\"c,d\n");
        QCOMPARE(table.rows.size(), 1);
        QCOMPARE(table.rows[0].fields, (QStringList{QStringLiteral("a,bc"), QStringLiteral("d")}));
    }

    void streamingMatchesTable() {
        const QByteArray text = "x,\"y\ny\"\r\n1,2\n";
        QVector<CsvRow> rows;
        int errorLine = -1;
        const QString error = forEachCsvRow(text, [&rows](const CsvRow& r) { rows.append(r); }, &errorLine);
        QVERIFY(error.isEmpty());
        QCOMPARE(errorLine, 0);
        const CsvTable table = parseCsv(text);
        QCOMPARE(rows.size(), table.rows.size());
        for (int i = 0; i < rows.size(); ++i) {
            QCOMPARE(rows[i].fields, table.rows[i].fields);
            QCOMPARE(rows[i].line, table.rows[i].line);
        }
        QCOMPARE(rows[1].line, 3);
    }
};

QTEST_GUILESS_MAIN(TestCsvTable)
#include "tst_csvtable.moc"
