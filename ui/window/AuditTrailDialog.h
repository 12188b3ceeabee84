#pragma once
// View > Audit Trail: every threshold committed in the open project with its run, value,
// review band, method, note, author and time, and the other audit events (a model imported
// from elsewhere, training images held for review and given back), newest first, read from
// the project's append-only tables when the dialog opens. Read-only. GUI thread only.

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
