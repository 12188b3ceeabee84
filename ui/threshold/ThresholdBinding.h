#pragma once
// Keeps the ThresholdSession, the sample model and the project in step:
//  - the session gets the active run's scores (index i of its ScoreSet = i-th scored row),
//    with the user's label as truth where there is one and the dataset's otherwise, and the
//    normal validation scores for calibration;
//  - labels feed the session at once; the session's threshold and review band drive the
//    model's verdicts;
//  - a commit is written to the project's audit trail before anything repaints; a failed write
//    puts the previous committed value back and reports why.
// GUI thread only. Does not own the session, model or workspace.

#include "core/dataset/Sample.h"

#include <QObject>
#include <QVector>

namespace faultline::core { class ThresholdSession; }

namespace faultline::ui {

class Workspace;

class ThresholdBinding : public QObject {
    Q_OBJECT
public:
    ThresholdBinding(Workspace* workspace, core::ThresholdSession* session, QObject* parent = nullptr);

    int rowForIndex(int scoreIndex) const;   // source row of a ScoreSet index, -1 if none
    int indexForRow(int row) const;          // -1 for unscored rows

public Q_SLOTS:
    void rebuild();                          // new samples or a new active run

Q_SIGNALS:
    void errorOccurred(const QString& message);

private:
    void labelsChanged(const QVector<int>& rows, core::GroundTruth label);
    void committed(double value, const QString& note);

    Workspace* m_workspace;
    core::ThresholdSession* m_session;
    QVector<int> m_rowOfIndex;
    QVector<int> m_indexOfRow;
    double m_lastCommitted;
};

} // namespace faultline::ui
