#include "ui/dataset/LabelCommand.h"

#include "ui/dataset/SampleTableModel.h"

#include <QCoreApplication>

namespace faultline::ui {

using core::GroundTruth;

LabelCommand::LabelCommand(core::ProjectStore* store, SampleTableModel* model, QVector<qint64> ids,
                           QVector<GroundTruth> before, GroundTruth after, QUndoCommand* parent)
    : QUndoCommand(parent), m_store(store), m_model(model), m_ids(std::move(ids)), m_before(std::move(before)),
      m_after(m_ids.size(), after) {
    const QString what = after == GroundTruth::Unknown ? QCoreApplication::translate("LabelCommand", "Clear label")
                                                       : QCoreApplication::translate("LabelCommand", "Label %1")
                                                             .arg(SampleTableModel::labelName(after));
    setText(m_ids.size() == 1 ? what
                              : QCoreApplication::translate("LabelCommand", "%1 (%n samples)", nullptr, int(m_ids.size()))
                                    .arg(what));
}

void LabelCommand::redo() { setObsolete(!apply(m_after)); }

void LabelCommand::undo() { setObsolete(!apply(m_before)); }

bool LabelCommand::apply(const QVector<GroundTruth>& labels) {
    QVector<core::LabelEdit> edits;
    edits.reserve(m_ids.size());
    for (int i = 0; i < m_ids.size(); ++i) edits.push_back({m_ids[i], labels[i]});
    // Saved (and synced) before the model shows it.
    if (!m_store->setLabels(edits)) {
        m_error = m_store->lastError();
        if (m_failureSink) *m_failureSink = m_error;
        return false;
    }
    m_error.clear();
    // Rows grouped by label: one model update (and one metrics refresh) per distinct label.
    QVector<int> rows[3];
    for (int i = 0; i < m_ids.size(); ++i) {
        const int row = m_model->rowForId(m_ids[i]);
        if (row >= 0) rows[int(labels[i])].push_back(row);
    }
    for (int l = 0; l < 3; ++l)
        if (!rows[l].isEmpty()) m_model->setUserLabels(rows[l], GroundTruth(l));
    return true;
}

} // namespace faultline::ui
