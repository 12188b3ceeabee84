#include "ui/window/ShortcutsDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace faultline::ui {

namespace {

struct Row {
    QString keys, what, where;
};

QString plain(QString text) { return text.remove(QLatin1Char('&')).remove(QStringLiteral("…")).trimmed(); }

// Actions with a shortcut, and menu entries that name a key after a tab ("Label Normal\tN").
void collect(const QMenu* menu, const QString& where, QVector<Row>* rows) {
    for (QAction* a : menu->actions()) {
        if (a->menu()) {
            collect(a->menu(), where + QStringLiteral(" > ") + plain(a->menu()->title()), rows);
            continue;
        }
        const QString text = a->text();
        const qsizetype tab = text.indexOf(QLatin1Char('\t'));
        QString keys = a->shortcut().toString(QKeySequence::NativeText);
        if (keys.isEmpty() && tab >= 0) keys = text.mid(tab + 1);
        if (keys.isEmpty()) continue;
        rows->append({keys, plain(tab >= 0 ? text.left(tab) : text), where});
    }
}

} // namespace

ShortcutsDialog::ShortcutsDialog(const QMenuBar* menus, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    QVector<Row> rows;
    for (QAction* a : menus->actions())
        if (a->menu()) collect(a->menu(), plain(a->menu()->title()), &rows);
    rows.append({tr("Up, Down, Left, Right"), tr("Move through the samples"), tr("Thumbnails and table")});
    rows.append({tr("Shift + arrows, Ctrl+A"), tr("Select several samples to label at once"), tr("Thumbnails and table")});
    rows.append({tr("J, K or Page Down, Page Up"), tr("Next, previous sample"), tr("Inspection")});
    rows.append({tr("Mouse wheel, drag"), tr("Zoom and pan the images together"), tr("Inspection")});

    m_table = new QTableWidget(int(rows.size()), 3, this);
    m_table->setHorizontalHeaderLabels({tr("Keys"), tr("Does"), tr("Where")});
    for (int r = 0; r < rows.size(); ++r) {
        m_table->setItem(r, 0, new QTableWidgetItem(rows[r].keys));
        m_table->setItem(r, 1, new QTableWidgetItem(rows[r].what));
        m_table->setItem(r, 2, new QTableWidgetItem(rows[r].where));
    }
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->resizeColumnsToContents();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(560, 480);
}

} // namespace faultline::ui
