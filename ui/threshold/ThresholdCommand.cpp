#include "ui/threshold/ThresholdCommand.h"

#include "core/threshold/ThresholdSession.h"

namespace faultline::ui {

namespace {
constexpr int kThresholdCommandId = 0x7468;  // any value unique among the stack's command ids
}

ThresholdCommand::ThresholdCommand(core::ThresholdSession* session, double from, double to,
                                   const QString& text, bool merge)
    : QUndoCommand(text), session_(session), from_(from), to_(to), merge_(merge) {}

void ThresholdCommand::undo() { session_->setThreshold(from_); }

// QUndoStack::push calls redo() at once; after a drag the session is already at `to`,
// and setThreshold() ignores a value it already holds.
void ThresholdCommand::redo() { session_->setThreshold(to_); }

int ThresholdCommand::id() const { return kThresholdCommandId; }

bool ThresholdCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const ThresholdCommand*>(other);
    if (!merge_ || !next->merge_ || next->session_ != session_)
        return false;
    to_ = next->to_;
    return true;
}

} // namespace faultline::ui
