#include "ui/threshold/ReviewBandCommand.h"

#include "core/threshold/ThresholdSession.h"

namespace faultline::ui {

ReviewBandCommand::ReviewBandCommand(core::ThresholdSession* session, const BandState& from,
                                     const BandState& to, const QString& text)
    : QUndoCommand(text), m_session(session), m_from(from), m_to(to) {}

BandState ReviewBandCommand::current(const core::ThresholdSession* session) {
    const core::ReviewBand band = session->reviewBand();
    return {session->reviewBandEnabled(), band.low, band.high};
}

void ReviewBandCommand::undo() { m_session->setReviewBand(m_from.low, m_from.high, m_from.enabled); }

// QUndoStack::push calls redo() at once; after a drag the session already holds `to`, and
// setReviewBand() ignores a band it already holds.
void ReviewBandCommand::redo() { m_session->setReviewBand(m_to.low, m_to.high, m_to.enabled); }

} // namespace faultline::ui
