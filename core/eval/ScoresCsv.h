#pragma once
// Reading and writing scores CSV files (`path,split,defect,label,score`).
//
// Columns are found by header name (case-insensitive, any order, extra columns ignored).
// A bad row (missing column, non-numeric or non-finite score, unknown label or split) is
// reported with its file name and line number and left out; every good row is still returned.
// A row whose field count differs from the header's is bad too (an unquoted decimal comma
// shifts the fields). A path listed twice is a warning. The file is read as a stream, one line
// at a time (at most kMaxCsvRecordBytes per record), so a file without line breaks cannot fill
// memory; anything but a regular file (a pipe, a device) is refused before it is opened.

#include "core/eval/ScoreRecord.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

class QIODevice;

namespace faultline::core {

struct CsvRowProblem {
    QString file;
    int line = 0;        // 1-based line of the record in the file
    QString reason;
    QString toString() const; // "file:line: reason"
};

struct ScoresReadResult {
    bool ok = false;                  // false when the file itself is unusable (see error)
    QString error;                    // file-level error: unreadable, no header, missing columns
    QVector<ScoreRecord> records;     // every good row, in file order
    QVector<CsvRowProblem> problems;  // every bad row
    QStringList warnings;             // usable but suspicious: a path listed twice (with conflicting labels, ...)
};

// Reads `path`. `ok` is true when the file was readable and had the required header, even if
// some rows were bad (see `problems`).
ScoresReadResult readScoresCsv(const QString& path);
// Same, from an open device read sequentially; `sourceName` is used in messages.
ScoresReadResult readScoresCsv(QIODevice& device, const QString& sourceName);
// Same, on text already in memory; `sourceName` is used in messages.
ScoresReadResult parseScoresCsv(const QByteArray& utf8, const QString& sourceName);

// Writes the records with the standard header, atomically (QSaveFile). Scores keep full
// precision (17 significant digits) so a round trip is exact.
bool writeScoresCsv(const QString& path, const QVector<ScoreRecord>& records, QString* error);
// Same, with a sixth column `verdict` (one entry per record, e.g. "pass"/"fail"/"review") after
// the five standard ones, so readers of the standard columns keep working.
bool writeScoresCsv(const QString& path, const QVector<ScoreRecord>& records, const QStringList& verdicts,
                    QString* error);

// "1", "0", "" (and the words anomalous/normal/unknown) -> GroundTruth.
bool parseLabel(const QString& text, GroundTruth* out);
QString labelText(GroundTruth label); // "1", "0", ""

} // namespace faultline::core
