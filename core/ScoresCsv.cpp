#include "core/ScoresCsv.h"

#include "core/CsvTable.h"

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

ScoresReadResult parseScoresCsv(const QByteArray& utf8, const QString& sourceName) {
    ScoresReadResult result;
    const CsvTable table = parseCsv(utf8);
    if (table.rows.isEmpty()) {
        result.error = QStringLiteral("%1: no header line (expected path,split,defect,label,score)").arg(sourceName);
        return result;
    }

    const CsvRow& header = table.rows.first();
    std::array<int, kColumnCount> index;
    index.fill(-1);
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
        return result;
    }
    int needed = 0;
    for (int c = 0; c < kColumnCount; ++c) needed = std::max(needed, index[c] + 1);

    result.ok = true;
    result.records.reserve(table.rows.size() - 1);
    for (int r = 1; r < table.rows.size(); ++r) {
        const CsvRow& row = table.rows.at(r);
        auto problem = [&](const QString& reason) {
            result.problems.append(CsvRowProblem{sourceName, row.line, reason});
        };
        if (row.fields.size() < needed) {
            QStringList absent;
            for (int c = 0; c < kColumnCount; ++c)
                if (index[c] >= row.fields.size()) absent << QLatin1String(kColumnNames[c]);
            problem(QStringLiteral("row has %1 field(s), missing column(s) %2")
                        .arg(row.fields.size()).arg(absent.join(QStringLiteral(", "))));
            continue;
        }
        ScoreRecord rec;
        rec.path = row.fields.at(index[kPath]).trimmed();
        if (rec.path.isEmpty()) {
            problem(QStringLiteral("empty path"));
            continue;
        }
        const QString splitText = row.fields.at(index[kSplit]).trimmed();
        if (splitText.isEmpty()) {
            rec.split = Split::Test; // documented: no split means a test row
        } else if (!parseSplit(splitText, &rec.split)) {
            problem(QStringLiteral("unknown split '%1' (expected train, val or test)").arg(splitText));
            continue;
        }
        rec.defect = row.fields.at(index[kDefect]).trimmed();
        const QString labelField = row.fields.at(index[kLabel]);
        if (!parseLabel(labelField, &rec.label)) {
            problem(QStringLiteral("bad label '%1' (expected 1, 0 or empty)").arg(labelField.trimmed()));
            continue;
        }
        const QString scoreText = row.fields.at(index[kScore]).trimmed();
        bool numeric = false;
        rec.score = scoreText.toDouble(&numeric);
        if (scoreText.isEmpty()) {
            problem(QStringLiteral("empty score"));
            continue;
        }
        if (!numeric) {
            // QString::toDouble accepts "nan"/"inf"; anything else lands here.
            problem(QStringLiteral("score '%1' is not a number").arg(scoreText));
            continue;
        }
        if (!std::isfinite(rec.score)) {
            problem(QStringLiteral("score '%1' is not finite").arg(scoreText));
            continue;
        }
        result.records.append(rec);
    }
    if (!table.error.isEmpty())
        result.problems.append(CsvRowProblem{sourceName, table.errorLine, table.error});
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
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    QByteArray out = "path,split,defect,label,score\n";
    for (const ScoreRecord& r : records) {
        out += csvEscape(r.path).toUtf8() + ',' + splitName(r.split).toUtf8() + ',' +
               csvEscape(r.defect).toUtf8() + ',' + labelText(r.label).toUtf8() + ',' +
               QByteArray::number(r.score, 'g', 17) + '\n';
    }
    if (file.write(out) != out.size() || !file.commit()) {
        if (error) *error = QStringLiteral("%1: write failed: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace faultline::core
