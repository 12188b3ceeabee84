#pragma once
// Connects the training panel to the project: it trains on the project's dataset, writes its
// bundles next to the project file, each finished run is stored in the project (config and
// result as JSON, bundle path), runs stored before come back into the panel's list, and the
// run the user activates is scored by the Workspace (every sample, the one scoring path) and
// made the active run (the model, the threshold session and the verdicts follow from there);
// the panel shows that scoring's progress and outcome. Training images held for review or
// labelled anomalous are left out of what the panel trains on, and follow each hold and label.
// GUI thread only; owns nothing.

#include "core/dataset/Sample.h"

#include <QObject>
#include <QVector>

namespace faultline::ui {

class SampleTableModel;
class TrainingPanel;
class Workspace;
struct TrainingRunRecord;

class TrainingBinding : public QObject {
    Q_OBJECT
public:
    TrainingBinding(Workspace* workspace, TrainingPanel* panel, QObject* parent = nullptr);

    static QString runsDirectoryFor(const QString& projectPath);   // "<dir>/<name>-runs"
    // Every sample but the training images held for review or labelled anomalous (counted in *heldOut).
    static QVector<core::Sample> trainingSet(const SampleTableModel& model, int* heldOut = nullptr);

public Q_SLOTS:
    void projectChanged();   // new project or new dataset: hand the panel samples and runs

Q_SIGNALS:
    void errorOccurred(const QString& message);
    void statusMessage(const QString& message);

private:
    void trainingSetChanged();
    void runFinished(const TrainingRunRecord& run);
    void scoreWith(const QString& bundlePath);
    void scoringProgress(int done, int total);
    void scored(bool ok, const QString& message);

    Workspace* m_workspace;
    TrainingPanel* m_panel;
    bool m_scoring = false;   // the Workspace is scoring for the panel
    int m_restoredRuns = 0;
    QString m_projectPath;          // the project the panel shows
    QString m_trainingProjectPath;  // the project the running (or last) training belongs to
};

} // namespace faultline::ui
