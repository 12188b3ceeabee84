#include "ScoreShardMerge.h"

#include "ScoreShard.h"

#include "core/io/AtomicWrite.h"
#include "core/io/CsvTable.h"

#include <QFile>
#include <QFileInfo>
#include <QMap>

#include <algorithm>

namespace faultline::core {

namespace {

struct ShardRows {
    QStringList header;
    QVector<QStringList> rows;
};

bool readRows(const QString& path, ShardRows* out, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return false;
    }
    const CsvTable table = parseCsv(file.readAll());
    if (!table.error.isEmpty()) {
        *error = QStringLiteral("%1:%2: %3").arg(path).arg(table.errorLine).arg(table.error);
        return false;
    }
    if (table.rows.isEmpty() || table.rows.first().fields.value(0).trimmed().toLower() != QLatin1String("path")) {
        *error = QStringLiteral("%1: no scores header (expected path,split,defect,label,score)").arg(path);
        return false;
    }
    out->header = table.rows.first().fields;
    for (int i = 1; i < table.rows.size(); ++i) {
        if (table.rows[i].fields.size() != out->header.size()) {
            *error = QStringLiteral("%1:%2: %3 fields, the header has %4")
                         .arg(path).arg(table.rows[i].line).arg(table.rows[i].fields.size()).arg(out->header.size());
            return false;
        }
        out->rows.append(table.rows[i].fields);
    }
    return true;
}

QString joinRow(const QStringList& fields) {
    QStringList escaped;
    for (const QString& f : fields) escaped << csvEscape(f);
    return escaped.join(QLatin1Char(',')) + QLatin1Char('\n');
}

QString shortHash(const QString& sha) { return sha.left(12); }

} // namespace

ShardMergeResult mergeScoreShards(const QStringList& shardCsvs, const QString& outCsv) {
    ShardMergeResult result;
    auto fail = [&](const QString& why) {
        result.error = why;
        return result;
    };
    if (shardCsvs.isEmpty()) return fail(QStringLiteral("no shard CSV given"));
    const QString outAbs = QFileInfo(outCsv).absoluteFilePath();
    QVector<ShardManifest> manifests;
    QMap<int, QString> byIndex;
    for (const QString& csv : shardCsvs) {
        if (QFileInfo(csv).absoluteFilePath() == outAbs)
            return fail(QStringLiteral("%1: the output would overwrite one of the shards").arg(outCsv));
        ShardManifest m;
        QString error;
        if (!readShardManifest(csv, &m, &error)) return fail(error);
        const ShardManifest& first = manifests.isEmpty() ? m : manifests.first();
        const QString& firstCsv = shardCsvs.first();
        if (m.bundleSha256 != first.bundleSha256)
            return fail(QStringLiteral("%1 was scored by bundle %2, %3 by bundle %4: shards of different models cannot be merged")
                            .arg(csv, shortHash(m.bundleSha256), firstCsv, shortHash(first.bundleSha256)));
        if (m.method != first.method || m.split != first.split)
            return fail(QStringLiteral("%1 holds %2 scores of split %3, %4 holds %5 scores of split %6")
                            .arg(csv, m.method, m.split, firstCsv, first.method, first.split));
        if (m.shard.count != first.shard.count || m.total != first.total)
            return fail(QStringLiteral("%1 is shard %2/%3 of %4 samples, %5 is shard %6/%7 of %8 samples: not one run")
                            .arg(csv).arg(m.shard.index).arg(m.shard.count).arg(m.total)
                            .arg(firstCsv).arg(first.shard.index).arg(first.shard.count).arg(first.total));
        if (byIndex.contains(m.shard.index))
            return fail(QStringLiteral("shard %1/%2 is given twice: %3 and %4")
                            .arg(m.shard.index).arg(m.shard.count).arg(byIndex.value(m.shard.index), csv));
        byIndex.insert(m.shard.index, csv);
        manifests.append(m);
    }
    const ShardManifest& first = manifests.first();
    if (byIndex.size() != first.shard.count) {
        QStringList missing;
        for (int k = 0; k < first.shard.count && missing.size() < 10; ++k)
            if (!byIndex.contains(k)) missing << QString::number(k);
        return fail(QStringLiteral("%1 of %2 shards given; missing shard(s) %3")
                        .arg(byIndex.size()).arg(first.shard.count).arg(missing.join(QStringLiteral(", "))));
    }
    QStringList header;
    QVector<QStringList> rows;
    rows.reserve(first.total);
    for (int i = 0; i < shardCsvs.size(); ++i) {
        ShardRows shard;
        QString error;
        if (!readRows(shardCsvs[i], &shard, &error)) return fail(error);
        if (header.isEmpty()) header = shard.header;
        if (shard.header != header)
            return fail(QStringLiteral("%1 has columns %2, %3 has %4")
                            .arg(shardCsvs[i], shard.header.join(QLatin1Char(',')), shardCsvs.first(),
                                 header.join(QLatin1Char(','))));
        if (shard.rows.size() != manifests[i].assigned)
            return fail(QStringLiteral("%1 holds %2 rows for the %3 samples of shard %4/%5: score that shard again "
                                       "(its run named the files it skipped)")
                            .arg(shardCsvs[i]).arg(shard.rows.size()).arg(manifests[i].assigned)
                            .arg(manifests[i].shard.index).arg(manifests[i].shard.count));
        rows += shard.rows;
    }
    if (rows.size() != first.total)
        return fail(QStringLiteral("the shards hold %1 rows, the run had %2 samples").arg(rows.size()).arg(first.total));
    std::stable_sort(rows.begin(), rows.end(), [](const QStringList& a, const QStringList& b) { return a[0] < b[0]; });
    for (int i = 1; i < rows.size(); ++i)
        if (rows[i][0] == rows[i - 1][0])
            return fail(QStringLiteral("%1 is scored in two shards: the shards do not come from one dataset").arg(rows[i][0]));
    QString text = joinRow(header);
    for (const QStringList& r : rows) text += joinRow(r);
    const QString error = writeFileAtomically(outCsv, text.toUtf8());
    if (!error.isEmpty()) return fail(error);
    result.ok = true;
    result.rows = int(rows.size());
    result.shards = int(manifests.size());
    result.bundleSha256 = first.bundleSha256;
    return result;
}

} // namespace faultline::core
