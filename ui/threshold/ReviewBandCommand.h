#pragma once
// One undoable review-band change for the window's QUndoStack: switching the band on or off,
// typing an edge, dragging an edge line, or taking the band from targets. Holds the whole
// band (on/off and both edges) and the threshold before and after, so undo puts back exactly
// what was there (switched on, the band's upper edge is the threshold, so it moves it).

#include <QUndoCommand>

#include <limits>

namespace faultline::core { class ThresholdSession; }

namespace faultline::ui {

struct BandState {
    bool enabled = false;
    double low = 0.0;
    double high = 0.0;
    // The threshold to put back with a band that is off; NaN leaves the threshold alone. (On,
    // the threshold is `high`.) Not part of ==: it follows from the rest.
    double threshold = std::numeric_limits<double>::quiet_NaN();
    bool operator==(const BandState& o) const { return enabled == o.enabled && low == o.low && high == o.high; }
    bool operator!=(const BandState& o) const { return !(*this == o); }
};

class ReviewBandCommand : public QUndoCommand {
public:
    ReviewBandCommand(core::ThresholdSession* session, const BandState& from, const BandState& to,
                      const QString& text);

    // The session's band as it is now (edges kept while the band is off) and its threshold.
    static BandState current(const core::ThresholdSession* session);

    void undo() override;
    void redo() override;

    BandState from() const { return m_from; }
    BandState to() const { return m_to; }

private:
    void apply(const BandState& state);

    core::ThresholdSession* m_session;
    BandState m_from;
    BandState m_to;
};

} // namespace faultline::ui
