#include "core/project/ProjectStore.h"

#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace faultline::core;

namespace {

QVector<Sample> makeSamples(const QString& root, int n) {
    QVector<Sample> out;
    for (int i = 0; i < n; ++i) {
        Sample s;
        s.path = root + QStringLiteral("/test/%1/img_%2.png").arg(i % 2 ? "scratch" : "good").arg(i);
        s.split = i % 3 == 0 ? Split::Train : Split::Test;
        s.truth = i % 2 ? GroundTruth::Anomalous : GroundTruth::Normal;
        s.defect = i % 2 ? QStringLiteral("scratch") : QStringLiteral("good");
        if (i % 2) s.maskPath = root + QStringLiteral("/ground_truth/scratch/img_%1_mask.png").arg(i);
        out.push_back(s);
    }
    return out;
}

// A raw connection for writing files the way other programs (or older Faultlines) did.
struct RawDb {
    explicit RawDb(const QString& path, const QString& name = QStringLiteral("raw")) : name(name) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.open();
    }
    ~RawDb() {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    bool exec(const QString& sql) {
        QSqlQuery q(db);
        if (!q.exec(sql)) { qWarning() << sql << q.lastError().text(); return false; }
        return true;
    }
    QString name;
    QSqlDatabase db;
};

// Child-process mode for the kill test: label samples one by one and print each id after the
// call returned, i.e. after the label is claimed durable.
int runLabelWriter(const QString& path) {
    ProjectStore store;
    if (!store.open(path)) { fprintf(stderr, "%s\n", qPrintable(store.lastError())); return 2; }
    const QVector<ProjectSample> samples = store.samples();
    for (int round = 0;; ++round) {
        for (const ProjectSample& s : samples) {
            const GroundTruth label = (round + s.id) % 2 ? GroundTruth::Anomalous : GroundTruth::Normal;
            if (!store.setLabel(s.id, label, QStringLiteral("writer"))) return 3;
            printf("%lld %d\n", s.id, int(label));
            fflush(stdout);
        }
    }
}

} // namespace

class TestProjectStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createFillAndReopen() {
        QTemporaryDir dir;
        const QString path = dir.filePath("p.faultline");
        const QString root = dir.filePath("data");
        qint64 runId = 0;
        {
            ProjectStore store;
            QVERIFY2(store.open(path, ProjectStore::CreateIfMissing), qPrintable(store.lastError()));
            QCOMPARE(store.schemaVersion(), ProjectStore::kSchemaVersion);
            QVERIFY2(store.replaceDataset(root, makeSamples(root, 10)), qPrintable(store.lastError()));
            const QVector<ProjectSample> samples = store.samples();
            QCOMPARE(samples.size(), 10);
            QCOMPARE(samples[1].relativePath, QStringLiteral("test/scratch/img_1.png"));
            QCOMPARE(samples[1].maskPath, QStringLiteral("ground_truth/scratch/img_1_mask.png"));
            QCOMPARE(store.toSample(samples[1]).path, root + "/test/scratch/img_1.png");
            QVERIFY(store.setLabel(samples[0].id, GroundTruth::Anomalous, QStringLiteral("ann")));
            runId = store.addRun(QJsonObject{{"model", "autoencoder"}, {"epochs", 3}}, QStringLiteral("b.bundle"));
            QVERIFY(runId > 0);
            QVERIFY(store.setRunResult(runId, QJsonObject{{"auroc", 0.93}}, QStringLiteral("b2.bundle")));
            QVector<RunScore> scores;
            for (const ProjectSample& s : samples) scores.push_back({s.id, s.id * 0.5});
            QVERIFY(store.setScores(runId, scores));
            ThresholdCommit c;
            c.runId = runId;
            c.value = 2.5;
            c.low = 2.0;
            c.high = 3.0;
            c.method = QStringLiteral("f1-max");
            c.note = QStringLiteral("first line");
            QVERIFY(store.commitThreshold(c) > 0);
        }
        ProjectStore store;
        QVERIFY2(store.open(path), qPrintable(store.lastError()));
        QCOMPARE(store.datasetRoot(), QDir(root).absolutePath());
        const QVector<ProjectSample> samples = store.samples();
        QCOMPARE(samples.size(), 10);
        const auto label = store.label(samples[0].id);
        QVERIFY(label.has_value());
        QCOMPARE(label->label, GroundTruth::Anomalous);
        QCOMPARE(label->who, QStringLiteral("ann"));
        QVERIFY(qAbs(label->when.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QVERIFY(!store.label(samples[1].id).has_value());
        const auto run = store.run(runId);
        QVERIFY(run.has_value());
        QCOMPARE(run->config.value("epochs").toInt(), 3);
        QCOMPARE(run->result.value("auroc").toDouble(), 0.93);
        QCOMPARE(run->bundlePath, QStringLiteral("b2.bundle"));
        const QHash<qint64, double> scores = store.scores(runId);
        QCOMPARE(scores.size(), 10);
        QCOMPARE(scores.value(samples[4].id), samples[4].id * 0.5);
        const auto t = store.latestThreshold(runId);
        QVERIFY(t.has_value());
        QCOMPARE(t->value, 2.5);
        QCOMPARE(*t->low, 2.0);
        QCOMPARE(*t->high, 3.0);
        QCOMPARE(t->note, QStringLiteral("first line"));
        QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
    }

    void reimportKeepsLabelsOfKeptSamples() {
        QTemporaryDir dir;
        const QString root = dir.filePath("data");
        ProjectStore store;
        QVERIFY(store.open(dir.filePath("p.faultline"), ProjectStore::CreateIfMissing));
        QVector<Sample> all = makeSamples(root, 6);
        QVERIFY(store.replaceDataset(root, all));
        const QVector<ProjectSample> before = store.samples();
        QVERIFY(store.setLabels({{before[0].id, GroundTruth::Normal}, {before[5].id, GroundTruth::Anomalous}}));
        all.removeLast();
        all[0].split = Split::Val;
        QVERIFY(store.replaceDataset(root, all));
        const QVector<ProjectSample> after = store.samples();
        QCOMPARE(after.size(), 5);
        QCOMPARE(after[0].id, before[0].id);
        QCOMPARE(after[0].split, Split::Val);
        QCOMPARE(store.labels().size(), 1);  // the removed sample took its label with it
        QCOMPARE(store.label(before[0].id)->label, GroundTruth::Normal);
    }

    void clearingAndHistory() {
        QTemporaryDir dir;
        ProjectStore store;
        QVERIFY(store.open(dir.filePath("p.faultline"), ProjectStore::CreateIfMissing));
        QVERIFY(store.replaceDataset(dir.path(), makeSamples(dir.path(), 2)));
        const qint64 id = store.samples()[0].id;
        QVERIFY(store.setLabel(id, GroundTruth::Normal));
        QVERIFY(store.setLabel(id, GroundTruth::Anomalous));
        QVERIFY(store.setLabel(id, GroundTruth::Unknown));
        QVERIFY(!store.label(id).has_value());
        const QVector<UserLabel> history = store.labelHistory(id);
        QCOMPARE(history.size(), 3);
        QCOMPARE(history[0].label, GroundTruth::Normal);
        QCOMPARE(history[2].label, GroundTruth::Unknown);
    }

    void thresholdsAreAnAuditTrail() {
        QTemporaryDir dir;
        const QString path = dir.filePath("p.faultline");
        ProjectStore store;
        QVERIFY(store.open(path, ProjectStore::CreateIfMissing));
        const qint64 run = store.addRun(QJsonObject{});
        ThresholdCommit c;
        c.runId = run;
        c.value = 0.4;
        c.method = QStringLiteral("manual");
        QVERIFY(store.commitThreshold(c) > 0);
        c.value = 0.6;
        QVERIFY(store.commitThreshold(c) > 0);
        c.low = 0.1;  // half a band is refused
        QCOMPARE(store.commitThreshold(c), 0);
        QVERIFY(store.lastError().contains("review band"));
        QCOMPARE(store.thresholds(run).size(), 2);
        QCOMPARE(store.latestThreshold(run)->value, 0.6);
        RawDb raw(path);
        QVERIFY(!QSqlQuery(raw.db).exec("UPDATE thresholds SET value = 9"));
        QVERIFY(!QSqlQuery(raw.db).exec("DELETE FROM thresholds"));
        QCOMPARE(store.thresholds(run).first().value, 0.4);
    }

    void migratesSchemaVersion1() {
        QTemporaryDir dir;
        const QString path = dir.filePath("old.faultline");
        {
            RawDb raw(path);
            QVERIFY(raw.exec("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"));
            QVERIFY(raw.exec("CREATE TABLE samples(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, split TEXT NOT NULL,"
                             " truth TEXT NOT NULL, defect TEXT NOT NULL DEFAULT '', mask_path TEXT NOT NULL DEFAULT '')"));
            QVERIFY(raw.exec("CREATE TABLE labels(sample_id INTEGER PRIMARY KEY REFERENCES samples(id) ON DELETE CASCADE,"
                             " label TEXT NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL)"));
            QVERIFY(raw.exec("CREATE TABLE runs(id INTEGER PRIMARY KEY, config TEXT NOT NULL, result TEXT NOT NULL DEFAULT '{}',"
                             " bundle_path TEXT NOT NULL DEFAULT '', created TEXT NOT NULL)"));
            QVERIFY(raw.exec("CREATE TABLE scores(run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                             " sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE, score REAL NOT NULL,"
                             " PRIMARY KEY(run_id, sample_id)) WITHOUT ROWID"));
            QVERIFY(raw.exec("CREATE TABLE thresholds(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, value REAL NOT NULL,"
                             " method TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', at TEXT NOT NULL)"));
            QVERIFY(raw.exec("INSERT INTO meta VALUES('dataset_root', '/data/bottle')"));
            QVERIFY(raw.exec("INSERT INTO samples VALUES(7, 'test/good/000.png', 'test', 'normal', 'good', '')"));
            QVERIFY(raw.exec("INSERT INTO labels VALUES(7, 'anomalous', 'bob', '2025-01-02T03:04:05.000Z')"));
            QVERIFY(raw.exec("INSERT INTO runs VALUES(1, '{\"epochs\":5}', '{}', 'r1.bundle', '2025-01-02T03:04:05.000Z')"));
            QVERIFY(raw.exec("INSERT INTO thresholds VALUES(1, 1, 0.25, 'manual', 'v1 note', '2025-01-02T03:04:05.000Z')"));
            QVERIFY(raw.exec(QStringLiteral("PRAGMA application_id=%1").arg(ProjectStore::kApplicationId)));
            QVERIFY(raw.exec("PRAGMA user_version=1"));
        }
        ProjectStore store;
        QVERIFY2(store.open(path), qPrintable(store.lastError()));
        QCOMPARE(store.schemaVersion(), ProjectStore::kSchemaVersion);
        QCOMPARE(store.datasetRoot(), QStringLiteral("/data/bottle"));
        QCOMPARE(store.label(7)->who, QStringLiteral("bob"));
        QCOMPARE(store.label(7)->when, QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC));
        const auto old = store.latestThreshold(1);
        QVERIFY(old.has_value());
        QCOMPARE(old->note, QStringLiteral("v1 note"));
        QVERIFY(!old->low.has_value());
        ThresholdCommit c;
        c.runId = 1;
        c.value = 0.3;
        c.low = 0.2;
        c.high = 0.4;
        c.method = QStringLiteral("manual");
        QVERIFY(store.commitThreshold(c) > 0);
        QVERIFY(store.setLabel(7, GroundTruth::Normal));
        QCOMPARE(store.labelHistory(7).size(), 1);
        QVERIFY(store.setHeld({7}, true));  // the tables of schema 3 exist in an upgraded file
        QCOMPARE(store.holds().size(), 1);
        QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
    }

    void holdsSuspectsAndEventsPersist() {
        QTemporaryDir dir;
        const QString root = dir.filePath("data");
        const QString path = dir.filePath("p.faultline");
        QVector<qint64> ids;
        {
            ProjectStore store;
            QVERIFY(store.open(path, ProjectStore::CreateIfMissing));
            QVERIFY(store.replaceDataset(root, makeSamples(root, 6)));
            for (const ProjectSample& s : store.samples()) ids << s.id;
            QVERIFY(store.setHeld({ids[0], ids[3]}, true, QStringLiteral("ann")));
            QVERIFY(store.setHeld({ids[3]}, true, QStringLiteral("ann")));   // already held: no new event
            QVERIFY(store.setHeld({ids[3]}, false, QStringLiteral("bob")));
            const qint64 run = store.addRun(QJsonObject{});
            QVERIFY(store.setSuspects(run, {{ids[1], run, 2.0, 0.5, false}, {ids[0], run, 9.0, 1.0, true}}));
            QVERIFY(store.setSuspects(run, {{ids[0], run, 7.5, 0.995, true}, {ids[2], run, 1.0, 0.2, false}}));
            AuditEvent e;
            e.kind = QStringLiteral("model-import");
            e.runId = run;
            e.detail = QStringLiteral("/elsewhere/m.flmodel");
            QVERIFY(store.recordEvent(e) > 0);
        }
        ProjectStore store;
        QVERIFY(store.open(path));
        const QHash<qint64, TrainingHold> holds = store.holds();
        QCOMPARE(holds.size(), 1);
        QVERIFY(holds.contains(ids[0]));
        QCOMPARE(holds[ids[0]].who, QStringLiteral("ann"));
        const QVector<SuspectEntry> suspects = store.suspects();  // the second check replaced the first
        QCOMPARE(suspects.size(), 2);
        QCOMPARE(suspects[0].sampleId, ids[0]);  // highest score first
        QCOMPARE(suspects[0].score, 7.5);
        QVERIFY(suspects[0].flagged);
        QVERIFY(!suspects[1].flagged);
        const QVector<AuditEvent> events = store.events();
        QCOMPARE(events.size(), 4);  // two holds, one release, one import
        QCOMPARE(events[0].kind, QStringLiteral("training-hold"));
        QCOMPARE(events[0].detail, QStringLiteral("test/good/img_0.png"));
        QCOMPARE(events[2].kind, QStringLiteral("training-release"));
        QCOMPARE(events[2].who, QStringLiteral("bob"));
        QCOMPARE(events[3].detail, QStringLiteral("/elsewhere/m.flmodel"));
        RawDb raw(path);
        QVERIFY(!QSqlQuery(raw.db).exec("UPDATE audit_events SET who = 'eve'"));
        QVERIFY(!QSqlQuery(raw.db).exec("DELETE FROM audit_events"));
    }

    void refusesBadFiles_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("random bytes") << "random" << "damaged";
        QTest::newRow("truncated project") << "truncated" << "damaged";
        QTest::newRow("empty file") << "empty" << "empty";
        QTest::newRow("another program's database") << "foreign" << "another program";
        QTest::newRow("newer schema") << "newer" << "newer Faultline";
        QTest::newRow("read-only file") << "readonly" << "read-only";
        QTest::newRow("missing file") << "missing" << "does not exist";
        QTest::newRow("folder") << "folder" << "is a folder";
    }
    void refusesBadFiles() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.faultline");
        if (kind == "random") {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray bytes(64 * 1024, '\0');
            for (int i = 0; i < bytes.size(); ++i) bytes[i] = char((i * 7919 + 13) & 0xff);
            f.write(bytes);
        } else if (kind == "truncated") {
            {
                ProjectStore store;
                QVERIFY(store.open(path, ProjectStore::CreateIfMissing));
                QVERIFY(store.replaceDataset(dir.path(), makeSamples(dir.path(), 4000)));
            }
            QFile f(path);
            const qint64 size = f.size();
            QVERIFY(size > 100000);
            QVERIFY(f.resize(size / 2));
        } else if (kind == "empty") {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
        } else if (kind == "foreign") {
            RawDb raw(path);
            QVERIFY(raw.exec("CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL)"));
        } else if (kind == "newer") {
            RawDb raw(path);
            QVERIFY(raw.exec("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"));
            QVERIFY(raw.exec(QStringLiteral("PRAGMA application_id=%1").arg(ProjectStore::kApplicationId)));
            QVERIFY(raw.exec("PRAGMA user_version=99"));
        } else if (kind == "readonly") {
            { ProjectStore store; QVERIFY(store.open(path, ProjectStore::CreateIfMissing)); }
            QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
        } else if (kind == "folder") {
            QVERIFY(QDir().mkdir(path));
        }
        const QByteArray before = QFile::exists(path) && !QFileInfo(path).isDir()
                                      ? [&] { QFile f(path); f.open(QIODevice::ReadOnly); return f.readAll(); }()
                                      : QByteArray();
        ProjectStore store;
        QVERIFY(!store.open(path));
        QVERIFY(!store.isOpen());
        QVERIFY2(store.lastError().contains(expected), qPrintable(store.lastError()));
        QVERIFY2(store.lastError().contains(path), qPrintable(store.lastError()));
        if (!before.isEmpty()) {  // a refused file is left exactly as it was
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), before);
        }
    }

    void reportsLockedProject() {
        QTemporaryDir dir;
        const QString path = dir.filePath("p.faultline");
        { ProjectStore store; QVERIFY(store.open(path, ProjectStore::CreateIfMissing)); }
        RawDb other(path, QStringLiteral("other-program"));
        QVERIFY(other.exec("BEGIN EXCLUSIVE"));
        QVERIFY(other.exec("INSERT INTO meta VALUES('x', 'y')"));
        ProjectStore store;
        QVERIFY(!store.open(path, ProjectStore::OpenExisting, /*busyTimeoutMs=*/100));
        QVERIFY2(store.lastError().contains("locked"), qPrintable(store.lastError()));
        QVERIFY(other.exec("COMMIT"));
        QVERIFY2(store.open(path), qPrintable(store.lastError()));
    }

    void connectionsHaveUniqueNames() {
        QTemporaryDir dir;
        const QString path = dir.filePath("p.faultline");
        ProjectStore a;
        QVERIFY(a.open(path, ProjectStore::CreateIfMissing));
        QVERIFY(a.replaceDataset(dir.path(), makeSamples(dir.path(), 3)));
        ProjectStore b;
        QVERIFY(b.open(path));
        QVERIFY(b.setLabel(b.samples()[0].id, GroundTruth::Normal));
        QCOMPARE(a.labels().size(), 1);  // the other connection sees the committed label
    }

    // SIGKILL a process in the middle of labelling: every label it reported as saved is in the
    // database, and the database passes integrity_check.
    void killedWriterLosesNoCommittedLabel() {
        QTemporaryDir dir;
        const QString path = dir.filePath("p.faultline");
        {
            ProjectStore store;
            QVERIFY(store.open(path, ProjectStore::CreateIfMissing));
            QVERIFY(store.replaceDataset(dir.path(), makeSamples(dir.path(), 50)));
        }
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("FAULTLINE_LABEL_WRITER"), path);
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += child.readAllStandardOutput()).count('\n') >= 80, 20000);
        ::kill(pid_t(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished());
        out += child.readAllStandardOutput();
        QHash<qint64, QVector<int>> reported;  // labels reported as saved, per sample, in order
        int lines = 0;
        for (const QByteArray& line : out.split('\n')) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() != 2 || parts[1].isEmpty()) continue;  // a half-written last line
            reported[parts[0].toLongLong()].push_back(parts[1].toInt());
            ++lines;
        }
        QVERIFY(lines >= 80);
        ProjectStore store;
        QVERIFY2(store.open(path), qPrintable(store.lastError()));
        QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
        const QHash<qint64, UserLabel> labels = store.labels();
        for (auto it = reported.cbegin(); it != reported.cend(); ++it) {
            // The child may have saved one more label after its last line, never fewer.
            const QVector<UserLabel> history = store.labelHistory(it.key());
            QVERIFY(history.size() >= it.value().size());
            for (int i = 0; i < it.value().size(); ++i) QCOMPARE(int(history[i].label), it.value()[i]);
            QCOMPARE(labels.value(it.key()).label, history.last().label);
        }
    }
};

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    const QString writerPath = qEnvironmentVariable("FAULTLINE_LABEL_WRITER");
    if (!writerPath.isEmpty()) return runLabelWriter(writerPath);
    TestProjectStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_projectstore.moc"
