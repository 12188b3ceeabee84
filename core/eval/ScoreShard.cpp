#include "ScoreShard.h"

#include "core/io/AtomicWrite.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

namespace faultline::core {

namespace {
constexpr int kMaxShards = 100000;           // more slices than any scheduler array allows
constexpr qint64 kMaxManifestBytes = 65536;  // a manifest is a few hundred bytes
const QString kFormat = QStringLiteral("faultline-score-shard/1");
} // namespace

bool parseShardSpec(const QString& text, ShardSpec* spec, QString* error) {
    const QStringList parts = text.split(QLatin1Char('/'));
    bool okK = false, okN = false;
    const int k = parts.size() == 2 ? parts[0].trimmed().toInt(&okK) : 0;
    const int n = parts.size() == 2 ? parts[1].trimmed().toInt(&okN) : 0;
    if (!okK || !okN) {
        *error = QStringLiteral("--shard %1: expected K/N, e.g. 0/4 for the first of four slices").arg(text);
        return false;
    }
    if (n < 1 || n > kMaxShards || k < 0 || k >= n) {
        *error = QStringLiteral("--shard %1: K counts from 0 and must be below N (N from 1 to %2)").arg(text).arg(kMaxShards);
        return false;
    }
    spec->index = k;
    spec->count = n;
    return true;
}

QString shardManifestPath(const QString& csvPath) { return csvPath + QStringLiteral(".shard.json"); }

QJsonObject shardManifestToJson(const ShardManifest& m) {
    return QJsonObject{{QStringLiteral("format"), kFormat},
                       {QStringLiteral("shard"), m.shard.index},
                       {QStringLiteral("shards"), m.shard.count},
                       {QStringLiteral("bundle_sha256"), m.bundleSha256},
                       {QStringLiteral("method"), m.method},
                       {QStringLiteral("split"), m.split},
                       {QStringLiteral("total"), m.total},
                       {QStringLiteral("assigned"), m.assigned}};
}

bool readShardManifest(const QString& csvPath, ShardManifest* m, QString* error) {
    const QString path = shardManifestPath(csvPath);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read the shard manifest (%2); was %3 written by score --shard?")
                     .arg(path, file.errorString(), csvPath);
        return false;
    }
    const QByteArray bytes = file.read(kMaxManifestBytes + 1);
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parse);
    const QJsonObject o = doc.object();
    if (bytes.size() > kMaxManifestBytes || parse.error != QJsonParseError::NoError || !doc.isObject() ||
        o.value(QStringLiteral("format")).toString() != kFormat) {
        *error = QStringLiteral("%1: not a Faultline shard manifest (%2)")
                     .arg(path, parse.error != QJsonParseError::NoError ? parse.errorString()
                                                                          : QStringLiteral("expected format %1").arg(kFormat));
        return false;
    }
    m->shard.index = o.value(QStringLiteral("shard")).toInt(-1);
    m->shard.count = o.value(QStringLiteral("shards")).toInt(0);
    m->bundleSha256 = o.value(QStringLiteral("bundle_sha256")).toString();
    m->method = o.value(QStringLiteral("method")).toString();
    m->split = o.value(QStringLiteral("split")).toString();
    m->total = o.value(QStringLiteral("total")).toInt(-1);
    m->assigned = o.value(QStringLiteral("assigned")).toInt(-1);
    if (m->shard.count < 1 || m->shard.index < 0 || m->shard.index >= m->shard.count || m->total < 0 ||
        m->assigned < 0 || m->assigned > m->total || m->bundleSha256.isEmpty()) {
        *error = QStringLiteral("%1: shard manifest fields are missing or out of range").arg(path);
        return false;
    }
    return true;
}

QString writeShardManifest(const QString& csvPath, const ShardManifest& manifest) {
    return writeFileAtomically(shardManifestPath(csvPath),
                               QJsonDocument(shardManifestToJson(manifest)).toJson(QJsonDocument::Indented));
}

QString fileSha256(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) {
        *error = QStringLiteral("%1: read failed: %2").arg(path, file.errorString());
        return {};
    }
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace faultline::core
