#pragma once
// One undoable threshold change for the window's QUndoStack. Consecutive commands on the
// same session merge only when pushed with merge = true (keyboard nudges), so one drag or
// one method click is one undo step.

#include <QUndoCommand>

namespace faultline::core { class ThresholdSession; }

namespace faultline::ui {

class ThresholdCommand : public QUndoCommand {
public:
    ThresholdCommand(core::ThresholdSession* session, double from, double to,
                     const QString& text, bool merge = false);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

    double from() const { return m_from; }
    double to() const { return m_to; }

private:
    core::ThresholdSession* m_session;
    double m_from;
    double m_to;
    bool m_merge;
};

} // namespace faultline::ui
