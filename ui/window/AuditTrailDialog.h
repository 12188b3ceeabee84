#pragma once
// View > Threshold Audit Trail: every threshold committed in the open project, newest first,
// with its run, value, review band, method, note, author and time, read from the project's
// append-only audit trail when the dialog opens. Read-only. GUI thread only.

#include <QDialog>

class QTableWidget;

namespace faultline::core { class ProjectStore; }

namespace faultline::ui {

class AuditTrailDialog : public QDialog {
    Q_OBJECT
public:
    // store may be null (no project): the dialog says so.
    explicit AuditTrailDialog(const core::ProjectStore* store, QWidget* parent = nullptr);
    QTableWidget* table() const { return m_table; }

    enum Column { RunColumn, TimeColumn, ValueColumn, BandColumn, MethodColumn, NoteColumn, WhoColumn, ColumnCount };

private:
    QTableWidget* m_table = nullptr;
};

} // namespace faultline::ui
