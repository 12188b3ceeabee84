#pragma once
// A read-only table in a dialog with a Close button, optionally under a line of text: the form
// of Help > Keyboard Shortcuts and View > Threshold Audit Trail. GUI thread only.

#include <QDialog>
#include <QStringList>
#include <QVector>

class QTableWidget;

namespace faultline::ui {

class TableDialog : public QDialog {
    Q_OBJECT
public:
    // intro may be empty (no line above the table).
    TableDialog(const QString& title, const QString& intro, const QStringList& headers,
                const QVector<QStringList>& rows, QWidget* parent = nullptr);
    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table = nullptr;
};

} // namespace faultline::ui
