#pragma once
// The confusion matrix and the rates at the session's threshold, with bootstrap intervals
// once they arrive. Updates on every threshold move (a handful of label texts: cheap).
// GUI thread only.

#include <QWidget>

class QLabel;

namespace faultline::core { class ThresholdSession; }

namespace faultline::ui {

class ConfusionView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionView(core::ThresholdSession* session, QWidget* parent = nullptr);

    // Cell texts by name ("tp", "fp", "tn", "fn", "precision", "recall", "f1", "fpr",
    // "accuracy", "unlabelled"): what the user reads, for tests and screen readers.
    QString text(const QString& cell) const;

private:
    void refresh();
    QLabel* cell(const QString& name) const;

    core::ThresholdSession* m_session;
};

} // namespace faultline::ui
