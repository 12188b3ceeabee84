#pragma once
// Helpers shared by the ProjectStore source files: timestamps, NOT NULL text binding and the
// write transaction. Internal to core/project.

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace faultline::core::store {

inline QString nowText() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs); }

// Qt binds a null QString as SQL NULL; the text columns are NOT NULL.
inline QString text(const QString& s) { return s.isNull() ? QStringLiteral("") : s; }

inline QDateTime parseTime(const QVariant& value) {
    QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    t.setTimeSpec(Qt::UTC);
    return t;
}

// BEGIN IMMEDIATE takes the write lock up front, so a busy database fails here, before any
// row is touched; the destructor rolls back whatever was not committed.
class Transaction {
public:
    explicit Transaction(const QSqlDatabase& db) : m_db(db) {
        QSqlQuery q(m_db);
        m_open = q.exec(QStringLiteral("BEGIN IMMEDIATE"));
        if (!m_open) m_error = q.lastError().text();
    }
    ~Transaction() {
        if (m_open) QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    bool ok() const { return m_open; }
    QString error() const { return m_error; }
    bool commit() {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("COMMIT"))) { m_error = q.lastError().text(); return false; }
        m_open = false;
        return true;
    }

private:
    QSqlDatabase m_db;
    bool m_open = false;
    QString m_error;
};

} // namespace faultline::core::store
