// ProjectStore: opening, validation and schema migration. Data access is in ProjectStore.cpp.
#include "core/project/ProjectStore.h"

#include "core/io/RegularFile.h"
#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace faultline::core {

namespace {

QAtomicInteger<quint64> g_connectionCounter;

// Migration N takes the schema from version N to N+1. A new project runs all of them, so the
// upgrade path of old files is exercised every time a project is created.
const QVector<QStringList>& migrations() {
    static const QVector<QStringList> steps = {
        {   // 0 -> 1: first released schema
            QStringLiteral("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE samples(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,"
                           " split TEXT NOT NULL, truth TEXT NOT NULL,"
                           " defect TEXT NOT NULL DEFAULT '', mask_path TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE TABLE labels(sample_id INTEGER PRIMARY KEY"
                           " REFERENCES samples(id) ON DELETE CASCADE,"
                           " label TEXT NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE runs(id INTEGER PRIMARY KEY, config TEXT NOT NULL,"
                           " result TEXT NOT NULL DEFAULT '{}', bundle_path TEXT NOT NULL DEFAULT '',"
                           " created TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE scores(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                           " sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,"
                           " score REAL NOT NULL, PRIMARY KEY(run_id, sample_id)) WITHOUT ROWID"),
            QStringLiteral("CREATE TABLE thresholds(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL,"
                           " value REAL NOT NULL, method TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',"
                           " at TEXT NOT NULL)"),
        },
        {   // 1 -> 2: review band and author on thresholds, label history, audit trail enforced
            QStringLiteral("ALTER TABLE thresholds ADD COLUMN low REAL"),
            QStringLiteral("ALTER TABLE thresholds ADD COLUMN high REAL"),
            QStringLiteral("ALTER TABLE thresholds ADD COLUMN who TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("CREATE INDEX thresholds_by_run ON thresholds(run_id, id)"),
            QStringLiteral("CREATE TABLE label_events(id INTEGER PRIMARY KEY, sample_id INTEGER NOT NULL,"
                           " label TEXT NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX label_events_by_sample ON label_events(sample_id, id)"),
            QStringLiteral("CREATE TRIGGER thresholds_never_updated BEFORE UPDATE ON thresholds"
                           " BEGIN SELECT RAISE(ABORT, 'committed thresholds are an audit trail'); END"),
            QStringLiteral("CREATE TRIGGER thresholds_never_deleted BEFORE DELETE ON thresholds"
                           " BEGIN SELECT RAISE(ABORT, 'committed thresholds are an audit trail'); END"),
        },
        {   // 2 -> 3: training images held for review, the training-set check, audit events
            QStringLiteral("CREATE TABLE training_holds(sample_id INTEGER PRIMARY KEY"
                           " REFERENCES samples(id) ON DELETE CASCADE, who TEXT NOT NULL, at TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE training_suspects(sample_id INTEGER PRIMARY KEY"
                           " REFERENCES samples(id) ON DELETE CASCADE, run_id INTEGER NOT NULL,"
                           " score REAL NOT NULL, percentile REAL NOT NULL, flagged INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE audit_events(id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
                           " run_id INTEGER NOT NULL DEFAULT 0, detail TEXT NOT NULL DEFAULT '',"
                           " who TEXT NOT NULL, at TEXT NOT NULL)"),
            QStringLiteral("CREATE TRIGGER audit_events_never_updated BEFORE UPDATE ON audit_events"
                           " BEGIN SELECT RAISE(ABORT, 'audit events are an audit trail'); END"),
            QStringLiteral("CREATE TRIGGER audit_events_never_deleted BEFORE DELETE ON audit_events"
                           " BEGIN SELECT RAISE(ABORT, 'audit events are an audit trail'); END"),
        },
    };
    return steps;
}

bool isBusy(const QSqlError& error) {
    const QString text = error.databaseText().toLower() + error.driverText().toLower();
    return text.contains(QLatin1String("locked")) || text.contains(QLatin1String("busy"));
}

QString runCheck(const QSqlDatabase& db, const QString& pragma) {
    QSqlQuery query(db);
    if (!query.exec(pragma)) return query.lastError().text();
    QStringList problems;
    while (query.next()) problems << query.value(0).toString();
    return problems.isEmpty() ? QStringLiteral("no answer from %1").arg(pragma) : problems.join('\n');
}

} // namespace

ProjectStore::ProjectStore() = default;

ProjectStore::~ProjectStore() { close(); }

bool ProjectStore::fail(const QString& what, const QString& reason) const {
    m_error = QStringLiteral("%1: %2").arg(what, reason);
    return false;
}

bool ProjectStore::exec(const QString& sql) const {
    QSqlQuery query(m_db);
    if (query.exec(sql)) return true;
    return fail(m_path, query.lastError().text());
}

bool ProjectStore::isOpen() const { return m_db.isValid() && m_db.isOpen(); }

void ProjectStore::close() {
    if (m_connection.isEmpty()) return;
    if (m_db.isOpen()) m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
    m_connection.clear();
}

bool ProjectStore::checkFileBeforeOpen(const QString& path, OpenMode mode) {
    const QFileInfo info(path);
    if (!info.exists()) {
        if (mode == OpenExisting) return fail(path, QStringLiteral("the project file does not exist"));
        const QFileInfo dir(info.absolutePath());
        if (!dir.isDir()) return fail(path, QStringLiteral("the folder %1 does not exist").arg(dir.filePath()));
        return true;
    }
    if (info.isDir()) return fail(path, QStringLiteral("is a folder, not a project file"));
    // SQLite would open a named pipe and wait on it forever.
    if (const QString why = regularFileProblem(path); !why.isEmpty()) return fail(path, why);
    // Root ignores permission bits, so look at them too: a file the user marked read-only
    // must not be written behind their back.
    constexpr auto kAnyWrite = QFile::WriteOwner | QFile::WriteGroup | QFile::WriteOther;  // mode bits only
    if (!info.isWritable() || !(info.permissions() & kAnyWrite))
        return fail(path, QStringLiteral("the project file is read-only; labels and thresholds could not be "
                                         "saved. Make it writable or copy it to a writable folder"));
    // WAL needs to create the -wal and -shm files next to the project.
    const QFileInfo dir(info.absolutePath());
    if (!dir.isWritable() || !(dir.permissions() & kAnyWrite))
        return fail(path, QStringLiteral("the folder %1 is read-only; SQLite needs to create its journal there")
                              .arg(dir.filePath()));
    if (info.size() == 0 && mode == OpenExisting)
        return fail(path, QStringLiteral("the file is empty (0 bytes), not a Faultline project"));
    return true;
}

bool ProjectStore::open(const QString& path, OpenMode mode, int busyTimeoutMs) {
    close();
    m_error.clear();
    m_path = QFileInfo(path).absoluteFilePath();
    if (!checkFileBeforeOpen(m_path, mode)) return false;

    m_connection = QStringLiteral("faultline-project-%1").arg(++g_connectionCounter);
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs));
    if (!m_db.open()) {
        const QString reason = m_db.lastError().text();
        close();
        return fail(m_path, QStringLiteral("cannot open the project: %1").arg(reason));
    }
    if (!prepareSchema()) {
        const QString reason = m_error;
        close();
        m_error = reason;
        return false;
    }
    return true;
}

bool ProjectStore::prepareSchema() {
    QSqlQuery query(m_db);
    // The first statement that reads the header tells a damaged or foreign file apart.
    if (!query.exec(QStringLiteral("PRAGMA application_id")) || !query.next()) {
        const QString reason = query.lastError().text();
        if (isBusy(query.lastError()))
            return fail(m_path, QStringLiteral("the project is locked by another program (%1)").arg(reason));
        return fail(m_path, QStringLiteral("the file is damaged or not an SQLite database (%1)").arg(reason));
    }
    const qint32 appId = query.value(0).toInt();
    query.finish();
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return fail(m_path, query.lastError().text());
    const int version = query.value(0).toInt();
    query.finish();
    if (!query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !query.next())
        return fail(m_path, QStringLiteral("the file is damaged (%1)").arg(query.lastError().text()));
    const int objects = query.value(0).toInt();
    query.finish();

    const bool fresh = appId == 0 && version == 0 && objects == 0;
    if (!fresh && appId != kApplicationId)
        return fail(m_path, QStringLiteral("this SQLite file belongs to another program, not a Faultline project"));
    if (version > kSchemaVersion)
        return fail(m_path, QStringLiteral("the project was written by a newer Faultline (schema %1); this "
                                           "version reads schema %2 and older").arg(version).arg(kSchemaVersion));
    if (!fresh) {
        // quick_check reads every page but skips the index cross-check: fast enough at open.
        const QString check = runCheck(m_db, QStringLiteral("PRAGMA quick_check"));
        if (check != QLatin1String("ok"))
            return fail(m_path, QStringLiteral("the project file is damaged (%1)").arg(check.section('\n', 0, 0)));
    }
    // WAL keeps readers and the writer out of each other's way; FULL makes every commit durable
    // (fsync of the WAL) before the call that made it returns, so a shown label is a saved label.
    if (!exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !exec(QStringLiteral("PRAGMA synchronous=FULL"))
        || !exec(QStringLiteral("PRAGMA foreign_keys=ON")))
        return false;
    // Take the write lock now: a project another program is writing is reported at open,
    // not at the first label.
    QSqlQuery begin(m_db);
    if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        if (isBusy(begin.lastError()))
            return fail(m_path, QStringLiteral("the project is locked by another program (%1)")
                                    .arg(begin.lastError().text()));
        return fail(m_path, begin.lastError().text());
    }
    if (version < kSchemaVersion && !migrate(version)) {
        exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return exec(QStringLiteral("COMMIT"));
}

bool ProjectStore::migrate(int from) {
    const auto& steps = migrations();
    for (int v = from; v < kSchemaVersion; ++v) {
        for (const QString& sql : steps[v]) {
            QSqlQuery query(m_db);
            if (!query.exec(sql))
                return fail(m_path, QStringLiteral("upgrading the project from schema %1 failed: %2")
                                        .arg(v).arg(query.lastError().text()));
        }
    }
    return exec(QStringLiteral("PRAGMA application_id=%1").arg(kApplicationId))
        && exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion));
}

int ProjectStore::schemaVersion() const {
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) return -1;
    return query.value(0).toInt();
}

QString ProjectStore::integrityCheck() const {
    return runCheck(m_db, QStringLiteral("PRAGMA integrity_check"));
}

} // namespace faultline::core
