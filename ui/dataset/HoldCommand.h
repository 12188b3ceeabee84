#pragma once
// One undoable "hold for review" step: training images taken out of training (or given back)
// until someone has looked at them. Written to the ProjectStore before the model shows it, as
// LabelCommand does; a failed write marks the command obsolete and leaves the model as it was.

#include "core/project/ProjectStore.h"

#include <QUndoCommand>
#include <QVector>

#include <memory>

namespace faultline::ui {

class SampleTableModel;

class HoldCommand : public QUndoCommand {
public:
    // ids: sample ids whose hold state becomes `held` (each one is in the other state now).
    HoldCommand(core::ProjectStore* store, SampleTableModel* model, QVector<qint64> ids, bool held,
                QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;
    void setFailureSink(std::shared_ptr<QString> sink) { m_failureSink = std::move(sink); }

private:
    bool apply(bool held);

    core::ProjectStore* m_store;
    SampleTableModel* m_model;
    QVector<qint64> m_ids;
    bool m_held;
    std::shared_ptr<QString> m_failureSink;
};

} // namespace faultline::ui
