#pragma once
// View > Threshold Audit Trail: every threshold committed in the open project, newest first,
// with its run, value, review band, method, note, author and time, read from the project's
// append-only audit trail when the dialog opens. Read-only. GUI thread only.

#include "ui/window/TableDialog.h"

namespace faultline::core { class ProjectStore; }

namespace faultline::ui {

class AuditTrailDialog : public TableDialog {
    Q_OBJECT
public:
    // store may be null (no project): the dialog says so.
    explicit AuditTrailDialog(const core::ProjectStore* store, QWidget* parent = nullptr);

    enum Column { RunColumn, TimeColumn, ValueColumn, BandColumn, MethodColumn, NoteColumn, WhoColumn, ColumnCount };

private:
    struct Contents {
        QString intro;
        QVector<QStringList> rows;
    };
    static Contents contentsOf(const core::ProjectStore* store);  // one read of the audit trail
    AuditTrailDialog(const Contents& contents, QWidget* parent);
};

} // namespace faultline::ui
