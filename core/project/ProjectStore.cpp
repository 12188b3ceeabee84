// ProjectStore: data access. Opening and schema migration are in ProjectStoreSchema.cpp.
#include "core/project/ProjectStore.h"

#include "core/project/internal/StoreSql.h"

#include <QDir>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace faultline::core {

using store::nowText;
using store::parseTime;
using store::text;
using store::Transaction;

namespace {

GroundTruth parseTruth(const QString& text) {
    if (text == QLatin1String("normal")) return GroundTruth::Normal;
    if (text == QLatin1String("anomalous")) return GroundTruth::Anomalous;
    return GroundTruth::Unknown;
}

Split splitOf(const QString& text) {
    Split split = Split::Train;
    parseSplit(text, &split);
    return split;
}

QString toJson(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject fromJson(const QVariant& value) {
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

QVariant optionalValue(const std::optional<double>& v) {
    return v ? QVariant(*v) : QVariant(QMetaType::fromType<double>());
}

std::optional<double> optionalOf(const QVariant& v) {
    if (v.isNull()) return std::nullopt;
    return v.toDouble();
}

} // namespace

QString ProjectStore::defaultUser() {
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty()) user = qEnvironmentVariable("USERNAME");
    return user.isEmpty() ? QStringLiteral("unknown") : user;
}

bool ProjectStore::setMeta(const QString& key, const QString& value) {
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES(?, ?)"
                             " ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(text(value));
    if (!q.exec()) return fail(m_path, q.lastError().text());
    return true;
}

QString ProjectStore::meta(const QString& key) const {
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    if (q.exec() && q.next()) return q.value(0).toString();
    return {};
}

bool ProjectStore::replaceDataset(const QString& root, const QVector<Sample>& samples) {
    const QDir rootDir(root);
    Transaction tx(m_db);
    if (!tx.ok()) return fail(m_path, tx.error());

    QHash<QString, qint64> existing;
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT id, path FROM samples"))) return fail(m_path, q.lastError().text());
        while (q.next()) existing.insert(q.value(1).toString(), q.value(0).toLongLong());
    }
    QSqlQuery update(m_db);
    update.prepare(QStringLiteral("UPDATE samples SET split = ?, truth = ?, defect = ?, mask_path = ? WHERE id = ?"));
    QSqlQuery insert(m_db);
    insert.prepare(QStringLiteral("INSERT INTO samples(path, split, truth, defect, mask_path) VALUES(?, ?, ?, ?, ?)"));
    for (const Sample& s : samples) {
        const QString rel = QDir::fromNativeSeparators(rootDir.relativeFilePath(s.path));
        const QString mask = s.maskPath.isEmpty() ? QString()
                                                  : QDir::fromNativeSeparators(rootDir.relativeFilePath(s.maskPath));
        const auto it = existing.find(rel);
        QSqlQuery& q = it != existing.end() ? update : insert;
        if (it == existing.end()) q.addBindValue(text(rel));
        q.addBindValue(splitName(s.split));
        q.addBindValue(truthName(s.truth));
        q.addBindValue(text(s.defect));
        q.addBindValue(text(mask));
        if (it != existing.end()) {
            q.addBindValue(*it);
            existing.erase(it);
        }
        if (!q.exec()) return fail(m_path, QStringLiteral("saving sample %1 failed: %2").arg(rel, q.lastError().text()));
    }
    QSqlQuery remove(m_db);
    remove.prepare(QStringLiteral("DELETE FROM samples WHERE id = ?"));
    for (qint64 id : std::as_const(existing)) {
        remove.addBindValue(id);
        if (!remove.exec()) return fail(m_path, remove.lastError().text());
    }
    if (!setMeta(QStringLiteral("dataset_root"), QDir(root).absolutePath())) return false;
    if (!tx.commit()) return fail(m_path, tx.error());
    return true;
}

QString ProjectStore::datasetRoot() const { return meta(QStringLiteral("dataset_root")); }

QVector<ProjectSample> ProjectStore::samples() const {
    QVector<ProjectSample> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, path, split, truth, defect, mask_path FROM samples ORDER BY id"))) {
        fail(m_path, q.lastError().text());
        return out;
    }
    out.reserve(int(sampleCount()));
    while (q.next()) {
        ProjectSample s;
        s.id = q.value(0).toLongLong();
        s.relativePath = q.value(1).toString();
        s.split = splitOf(q.value(2).toString());
        s.truth = parseTruth(q.value(3).toString());
        s.defect = q.value(4).toString();
        s.maskPath = q.value(5).toString();
        out.push_back(std::move(s));
    }
    return out;
}

qint64 ProjectStore::sampleCount() const {
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT count(*) FROM samples")) && q.next()) return q.value(0).toLongLong();
    return 0;
}

QString ProjectStore::absolutePath(const QString& relativePath) const {
    if (relativePath.isEmpty()) return {};
    return QDir::cleanPath(QDir(datasetRoot()).absoluteFilePath(relativePath));
}

Sample ProjectStore::toSample(const ProjectSample& sample) const {
    const QDir root(datasetRoot());
    Sample s;
    s.path = QDir::cleanPath(root.absoluteFilePath(sample.relativePath));
    s.split = sample.split;
    s.truth = sample.truth;
    s.defect = sample.defect;
    if (!sample.maskPath.isEmpty()) s.maskPath = QDir::cleanPath(root.absoluteFilePath(sample.maskPath));
    return s;
}

bool ProjectStore::setLabel(qint64 sampleId, GroundTruth label, const QString& who) {
    return setLabels({LabelEdit{sampleId, label}}, who);
}

bool ProjectStore::setLabels(const QVector<LabelEdit>& edits, const QString& who) {
    Transaction tx(m_db);
    if (!tx.ok()) return fail(m_path, QStringLiteral("saving labels failed: %1").arg(tx.error()));
    const QString at = nowText();
    QSqlQuery upsert(m_db);
    upsert.prepare(QStringLiteral("INSERT INTO labels(sample_id, label, who, at) VALUES(?, ?, ?, ?)"
                                  " ON CONFLICT(sample_id) DO UPDATE SET label = excluded.label,"
                                  " who = excluded.who, at = excluded.at"));
    QSqlQuery clear(m_db);
    clear.prepare(QStringLiteral("DELETE FROM labels WHERE sample_id = ?"));
    QSqlQuery event(m_db);
    event.prepare(QStringLiteral("INSERT INTO label_events(sample_id, label, who, at) VALUES(?, ?, ?, ?)"));
    for (const LabelEdit& e : edits) {
        QSqlQuery& q = e.label == GroundTruth::Unknown ? clear : upsert;
        q.addBindValue(e.sampleId);
        if (e.label != GroundTruth::Unknown) {
            q.addBindValue(truthName(e.label));
            q.addBindValue(text(who));
            q.addBindValue(at);
        }
        if (!q.exec())
            return fail(m_path, QStringLiteral("saving the label of sample %1 failed: %2")
                                    .arg(e.sampleId).arg(q.lastError().text()));
        event.addBindValue(e.sampleId);
        event.addBindValue(truthName(e.label));
        event.addBindValue(text(who));
        event.addBindValue(at);
        if (!event.exec()) return fail(m_path, event.lastError().text());
    }
    if (!tx.commit()) return fail(m_path, QStringLiteral("saving labels failed: %1").arg(tx.error()));
    return true;
}

QHash<qint64, UserLabel> ProjectStore::labels() const {
    QHash<qint64, UserLabel> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT sample_id, label, who, at FROM labels"))) return out;
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        out.insert(id, UserLabel{id, parseTruth(q.value(1).toString()), q.value(2).toString(), parseTime(q.value(3))});
    }
    return out;
}

std::optional<UserLabel> ProjectStore::label(qint64 sampleId) const {
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT label, who, at FROM labels WHERE sample_id = ?"));
    q.addBindValue(sampleId);
    if (!q.exec() || !q.next()) return std::nullopt;
    return UserLabel{sampleId, parseTruth(q.value(0).toString()), q.value(1).toString(), parseTime(q.value(2))};
}

QVector<UserLabel> ProjectStore::labelHistory(qint64 sampleId) const {
    QVector<UserLabel> out;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT label, who, at FROM label_events WHERE sample_id = ? ORDER BY id"));
    q.addBindValue(sampleId);
    if (!q.exec()) return out;
    while (q.next())
        out.push_back(UserLabel{sampleId, parseTruth(q.value(0).toString()), q.value(1).toString(), parseTime(q.value(2))});
    return out;
}

qint64 ProjectStore::addRun(const QJsonObject& config, const QString& bundlePath) {
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO runs(config, bundle_path, created) VALUES(?, ?, ?)"));
    q.addBindValue(toJson(config));
    q.addBindValue(text(bundlePath));
    q.addBindValue(nowText());
    if (!q.exec()) { fail(m_path, q.lastError().text()); return 0; }
    return q.lastInsertId().toLongLong();
}

bool ProjectStore::setRunResult(qint64 runId, const QJsonObject& result, const QString& bundlePath) {
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE runs SET result = ?, bundle_path = ? WHERE id = ?"));
    q.addBindValue(toJson(result));
    q.addBindValue(text(bundlePath));
    q.addBindValue(runId);
    if (!q.exec()) return fail(m_path, q.lastError().text());
    if (q.numRowsAffected() != 1) return fail(m_path, QStringLiteral("there is no training run %1").arg(runId));
    return true;
}

QVector<TrainingRun> ProjectStore::runs() const {
    QVector<TrainingRun> out;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT id, config, result, bundle_path, created FROM runs ORDER BY id"))) return out;
    while (q.next())
        out.push_back(TrainingRun{q.value(0).toLongLong(), fromJson(q.value(1)), fromJson(q.value(2)),
                                  q.value(3).toString(), parseTime(q.value(4))});
    return out;
}

std::optional<TrainingRun> ProjectStore::run(qint64 runId) const {
    for (const TrainingRun& r : runs())
        if (r.id == runId) return r;
    return std::nullopt;
}

bool ProjectStore::setScores(qint64 runId, const QVector<RunScore>& scores) {
    Transaction tx(m_db);
    if (!tx.ok()) return fail(m_path, QStringLiteral("saving scores failed: %1").arg(tx.error()));
    QSqlQuery clear(m_db);
    clear.prepare(QStringLiteral("DELETE FROM scores WHERE run_id = ?"));
    clear.addBindValue(runId);
    if (!clear.exec()) return fail(m_path, clear.lastError().text());
    QSqlQuery insert(m_db);
    insert.prepare(QStringLiteral("INSERT INTO scores(run_id, sample_id, score) VALUES(?, ?, ?)"));
    for (const RunScore& s : scores) {
        insert.addBindValue(runId);
        insert.addBindValue(s.sampleId);
        insert.addBindValue(s.score);
        if (!insert.exec())
            return fail(m_path, QStringLiteral("saving the score of sample %1 in run %2 failed: %3")
                                    .arg(s.sampleId).arg(runId).arg(insert.lastError().text()));
    }
    if (!tx.commit()) return fail(m_path, tx.error());
    return true;
}

QHash<qint64, double> ProjectStore::scores(qint64 runId) const {
    QHash<qint64, double> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT sample_id, score FROM scores WHERE run_id = ?"));
    q.addBindValue(runId);
    if (!q.exec()) return out;
    while (q.next()) out.insert(q.value(0).toLongLong(), q.value(1).toDouble());
    return out;
}

qint64 ProjectStore::commitThreshold(const ThresholdCommit& commit) {
    if (commit.low.has_value() != commit.high.has_value()) {
        fail(m_path, QStringLiteral("a review band needs both a low and a high edge"));
        return 0;
    }
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO thresholds(run_id, value, low, high, method, note, who, at)"
                             " VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(commit.runId);
    q.addBindValue(commit.value);
    q.addBindValue(optionalValue(commit.low));
    q.addBindValue(optionalValue(commit.high));
    q.addBindValue(text(commit.method));
    q.addBindValue(text(commit.note));
    q.addBindValue(commit.who.isEmpty() ? defaultUser() : commit.who);
    q.addBindValue(nowText());
    // Autocommit with synchronous=FULL: durable when exec() returns.
    if (!q.exec()) { fail(m_path, QStringLiteral("committing the threshold failed: %1").arg(q.lastError().text())); return 0; }
    return q.lastInsertId().toLongLong();
}

QVector<ThresholdCommit> ProjectStore::thresholds(qint64 runId) const {
    QVector<ThresholdCommit> out;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, value, low, high, method, note, who, at FROM thresholds"
                             " WHERE run_id = ? ORDER BY id"));
    q.addBindValue(runId);
    if (!q.exec()) return out;
    while (q.next()) {
        ThresholdCommit c;
        c.id = q.value(0).toLongLong();
        c.runId = runId;
        c.value = q.value(1).toDouble();
        c.low = optionalOf(q.value(2));
        c.high = optionalOf(q.value(3));
        c.method = q.value(4).toString();
        c.note = q.value(5).toString();
        c.who = q.value(6).toString();
        c.when = parseTime(q.value(7));
        out.push_back(std::move(c));
    }
    return out;
}

std::optional<ThresholdCommit> ProjectStore::latestThreshold(qint64 runId) const {
    const QVector<ThresholdCommit> all = thresholds(runId);
    if (all.isEmpty()) return std::nullopt;
    return all.back();
}

} // namespace faultline::core
