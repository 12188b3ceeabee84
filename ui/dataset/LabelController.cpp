#include "ui/dataset/LabelController.h"

#include "ui/dataset/LabelCommand.h"
#include "ui/dataset/SampleTableModel.h"

#include <QUndoStack>

namespace faultline::ui {

LabelController::LabelController(SampleTableModel* model, QUndoStack* stack, QObject* parent)
    : QObject(parent), m_model(model), m_stack(stack) {}

bool LabelController::label(const QVector<int>& rows, core::GroundTruth label) {
    m_error.clear();
    if (!m_store) {
        m_error = tr("No project is open: labels need a project to be saved in.");
        Q_EMIT errorOccurred(m_error);
        return false;
    }
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
    // push() runs redo(); a command whose write failed is obsolete and the stack deletes it, so
    // its error comes back through a sink that outlives the command.
    auto failure = std::make_shared<QString>();
    command->setFailureSink(failure);
    m_stack->push(command);
    if (failure->isEmpty()) return true;
    m_error = *failure;
    Q_EMIT errorOccurred(m_error);
    return false;
}

} // namespace faultline::ui

