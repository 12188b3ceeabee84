#include "ui/window/ShortcutsDialog.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>

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

// The rows: from the menus first, then the keys the views handle themselves.
static QVector<QStringList> shortcutRows(const QMenuBar* menus) {
    QVector<Row> rows;
    for (QAction* a : menus->actions())
        if (a->menu()) collect(a->menu(), plain(a->menu()->title()), &rows);
    const auto tr = [](const char* text) { return ShortcutsDialog::tr(text); };
    rows.append({tr("Up, Down, Left, Right"), tr("Move through the samples"), tr("Thumbnails and table")});
    rows.append({tr("Shift + arrows, Ctrl+A"), tr("Select several samples to label at once"), tr("Thumbnails and table")});
    rows.append({tr("J, K or Page Down, Page Up"), tr("Next, previous sample"), tr("Inspection, thumbnails and table")});
    rows.append({tr("Mouse wheel, drag"), tr("Zoom and pan the images together"), tr("Inspection")});
    QVector<QStringList> out;
    for (const Row& r : rows) out.append({r.keys, r.what, r.where});
    return out;
}

ShortcutsDialog::ShortcutsDialog(const QMenuBar* menus, QWidget* parent)
    : TableDialog(tr("Keyboard Shortcuts"), QString(), {tr("Keys"), tr("Does"), tr("Where")}, shortcutRows(menus), parent) {
    setObjectName(QStringLiteral("shortcutsDialog"));
    resize(560, 480);
}

} // namespace faultline::ui
