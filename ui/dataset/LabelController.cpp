#include "ui/dataset/LabelController.h"

#include "ui/dataset/HoldCommand.h"
#include "ui/dataset/LabelCommand.h"
#include "ui/dataset/SampleTableModel.h"

#include <QUndoStack>

#include <algorithm>

namespace faultline::ui {

LabelController::LabelController(SampleTableModel* model, QUndoStack* stack, QObject* parent)
    : QObject(parent), m_model(model), m_stack(stack) {}

bool LabelController::needsStore() {
    m_error.clear();
    if (m_store) return true;
    m_error = tr("No project is open: labels need a project to be saved in.");
    Q_EMIT errorOccurred(m_error);
    return false;
}

bool LabelController::push(QUndoCommand* command, const std::shared_ptr<QString>& failure) {
    // push() runs redo(); a command whose write failed is obsolete and the stack deletes it, so
    // its error comes back through a sink that outlives the command.
    m_stack->push(command);
    if (failure->isEmpty()) return true;
    m_error = *failure;
    Q_EMIT errorOccurred(m_error);
    return false;
}

bool LabelController::toggleHold(const QVector<int>& rows) {
    if (!needsStore()) return false;
    QVector<int> train;
    for (int row : rows)
        if (row >= 0 && row < m_model->rowCount() && m_model->sampleAt(row).split == core::Split::Train) train.push_back(row);
    if (train.isEmpty()) {
        m_error = tr("Only training images can be held for review: the selection has none.");
        Q_EMIT errorOccurred(m_error);
        return false;
    }
    const bool allHeld = std::all_of(train.cbegin(), train.cend(), [this](int r) { return m_model->sampleAt(r).held; });
    QVector<qint64> ids;
    for (int row : train)
        if (m_model->sampleAt(row).held == allHeld) ids.push_back(m_model->sampleAt(row).id);
    auto failure = std::make_shared<QString>();
    auto* command = new HoldCommand(m_store, m_model, ids, !allHeld);
    command->setFailureSink(failure);
    return push(command, failure);
}

bool LabelController::label(const QVector<int>& rows, core::GroundTruth label) {
    if (!needsStore()) return false;
    QVector<qint64> ids;
    QVector<core::GroundTruth> before;
    for (int row : rows) {
        if (row < 0 || row >= m_model->rowCount()) continue;
        const SampleRow& s = m_model->sampleAt(row);
        if (s.label == label) continue;
        ids.push_back(s.id);
        before.push_back(s.label);
    }
    if (ids.isEmpty()) return true;
    auto* command = new LabelCommand(m_store, m_model, ids, before, label);
    auto failure = std::make_shared<QString>();
    command->setFailureSink(failure);
    return push(command, failure);
}

} // namespace faultline::ui

