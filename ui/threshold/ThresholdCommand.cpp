#include "ui/threshold/ThresholdCommand.h"

#include "core/threshold/ThresholdSession.h"

namespace faultline::ui {

namespace {
constexpr int kThresholdCommandId = 0x7468;  // any value unique among the stack's command ids
}

ThresholdCommand::ThresholdCommand(core::ThresholdSession* session, double from, double to,
                                   const QString& text, bool merge)
    : QUndoCommand(text), m_session(session), m_from(from), m_to(to), m_merge(merge) {}

void ThresholdCommand::undo() { m_session->setThreshold(m_from); }

// QUndoStack::push calls redo() at once; after a drag the session is already at `to`,
// and setThreshold() ignores a value it already holds.
void ThresholdCommand::redo() { m_session->setThreshold(m_to); }

int ThresholdCommand::id() const { return kThresholdCommandId; }

bool ThresholdCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const ThresholdCommand*>(other);
    if (!m_merge || !next->m_merge || next->m_session != m_session)
        return false;
    m_to = next->m_to;
    return true;
}

} // namespace faultline::ui
