// ProjectStore: training images held for review, the training-set check and audit events.
#include "core/project/ProjectStore.h"

#include "core/project/internal/StoreSql.h"

namespace faultline::core {

using store::nowText;
using store::parseTime;
using store::text;
using store::Transaction;

bool ProjectStore::setHeld(const QVector<qint64>& sampleIds, bool held, const QString& who) {
    Transaction tx(m_db);
    if (!tx.ok()) return fail(m_path, QStringLiteral("saving the review holds failed: %1").arg(tx.error()));
    const QString at = nowText();
    const QString author = who.isEmpty() ? defaultUser() : who;
    QSqlQuery change(m_db);
    change.prepare(held ? QStringLiteral("INSERT OR IGNORE INTO training_holds(sample_id, who, at) VALUES(?, ?, ?)")
                        : QStringLiteral("DELETE FROM training_holds WHERE sample_id = ?"));
    QSqlQuery event(m_db);
    event.prepare(QStringLiteral("INSERT INTO audit_events(kind, run_id, detail, who, at)"
                                 " SELECT ?, 0, path, ?, ? FROM samples WHERE id = ?"));
    for (qint64 id : sampleIds) {
        change.addBindValue(id);
        if (held) {
            change.addBindValue(author);
            change.addBindValue(at);
        }
        if (!change.exec())
            return fail(m_path, QStringLiteral("holding sample %1 for review failed: %2").arg(id).arg(change.lastError().text()));
        if (change.numRowsAffected() == 0) continue;  // already in that state: nothing happened
        event.addBindValue(held ? QStringLiteral("training-hold") : QStringLiteral("training-release"));
        event.addBindValue(author);
        event.addBindValue(at);
        event.addBindValue(id);
        if (!event.exec()) return fail(m_path, event.lastError().text());
    }
    if (!tx.commit()) return fail(m_path, QStringLiteral("saving the review holds failed: %1").arg(tx.error()));
    return true;
}

QHash<qint64, TrainingHold> ProjectStore::holds() const {
    QHash<qint64, TrainingHold> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT sample_id, who, at FROM training_holds"))) return out;
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        out.insert(id, TrainingHold{id, q.value(1).toString(), parseTime(q.value(2))});
    }
    return out;
}

bool ProjectStore::setSuspects(qint64 runId, const QVector<SuspectEntry>& entries) {
    Transaction tx(m_db);
    if (!tx.ok()) return fail(m_path, QStringLiteral("saving the training-set check failed: %1").arg(tx.error()));
    QSqlQuery clear(m_db);
    if (!clear.exec(QStringLiteral("DELETE FROM training_suspects")))
        return fail(m_path, QStringLiteral("saving the training-set check failed: %1").arg(clear.lastError().text()));
    QSqlQuery insert(m_db);
    insert.prepare(QStringLiteral("INSERT INTO training_suspects(sample_id, run_id, score, percentile, flagged)"
                                  " VALUES(?, ?, ?, ?, ?)"));
    for (const SuspectEntry& e : entries) {
        insert.addBindValue(e.sampleId);
        insert.addBindValue(runId);
        insert.addBindValue(e.score);
        insert.addBindValue(e.valPercentile);
        insert.addBindValue(e.flagged ? 1 : 0);
        if (!insert.exec())
            return fail(m_path, QStringLiteral("saving the check of sample %1 failed: %2")
                                    .arg(e.sampleId).arg(insert.lastError().text()));
    }
    if (!tx.commit()) return fail(m_path, QStringLiteral("saving the training-set check failed: %1").arg(tx.error()));
    return true;
}

QVector<SuspectEntry> ProjectStore::suspects() const {
    QVector<SuspectEntry> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT sample_id, run_id, score, percentile, flagged FROM training_suspects"
                               " ORDER BY score DESC, sample_id")))
        return out;
    while (q.next())
        out.push_back({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toDouble(), q.value(3).toDouble(),
                       q.value(4).toInt() != 0});
    return out;
}

qint64 ProjectStore::recordEvent(const AuditEvent& event) {
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO audit_events(kind, run_id, detail, who, at) VALUES(?, ?, ?, ?, ?)"));
    q.addBindValue(text(event.kind));
    q.addBindValue(event.runId);
    q.addBindValue(text(event.detail));
    q.addBindValue(event.who.isEmpty() ? defaultUser() : event.who);
    q.addBindValue(nowText());
    if (!q.exec()) { fail(m_path, QStringLiteral("recording the %1 event failed: %2").arg(event.kind, q.lastError().text())); return 0; }
    return q.lastInsertId().toLongLong();
}

QVector<AuditEvent> ProjectStore::events() const {
    QVector<AuditEvent> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, kind, run_id, detail, who, at FROM audit_events ORDER BY id"))) return out;
    while (q.next())
        out.push_back({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString(),
                       q.value(4).toString(), parseTime(q.value(5))});
    return out;
}

} // namespace faultline::core
