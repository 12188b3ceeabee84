#include "ui/window/AuditTrailDialog.h"

#include "core/project/ProjectStore.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace faultline::ui {

namespace {

QString number(double v) { return QString::number(v, 'g', 6); }

// "run 3 (ae, 12 epochs)" when the run's configuration says so.
QString runText(const core::TrainingRun& run) {
    const QString model = run.config.value(QStringLiteral("model")).toString();
    const QString bundle = QFileInfo(run.bundlePath).fileName();
    QString text = QObject::tr("run %1").arg(run.id);
    if (!model.isEmpty()) text += QStringLiteral(" (%1)").arg(model);
    else if (!bundle.isEmpty()) text += QStringLiteral(" (%1)").arg(bundle);
    return text;
}

} // namespace

AuditTrailDialog::AuditTrailDialog(const core::ProjectStore* store, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("auditTrailDialog"));
    setWindowTitle(tr("Threshold Audit Trail"));
    struct Entry {
        core::ThresholdCommit commit;
        QString run;
    };
    QVector<Entry> entries;
    if (store)
        for (const core::TrainingRun& run : store->runs())
            for (const core::ThresholdCommit& c : store->thresholds(run.id)) entries.append({c, runText(run)});
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.commit.when != b.commit.when ? a.commit.when > b.commit.when : a.commit.id > b.commit.id;
    });

    auto* intro = new QLabel(store ? tr("Threshold commits in this project: %1, newest first. Commits are never "
                                        "changed or deleted.").arg(entries.size())
                                   : tr("No project is open."),
                             this);
    intro->setObjectName(QStringLiteral("auditIntro"));
    intro->setWordWrap(true);
    m_table = new QTableWidget(int(entries.size()), ColumnCount, this);
    m_table->setHorizontalHeaderLabels({tr("Run"), tr("Committed"), tr("Threshold"), tr("Review band"), tr("Method"),
                                        tr("Note"), tr("By")});
    for (int r = 0; r < entries.size(); ++r) {
        const core::ThresholdCommit& c = entries[r].commit;
        const QString band = c.low && c.high ? QStringLiteral("%1 – %2").arg(number(*c.low), number(*c.high)) : QString();
        const QStringList cells{entries[r].run, c.when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                number(c.value), band, c.method, c.note, c.who};
        for (int col = 0; col < ColumnCount; ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            if (col == NoteColumn) item->setToolTip(c.note);
            m_table->setItem(r, col, item);
        }
    }
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->resizeColumnsToContents();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(820, 420);
}

} // namespace faultline::ui
