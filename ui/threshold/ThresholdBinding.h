#pragma once
// Keeps the ThresholdSession, the sample model and the project in step:
//  - the session gets the active run's evaluation set, built by core::buildEvaluationSet from
//    the model's rows (the rule `faultline-cli evaluate` follows too): the scored test rows to
//    judge, with the user's label as truth where there is one and the dataset's otherwise, and
//    the validation normals for calibration;
//  - labels feed the session at once (a validation label rebuilds the set: it decides the
//    calibration); the session's decision rule drives the model's verdicts;
//  - a run without a committed threshold starts at the 99th percentile of its validation normals
//    (a normal-only method, so it needs no labels), and defaultThresholdApplied() says so;
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
    int indexForRow(int row) const;          // -1 for rows not judged (unscored, train, val)

public Q_SLOTS:
    void rebuild();                          // new samples or a new active run

Q_SIGNALS:
    void errorOccurred(const QString& message);
    // The threshold was set for the user (no committed threshold yet); `explanation` is rich text.
    void defaultThresholdApplied(const QString& explanation);

private:
    void updateSession();                    // the evaluation set from the model's rows
    void applyDefaultThreshold();            // percentile:99 of the validation normals
    void labelsChanged(const QVector<int>& rows, core::GroundTruth label);
    void committed(double value, const QString& note);

    Workspace* m_workspace;
    core::ThresholdSession* m_session;
    QVector<int> m_rowOfIndex;
    QVector<int> m_indexOfRow;
    double m_lastCommitted;
};

} // namespace faultline::ui
