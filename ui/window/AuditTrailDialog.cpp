#include "ui/window/AuditTrailDialog.h"

#include "core/project/ProjectStore.h"

#include <QFileInfo>
#include <QHash>
#include <QTableWidget>

#include <algorithm>

namespace faultline::ui {

namespace {

QString number(double v) { return QString::number(v, 'g', 6); }

// "run 3 (ae)" when the run's configuration names its model, else its bundle's file name.
QString runText(const core::TrainingRun& run) {
    const QString model = run.config.value(QStringLiteral("model")).toString();
    const QString bundle = QFileInfo(run.bundlePath).fileName();
    QString text = AuditTrailDialog::tr("run %1").arg(run.id);
    if (!model.isEmpty()) text += QStringLiteral(" (%1)").arg(model);
    else if (!bundle.isEmpty()) text += QStringLiteral(" (%1)").arg(bundle);
    return text;
}

QString eventText(const QString& kind) {
    if (kind == QLatin1String("model-import")) return AuditTrailDialog::tr("model imported");
    if (kind == QLatin1String("training-hold")) return AuditTrailDialog::tr("held for review");
    if (kind == QLatin1String("training-release")) return AuditTrailDialog::tr("given back to training");
    return kind;
}

// One row of the trail: a threshold commit or another audit event, with its sort key.
struct Entry {
    QDateTime when;
    int kind = 0;       // 0 commit, 1 event: ties in time keep their own order
    qint64 id = 0;
    QStringList row;
};

QString timeText(const QDateTime& when) { return when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")); }

QVector<Entry> entriesOf(const core::ProjectStore* store, int* commits) {
    QVector<Entry> entries;
    *commits = 0;
    if (!store) return entries;
    QHash<qint64, QString> runs;
    for (const core::TrainingRun& run : store->runs()) {
        runs.insert(run.id, runText(run));
        for (const core::ThresholdCommit& c : store->thresholds(run.id)) {
            const QString band = c.low && c.high ? QStringLiteral("%1 – %2").arg(number(*c.low), number(*c.high)) : QString();
            entries.append({c.when, 0, c.id, {runText(run), timeText(c.when), number(c.value), band, c.method, c.note, c.who}});
            ++*commits;
        }
    }
    for (const core::AuditEvent& e : store->events())
        entries.append({e.when, 1, e.id,
                        {e.runId > 0 ? runs.value(e.runId, AuditTrailDialog::tr("run %1").arg(e.runId)) : QString(),
                         timeText(e.when), QString(), QString(), eventText(e.kind), e.detail, e.who}});
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        if (a.when != b.when) return a.when > b.when;
        return a.kind != b.kind ? a.kind > b.kind : a.id > b.id;
    });
    return entries;
}

} // namespace

AuditTrailDialog::Contents AuditTrailDialog::contentsOf(const core::ProjectStore* store) {
    int commits = 0;
    const QVector<Entry> entries = entriesOf(store, &commits);
    Contents c;
    c.intro = store ? tr("Threshold commits in this project: %1; model imports and review holds: %2. Newest first; "
                         "nothing here is ever changed or deleted.")
                          .arg(commits).arg(entries.size() - commits)
                    : tr("No project is open.");
    for (const Entry& e : entries) c.rows.append(e.row);
    return c;
}

AuditTrailDialog::AuditTrailDialog(const core::ProjectStore* store, QWidget* parent)
    : AuditTrailDialog(contentsOf(store), parent) {}

AuditTrailDialog::AuditTrailDialog(const Contents& contents, QWidget* parent)
    : TableDialog(tr("Audit Trail"), contents.intro,
                  {tr("Run"), tr("When"), tr("Threshold"), tr("Review band"), tr("Method or event"), tr("Note"), tr("By")},
                  contents.rows, parent) {
    setObjectName(QStringLiteral("auditTrailDialog"));
    for (int r = 0; r < table()->rowCount(); ++r)  // long notes in full on hover
        if (QTableWidgetItem* note = table()->item(r, NoteColumn)) note->setToolTip(note->text());
    resize(820, 420);
}

} // namespace faultline::ui
