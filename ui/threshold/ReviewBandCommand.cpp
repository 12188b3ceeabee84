#include "ui/threshold/ReviewBandCommand.h"

#include "core/threshold/ThresholdSession.h"

namespace faultline::ui {

ReviewBandCommand::ReviewBandCommand(core::ThresholdSession* session, const BandState& from,
                                     const BandState& to, const QString& text)
    : QUndoCommand(text), m_session(session), m_from(from), m_to(to) {}

BandState ReviewBandCommand::current(const core::ThresholdSession* session) {
    const core::ReviewBand band = session->reviewBand();
    return {session->reviewBandEnabled(), band.low, band.high, session->threshold()};
}

void ReviewBandCommand::apply(const BandState& state) {
    m_session->setReviewBand(state.low, state.high, state.enabled);
    if (!state.enabled)
        m_session->setThreshold(state.threshold);  // NaN: ignored
}

void ReviewBandCommand::undo() { apply(m_from); }

// QUndoStack::push calls redo() at once; after a drag the session already holds `to`, and
// setReviewBand() and setThreshold() ignore what they already hold.
void ReviewBandCommand::redo() { apply(m_to); }

} // namespace faultline::ui
