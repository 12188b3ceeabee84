#pragma once
// Runs the lot drift check whenever the workspace's active run changes (a lot was scored, or
// another run was chosen): the lot is the run's scored test samples, the reference the
// validation normals stored in its model bundle. The check (decoding the lot for its image
// statistics) runs on a BackgroundTask; a newer run supersedes one in flight. The result goes
// to the DriftView. GUI thread only; owns neither the workspace nor the view.

#include "ui/threshold/DriftCheck.h"
#include "ui/window/BackgroundTask.h"

#include <QObject>
#include <QPointer>

namespace faultline::ui {

class DriftView;
class Workspace;

class DriftBinding : public QObject {
    Q_OBJECT
public:
    DriftBinding(Workspace* workspace, DriftView* view, QObject* parent = nullptr);

    bool isChecking() const { return m_task.isRunning(); }

public Q_SLOTS:
    void check();                  // the active run's lot against its bundle's reference

Q_SIGNALS:
    void checked(bool drift);      // after the view shows a finished check
    void errorOccurred(const QString& message);

private:
    void finished();

    Workspace* m_workspace;
    QPointer<DriftView> m_view;  // a child of the threshold panel, which may go first at shutdown
    BackgroundTask<DriftCheckResult> m_task;
};

} // namespace faultline::ui
