#include "ui/threshold/ReviewBandCommand.h"

#include "core/threshold/ThresholdSession.h"

namespace faultline::ui {

ReviewBandCommand::ReviewBandCommand(core::ThresholdSession* session, const BandState& from,
                                     const BandState& to, const QString& text)
    : QUndoCommand(text), session_(session), from_(from), to_(to) {}

BandState ReviewBandCommand::current(const core::ThresholdSession* session) {
    const core::ReviewBand band = session->reviewBand();
    return {session->reviewBandEnabled(), band.low, band.high};
}

void ReviewBandCommand::undo() { session_->setReviewBand(from_.low, from_.high, from_.enabled); }

// QUndoStack::push calls redo() at once; after a drag the session already holds `to`, and
// setReviewBand() ignores a band it already holds.
void ReviewBandCommand::redo() { session_->setReviewBand(to_.low, to_.high, to_.enabled); }

} // namespace faultline::ui
