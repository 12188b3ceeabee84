#pragma once
// Help > Keyboard Shortcuts: every key the window answers to, read from the menu bar's actions
// when the dialog opens (so the list cannot drift from the menus), plus the keys the views
// handle themselves. Columns: keys, what they do, where. GUI thread only.

#include "ui/window/TableDialog.h"

class QMenuBar;

namespace faultline::ui {

class ShortcutsDialog : public TableDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QMenuBar* menus, QWidget* parent = nullptr);
};

} // namespace faultline::ui
