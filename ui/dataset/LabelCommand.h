#pragma once
// One undoable labelling step (one sample or a bulk selection). redo() and undo() write to the
// ProjectStore first and update the model only after the write committed, so nothing the user
// sees is only in memory. A failed write marks the command obsolete (QUndoStack drops it) and
// leaves the model as it was; error() says why.

#include "core/project/ProjectStore.h"

#include <QUndoCommand>
#include <QVector>

#include <memory>

namespace faultline::ui {

class SampleTableModel;

class LabelCommand : public QUndoCommand {
public:
    // ids: sample ids; before: each sample's label before this step (same order).
    LabelCommand(core::ProjectStore* store, SampleTableModel* model, QVector<qint64> ids,
                 QVector<core::GroundTruth> before, core::GroundTruth after, QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;
    QString error() const { return m_error; }
    // Receives the error of a failed write (the stack may delete an obsolete command at once).
    void setFailureSink(std::shared_ptr<QString> sink) { m_failureSink = std::move(sink); }

private:
    bool apply(const QVector<core::GroundTruth>& labels);

    core::ProjectStore* m_store;
    SampleTableModel* m_model;
    QVector<qint64> m_ids;
    QVector<core::GroundTruth> m_before;
    QVector<core::GroundTruth> m_after;
    QString m_error;
    std::shared_ptr<QString> m_failureSink;
};

} // namespace faultline::ui
