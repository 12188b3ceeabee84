#pragma once
// Connects the Methods panel to the project: a comparison judges the project's labelled
// validation and test samples (the user's label as truth where there is one, as the threshold
// panel does) with every score of the active run's bundle, or of every bundle of the project's
// runs, in a BackgroundTask (cancel honoured at the next batch). A row the user clicks goes to
// Workspace::chooseScoreMethod, so the active run, and with it the threshold session, the
// histogram and the inspection maps, follow; the panel marks the active run's score.
// GUI thread only; owns nothing but its task.

#include "core/ml/MethodComparison.h"
#include "ui/window/BackgroundTask.h"

#include <QObject>

namespace faultline::ui {

class MethodsPanel;
class Workspace;

class MethodsBinding : public QObject {
    Q_OBJECT
public:
    static constexpr double kFprLimit = 0.01;  // recall is read at 1% false positives, as `compare` does

    MethodsBinding(Workspace* workspace, MethodsPanel* panel, QObject* parent = nullptr);

    // What a comparison would judge and with which bundles (empty bundles: nothing to compare).
    ml::ComparisonOptions comparisonOptions(bool everyModel) const;
    bool isComparing() const { return m_task.isRunning(); }
    void waitForComparison() { m_task.waitForFinished(); }

public Q_SLOTS:
    bool compare(bool everyModel);
    void cancel() { m_task.cancel(); }

Q_SIGNALS:
    void errorOccurred(const QString& message);
    void statusMessage(const QString& message);

private:
    void compared();
    void activeRunChanged();
    void choose(const QString& bundlePath, const QString& method);

    Workspace* m_workspace;
    MethodsPanel* m_panel;
    BackgroundTask<ml::ComparisonResult> m_task;
    QString m_project;  // the project the running comparison belongs to
};

} // namespace faultline::ui
