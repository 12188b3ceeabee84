#pragma once
// Which scored samples a threshold is judged on and which calibrate it: the one rule that the
// threshold session (through the GUI's ThresholdBinding), EvaluationReport and so
// `faultline-cli evaluate` share, so the panel and the CLI count the same samples.
//   - split test: judged. Labelled rows enter the metrics; unlabelled rows are judged too
//     (the panel shows them as unlabelled) but count in no rate;
//   - split val, label normal or empty: the calibration set of the normal-only threshold
//     methods (percentile, mean + k sigma, IQR); not judged, so a threshold is never checked
//     on the samples it was set on;
//   - split val, label anomalous: counted, left out (normal-only methods must not see them);
//   - split train: counted, left out (the model was fitted on them: their low scores say
//     nothing about new parts);
//   - a NaN score (not scored by this run): counted, left out.
// Labels are the effective ones: the user's label where there is one, else the dataset's.
// Plain function over values; O(n); safe on any thread.

#include "core/eval/ScoreRecord.h"
#include "core/threshold/ThresholdSessionTypes.h"

#include <QVector>

namespace faultline::core {

struct EvaluationSet {
    ScoreSet judged;            // scores, truths, names (record paths), defects, calibration
    QVector<int> judgedRows;    // judged.scores[i] comes from records[judgedRows[i]]
    int rows = 0;
    int trainRows = 0;
    int valNormal = 0;          // == judged.calibration.size()
    int valAnomalous = 0;
    int testUnlabelled = 0;     // judged, but in no rate
    int unscored = 0;
};

EvaluationSet buildEvaluationSet(const QVector<ScoreRecord>& records);

} // namespace faultline::core
