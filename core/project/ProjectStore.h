#pragma once
// A Faultline project: one SQLite file (Qt SQL) holding the dataset index, user labels,
// training runs, scores per run and the committed-threshold audit trail.
//
// API summary
//   ProjectStore store;
//   store.open(path, ProjectStore::CreateIfMissing)  -> false + lastError() on a damaged,
//                                                       foreign, newer, read-only or locked file
//   replaceDataset(root, samples)   upsert by relative path; labels/scores of kept paths survive
//   datasetRoot(), samples(), sampleCount(), absolutePath(), toSample()
//   setLabel(id, truth, who), setLabels(edits, who)   GroundTruth::Unknown clears; one transaction;
//   labels(), label(id), labelHistory(id)             durable (synchronous=FULL) before returning
//   addRun(config, bundlePath), setRunResult(id, result, bundlePath), runs(), run(id)
//   setScores(runId, scores), scores(runId)           replaces all scores of that run
//   commitThreshold(commit), thresholds(runId), latestThreshold(runId)   append-only audit trail
//   setHeld(ids, held, who), holds()                 training images held for review (not trained on)
//   setSuspects(runId, entries), suspects()           the latest training-set check, replaced whole
//   recordEvent(event), events()                      append-only audit events (model imports, holds)
//   setMeta(key, value), meta(key), integrityCheck()
//
// Ownership and threads: a ProjectStore owns one uniquely named QSqlDatabase connection and
// must be used only on the thread that opened it (Qt SQL connections are per thread). A worker
// thread opens its own ProjectStore on the same file; SQLite (WAL) serialises the writers.
// Every mutating call runs in one transaction and returns false with lastError() on failure;
// nothing is left half-written.

#include "core/dataset/Sample.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QVector>

#include <optional>

namespace faultline::core {

struct ProjectSample {
    qint64 id = 0;
    QString relativePath;   // relative to datasetRoot(), forward slashes
    Split split = Split::Train;
    GroundTruth truth = GroundTruth::Unknown;
    QString defect;
    QString maskPath;       // relative to datasetRoot(), empty when none
};

struct UserLabel {
    qint64 sampleId = 0;
    GroundTruth label = GroundTruth::Unknown;  // Unknown in history rows means "cleared"
    QString who;
    QDateTime when;         // UTC
};

struct LabelEdit {
    qint64 sampleId = 0;
    GroundTruth label = GroundTruth::Unknown;  // Unknown clears the label
};

struct TrainingRun {
    qint64 id = 0;
    QJsonObject config;
    QJsonObject result;     // empty until the run finished
    QString bundlePath;
    QDateTime created;      // UTC
};

struct RunScore {
    qint64 sampleId = 0;
    double score = 0.0;
};

struct ThresholdCommit {
    qint64 id = 0;          // assigned by commitThreshold()
    qint64 runId = 0;
    double value = 0.0;     // score >= value is anomalous
    std::optional<double> low;   // review band, both set or both empty
    std::optional<double> high;
    QString method;         // e.g. "manual", "f1-max", "min-cost"
    QString note;
    QString who;
    QDateTime when;         // UTC, assigned by commitThreshold()
};

// A training image taken out of training until someone has looked at it.
struct TrainingHold {
    qint64 sampleId = 0;
    QString who;
    QDateTime when;         // UTC
};

// One training image of the latest training-set check (ml::findTrainingSuspects).
struct SuspectEntry {
    qint64 sampleId = 0;
    qint64 runId = 0;       // the run whose model was checked
    double score = 0.0;     // leave-out score, the run's knn units
    double valPercentile = 0.0;  // share of the validation normals scoring lower, [0,1]
    bool flagged = false;   // above the check's flag threshold
};

// An audit event besides threshold commits: "model-import", "training-hold", "training-release".
struct AuditEvent {
    qint64 id = 0;          // assigned by recordEvent()
    QString kind;
    qint64 runId = 0;       // 0 when the event is about no run
    QString detail;
    QString who;
    QDateTime when;         // UTC, assigned by recordEvent()
};

class ProjectStore {
public:
    enum OpenMode { OpenExisting, CreateIfMissing };
    static constexpr int kSchemaVersion = 3;
    static constexpr qint32 kApplicationId = 0x464C544E;  // "FLTN" in PRAGMA application_id
    static constexpr int kDefaultBusyTimeoutMs = 3000;    // wait this long for another writer

    ProjectStore();
    ~ProjectStore();
    ProjectStore(const ProjectStore&) = delete;
    ProjectStore& operator=(const ProjectStore&) = delete;

    bool open(const QString& path, OpenMode mode = OpenExisting,
              int busyTimeoutMs = kDefaultBusyTimeoutMs);
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    QString lastError() const { return m_error; }
    int schemaVersion() const;

    // Dataset index. Sample paths are absolute; they are stored relative to root.
    bool replaceDataset(const QString& root, const QVector<Sample>& samples);
    QString datasetRoot() const;
    QVector<ProjectSample> samples() const;
    qint64 sampleCount() const;
    QString absolutePath(const QString& relativePath) const;
    Sample toSample(const ProjectSample& sample) const;

    // Labels.
    bool setLabel(qint64 sampleId, GroundTruth label, const QString& who = defaultUser());
    bool setLabels(const QVector<LabelEdit>& edits, const QString& who = defaultUser());
    QHash<qint64, UserLabel> labels() const;
    std::optional<UserLabel> label(qint64 sampleId) const;
    QVector<UserLabel> labelHistory(qint64 sampleId) const;   // oldest first

    // Training runs and their scores.
    qint64 addRun(const QJsonObject& config, const QString& bundlePath = {});  // 0 on failure
    bool setRunResult(qint64 runId, const QJsonObject& result, const QString& bundlePath);
    QVector<TrainingRun> runs() const;
    std::optional<TrainingRun> run(qint64 runId) const;
    bool setScores(qint64 runId, const QVector<RunScore>& scores);
    QHash<qint64, double> scores(qint64 runId) const;

    // Thresholds: every commit is a new row; rows are never updated or deleted.
    qint64 commitThreshold(const ThresholdCommit& commit);   // id, 0 on failure
    QVector<ThresholdCommit> thresholds(qint64 runId) const;  // oldest first
    std::optional<ThresholdCommit> latestThreshold(qint64 runId) const;

    // Training images held for review are left out of training. Each change is an audit event
    // (one per image, "training-hold" or "training-release", detail: the relative path).
    bool setHeld(const QVector<qint64>& sampleIds, bool held, const QString& who = defaultUser());
    QHash<qint64, TrainingHold> holds() const;
    // Replaces the stored training-set check with this one (all entries of one run).
    bool setSuspects(qint64 runId, const QVector<SuspectEntry>& entries);
    QVector<SuspectEntry> suspects() const;
    // Append-only; rows are never updated or deleted.
    qint64 recordEvent(const AuditEvent& event);  // id, 0 on failure
    QVector<AuditEvent> events() const;           // oldest first

    bool setMeta(const QString& key, const QString& value);
    QString meta(const QString& key) const;
    // "ok" or the problems PRAGMA integrity_check reports, one per line.
    QString integrityCheck() const;

    static QString defaultUser();

private:
    bool fail(const QString& what, const QString& reason) const;
    bool exec(const QString& sql) const;
    bool prepareSchema();
    bool migrate(int from);
    bool checkFileBeforeOpen(const QString& path, OpenMode mode);

    QSqlDatabase m_db;
    QString m_connection;
    QString m_path;
    mutable QString m_error;
};

} // namespace faultline::core
