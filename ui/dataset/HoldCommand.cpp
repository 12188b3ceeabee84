#include "ui/dataset/HoldCommand.h"

#include "ui/dataset/SampleTableModel.h"

#include <QCoreApplication>

namespace faultline::ui {

HoldCommand::HoldCommand(core::ProjectStore* store, SampleTableModel* model, QVector<qint64> ids, bool held,
                         QUndoCommand* parent)
    : QUndoCommand(parent), m_store(store), m_model(model), m_ids(std::move(ids)), m_held(held) {
    setText(held ? QCoreApplication::translate("HoldCommand", "Hold %n training image(s) for review", nullptr, int(m_ids.size()))
                 : QCoreApplication::translate("HoldCommand", "Give %n image(s) back to training", nullptr, int(m_ids.size())));
}

void HoldCommand::redo() { setObsolete(!apply(m_held)); }

void HoldCommand::undo() { setObsolete(!apply(!m_held)); }

bool HoldCommand::apply(bool held) {
    if (!m_store->setHeld(m_ids, held)) {
        if (m_failureSink) *m_failureSink = m_store->lastError();
        return false;
    }
    QVector<int> rows;
    for (qint64 id : m_ids)
        if (const int row = m_model->rowForId(id); row >= 0) rows.push_back(row);
    m_model->setHeld(rows, held);
    return true;
}

} // namespace faultline::ui
