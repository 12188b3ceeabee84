#include "core/eval/ScoresCsv.h"

#include "core/io/CsvTable.h"
#include "core/io/OsError.h"
#include "core/io/RegularFile.h"

#include <QBuffer>
#include <QHash>

#include <QFile>
#include <QSaveFile>

#include <array>
#include <cerrno>
#include <cmath>
#include <new>

namespace faultline::core {

namespace {

enum Column { kPath, kSplit, kDefect, kLabel, kScore, kColumnCount };
const std::array<const char*, kColumnCount> kColumnNames = {"path", "split", "defect", "label", "score"};

} // namespace

QString CsvRowProblem::toString() const {
    return QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(reason);
}

bool parseLabel(const QString& text, GroundTruth* out) {
    const QString t = text.trimmed().toLower();
    if (t.isEmpty() || t == QLatin1String("unknown")) *out = GroundTruth::Unknown;
    else if (t == QLatin1String("1") || t == QLatin1String("anomalous")) *out = GroundTruth::Anomalous;
    else if (t == QLatin1String("0") || t == QLatin1String("normal")) *out = GroundTruth::Normal;
    else return false;
    return true;
}

QString labelText(GroundTruth label) {
    switch (label) {
    case GroundTruth::Anomalous: return QStringLiteral("1");
    case GroundTruth::Normal: return QStringLiteral("0");
    case GroundTruth::Unknown: return QString();
    }
    return QString();
}

namespace {

// Exact common spellings first: the general path (trim, lower-case) only for the rest.
bool parseSplitFast(const QString& text, Split* out) {
    if (text == QLatin1String("test")) *out = Split::Test;
    else if (text == QLatin1String("val")) *out = Split::Val;
    else if (text == QLatin1String("train")) *out = Split::Train;
    else return parseSplit(text, out);
    return true;
}

bool parseLabelFast(const QString& text, GroundTruth* out) {
    if (text.size() == 1 && text.at(0) == QLatin1Char('1')) *out = GroundTruth::Anomalous;
    else if (text.size() == 1 && text.at(0) == QLatin1Char('0')) *out = GroundTruth::Normal;
    else return parseLabel(text, out);
    return true;
}

} // namespace

ScoresReadResult readScoresCsv(QIODevice& device, const QString& sourceName) {
    ScoresReadResult result;
    bool haveHeader = false;
    bool headerBad = false;
    std::array<int, kColumnCount> index;
    index.fill(-1);
    int headerFields = 0;
    struct Seen {
        int line;
        GroundTruth label;
    };
    QHash<QString, Seen> seen; // path -> first row naming it

    auto readHeader = [&](const CsvRow& header) {
        headerFields = int(header.fields.size());
        for (int i = 0; i < header.fields.size(); ++i) {
            const QString name = header.fields.at(i).trimmed().toLower();
            for (int c = 0; c < kColumnCount; ++c)
                if (name == QLatin1String(kColumnNames[c]) && index[c] < 0) index[c] = i;
        }
        QStringList missing;
        for (int c = 0; c < kColumnCount; ++c)
            if (index[c] < 0) missing << QLatin1String(kColumnNames[c]);
        if (!missing.isEmpty()) {
            result.error = QStringLiteral("%1:%2: header lacks column(s) %3 (expected path,split,defect,label,score)")
                               .arg(sourceName).arg(header.line).arg(missing.join(QStringLiteral(", ")));
            headerBad = true;
        }
    };

    auto readRow = [&](const CsvRow& row) {
        auto problem = [&](const QString& reason) {
            result.problems.append(CsvRowProblem{sourceName, row.line, reason});
        };
        // A row that does not line up with the header cannot be read safely: an unquoted decimal
        // comma ("0,5") shifts every later field, and a short row leaves columns out.
        if (row.fields.size() != headerFields) {
            QStringList absent;
            for (int c = 0; c < kColumnCount; ++c)
                if (index[c] >= row.fields.size()) absent << QLatin1String(kColumnNames[c]);
            problem(absent.isEmpty()
                        ? QStringLiteral("row has %1 fields but the header has %2 (an unquoted comma in a field or a "
                                         "decimal comma?)")
                              .arg(row.fields.size()).arg(headerFields)
                        : QStringLiteral("row has %1 field(s) but the header has %2, missing column(s) %3")
                              .arg(row.fields.size()).arg(headerFields).arg(absent.join(QStringLiteral(", "))));
            return;
        }
        ScoreRecord rec;
        rec.path = row.fields.at(index[kPath]).trimmed();
        if (rec.path.isEmpty()) return problem(QStringLiteral("empty path"));
        const QString& splitText = row.fields.at(index[kSplit]);
        if (splitText.trimmed().isEmpty()) {
            rec.split = Split::Test; // documented: no split means a test row
        } else if (!parseSplitFast(splitText, &rec.split)) {
            return problem(QStringLiteral("unknown split '%1' (expected train, val or test)").arg(splitText.trimmed()));
        }
        rec.defect = row.fields.at(index[kDefect]).trimmed();
        const QString& labelField = row.fields.at(index[kLabel]);
        if (!parseLabelFast(labelField, &rec.label))
            return problem(QStringLiteral("bad label '%1' (expected 1, 0 or empty)").arg(labelField.trimmed()));
        const QString scoreText = row.fields.at(index[kScore]).trimmed();
        if (scoreText.isEmpty()) return problem(QStringLiteral("empty score"));
        bool numeric = false;
        rec.score = scoreText.toDouble(&numeric);
        // QString::toDouble accepts "nan"/"inf"; anything else that is not a number lands here.
        if (!numeric) return problem(QStringLiteral("score '%1' is not a number").arg(scoreText));
        if (!std::isfinite(rec.score)) return problem(QStringLiteral("score '%1' is not finite").arg(scoreText));
        const auto it = seen.constFind(rec.path);
        if (it == seen.cend()) {
            seen.insert(rec.path, Seen{row.line, rec.label});
        } else if (it->label != rec.label) {
            result.warnings << QStringLiteral("%1:%2: %3 is listed again with label '%4' (line %5 gave '%6'): the "
                                              "labels conflict; both rows are evaluated")
                                   .arg(sourceName).arg(row.line).arg(rec.path, labelText(rec.label))
                                   .arg(it->line).arg(labelText(it->label));
        } else {
            result.warnings << QStringLiteral("%1:%2: %3 is listed again (first on line %4); both rows are evaluated")
                                   .arg(sourceName).arg(row.line).arg(rec.path).arg(it->line);
        }
        result.records.append(std::move(rec));
    };

    CsvStreamError error;
    try {
        error = forEachCsvRecord(device, [&](const CsvRow& row) {
            if (headerBad) return;
            if (!haveHeader) {
                haveHeader = true;
                readHeader(row);
                return;
            }
            readRow(row);
        });
    } catch (const std::bad_alloc&) {
        ScoresReadResult out;
        out.error = QStringLiteral("%1: out of memory after %2 rows; the file is too large to evaluate at once")
                        .arg(sourceName).arg(result.records.size());
        return out;
    }
    if (error.fatal) {
        ScoresReadResult out;
        out.error = QStringLiteral("%1: %2").arg(sourceName, error.message);
        return out;
    }
    if (!haveHeader) {
        result.error = QStringLiteral("%1: no header line (expected path,split,defect,label,score)").arg(sourceName);
        return result;
    }
    if (headerBad) return result;
    result.ok = true;
    if (!error.message.isEmpty()) result.problems.append(CsvRowProblem{sourceName, error.line, error.message});
    return result;
}

ScoresReadResult parseScoresCsv(const QByteArray& utf8, const QString& sourceName) {
    QByteArray copy = utf8; // QBuffer needs a non-const array; implicitly shared, not copied
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    return readScoresCsv(buffer, sourceName);
}

ScoresReadResult readScoresCsv(const QString& path) {
    ScoresReadResult result;
    if (const QString why = regularFileProblem(path); !why.isEmpty()) {
        result.error = QStringLiteral("%1: %2").arg(path, why);
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("%1: cannot open: %2").arg(path, file.errorString());
        return result;
    }
    return readScoresCsv(file, path);
}

bool writeScoresCsv(const QString& path, const QVector<ScoreRecord>& records, QString* error) {
    return writeScoresCsv(path, records, QStringList(), error);
}

bool writeScoresCsv(const QString& path, const QVector<ScoreRecord>& records, const QStringList& verdicts,
                    QString* error) {
    const bool withVerdict = !verdicts.isEmpty();
    if (withVerdict && verdicts.size() != records.size()) {
        if (error) *error = QStringLiteral("%1: %2 verdicts for %3 scores").arg(path).arg(verdicts.size()).arg(records.size());
        return false;
    }
    QSaveFile file(path);
    // Unbuffered: a buffered QSaveFile committed an empty file when the flush failed (EFBIG, ENOSPC).
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        if (error) *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    QByteArray out = withVerdict ? "path,split,defect,label,score,verdict\n" : "path,split,defect,label,score\n";
    for (int i = 0; i < records.size(); ++i) {
        const ScoreRecord& r = records[i];
        out += csvEscape(r.path).toUtf8() + ',' + splitName(r.split).toUtf8() + ',' +
               csvEscape(r.defect).toUtf8() + ',' + labelText(r.label).toUtf8() + ',' +
               QByteArray::number(r.score, 'g', 17);
        if (withVerdict) out += ',' + csvEscape(verdicts[i]).toUtf8();
        out += '\n';
    }
    errno = 0;
    if (file.write(out) != out.size() || !file.commit()) {
        const int err = errno;
        if (error) *error = QStringLiteral("%1: write failed: %2").arg(path, fileFailureReason(file, err));
        return false;
    }
    return true;
}

} // namespace faultline::core
