#pragma once
// Help > Keyboard Shortcuts: every key the window answers to, read from the menu bar's actions
// when the dialog opens (so the list cannot drift from the menus), plus the keys the views
// handle themselves. GUI thread only.

#include <QDialog>

class QMenuBar;
class QTableWidget;

namespace faultline::ui {

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QMenuBar* menus, QWidget* parent = nullptr);
    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table = nullptr;
};

} // namespace faultline::ui
