#include "ui/window/AuditTrailDialog.h"

#include "core/project/ProjectStore.h"

#include <QFileInfo>
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

struct Entry {
    core::ThresholdCommit commit;
    QString run;
};

QVector<Entry> entriesOf(const core::ProjectStore* store) {
    QVector<Entry> entries;
    if (store)
        for (const core::TrainingRun& run : store->runs())
            for (const core::ThresholdCommit& c : store->thresholds(run.id)) entries.append({c, runText(run)});
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.commit.when != b.commit.when ? a.commit.when > b.commit.when : a.commit.id > b.commit.id;
    });
    return entries;
}

QVector<QStringList> rowsOf(const QVector<Entry>& entries) {
    QVector<QStringList> rows;
    for (const Entry& e : entries) {
        const core::ThresholdCommit& c = e.commit;
        const QString band = c.low && c.high ? QStringLiteral("%1 – %2").arg(number(*c.low), number(*c.high)) : QString();
        rows.append({e.run, c.when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), number(c.value), band,
                     c.method, c.note, c.who});
    }
    return rows;
}

} // namespace

AuditTrailDialog::Contents AuditTrailDialog::contentsOf(const core::ProjectStore* store) {
    const QVector<Entry> entries = entriesOf(store);
    Contents c;
    c.intro = store ? tr("Threshold commits in this project: %1, newest first. Commits are never changed or deleted.")
                          .arg(entries.size())
                    : tr("No project is open.");
    c.rows = rowsOf(entries);
    return c;
}

AuditTrailDialog::AuditTrailDialog(const core::ProjectStore* store, QWidget* parent)
    : AuditTrailDialog(contentsOf(store), parent) {}

AuditTrailDialog::AuditTrailDialog(const Contents& contents, QWidget* parent)
    : TableDialog(tr("Threshold Audit Trail"), contents.intro,
                  {tr("Run"), tr("Committed"), tr("Threshold"), tr("Review band"), tr("Method"), tr("Note"), tr("By")},
                  contents.rows, parent) {
    setObjectName(QStringLiteral("auditTrailDialog"));
    for (int r = 0; r < table()->rowCount(); ++r)  // long notes in full on hover
        if (QTableWidgetItem* note = table()->item(r, NoteColumn)) note->setToolTip(note->text());
    resize(820, 420);
}

} // namespace faultline::ui
