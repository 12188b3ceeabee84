#pragma once
// Turns "label these rows" into one LabelCommand and "hold these training images for review"
// into one HoldCommand on the undo stack. Rows already carrying the
// label are left out; a selection of any size is one undo step. GUI thread only; the store,
// model and stack must outlive the controller's use of them (the window clears the stack
// before it closes a project).

#include "core/project/ProjectStore.h"

#include <QObject>
#include <QVector>

#include <memory>

class QUndoCommand;
class QUndoStack;

namespace faultline::ui {

class SampleTableModel;

class LabelController : public QObject {
    Q_OBJECT
public:
    LabelController(SampleTableModel* model, QUndoStack* stack, QObject* parent = nullptr);

    void setStore(core::ProjectStore* store) { m_store = store; }
    // Source-model rows. False (and errorOccurred) when the label could not be saved.
    bool label(const QVector<int>& rows, core::GroundTruth label);
    // Holds the selected training images for review (left out of training), or gives them back
    // when every one of them is held already. Rows of other splits are left out; none left is
    // an error that says so.
    bool toggleHold(const QVector<int>& rows);
    QString lastError() const { return m_error; }

Q_SIGNALS:
    void errorOccurred(const QString& message);

private:
    bool needsStore();
    bool push(QUndoCommand* command, const std::shared_ptr<QString>& failure);

    SampleTableModel* m_model;
    QUndoStack* m_stack;
    core::ProjectStore* m_store = nullptr;
    QString m_error;
};

} // namespace faultline::ui
