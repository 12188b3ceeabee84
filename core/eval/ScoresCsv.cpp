#include "core/eval/ScoresCsv.h"

#include "core/io/CsvTable.h"

#include <QFile>
#include <QSaveFile>

#include <array>
#include <cmath>

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

ScoresReadResult parseScoresCsv(const QByteArray& utf8, const QString& sourceName) {
    ScoresReadResult result;
    bool haveHeader = false;
    bool headerBad = false;
    std::array<int, kColumnCount> index;
    index.fill(-1);
    int needed = 0;

    auto readHeader = [&](const CsvRow& header) {
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
        for (int c = 0; c < kColumnCount; ++c) needed = std::max(needed, index[c] + 1);
    };

    auto readRow = [&](const CsvRow& row) {
        auto problem = [&](const QString& reason) {
            result.problems.append(CsvRowProblem{sourceName, row.line, reason});
        };
        if (row.fields.size() < needed) {
            QStringList absent;
            for (int c = 0; c < kColumnCount; ++c)
                if (index[c] >= row.fields.size()) absent << QLatin1String(kColumnNames[c]);
            problem(QStringLiteral("row has %1 field(s), missing column(s) %2")
                        .arg(row.fields.size()).arg(absent.join(QStringLiteral(", "))));
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
        result.records.append(std::move(rec));
    };

    int errorLine = 0;
    const QString error = forEachCsvRow(utf8, [&](const CsvRow& row) {
        if (headerBad) return;
        if (!haveHeader) {
            haveHeader = true;
            readHeader(row);
            return;
        }
        readRow(row);
    }, &errorLine);

    if (!haveHeader) {
        result.error = QStringLiteral("%1: no header line (expected path,split,defect,label,score)").arg(sourceName);
        return result;
    }
    if (headerBad) return result;
    result.ok = true;
    if (!error.isEmpty()) result.problems.append(CsvRowProblem{sourceName, errorLine, error});
    return result;
}

ScoresReadResult readScoresCsv(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ScoresReadResult result;
        result.error = QStringLiteral("%1: cannot open: %2").arg(path, file.errorString());
        return result;
    }
    return parseScoresCsv(file.readAll(), path);
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
    if (!file.open(QIODevice::WriteOnly)) {
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
    if (file.write(out) != out.size() || !file.commit()) {
        if (error) *error = QStringLiteral("%1: write failed: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace faultline::core
