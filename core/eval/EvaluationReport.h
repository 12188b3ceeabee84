#pragma once
// Everything `faultline-cli evaluate` reports, computed from score records in one call.
//
// Which rows calibrate what follows buildEvaluationSet (core/EvaluationSet.h), the rule the
// threshold panel follows too:
//   - split val, label normal or empty: normal validation scores; they calibrate
//     mean-sigma, percentile and iqr (anomalous val rows are counted and left out);
//   - split test, labelled: the image metrics, the label-based thresholds (max-f1, fpr,
//     recall, min-cost), the review band, the confusion at the chosen threshold, its bootstrap
//     intervals and the per-defect rates;
//   - split train and unlabelled test rows: counted, not used.
// Plain function over values; safe on any thread.

#include "core/eval/Bootstrap.h"
#include "core/eval/PerDefect.h"
#include "core/eval/PixelMetrics.h"
#include "core/threshold/ReviewBand.h"
#include "core/eval/ScoreCurve.h"
#include "core/threshold/ThresholdMethods.h"

#include <QJsonObject>
#include <QVector>

#include <optional>

namespace faultline::core {

struct EvaluationOptions {
    std::optional<ThresholdSpec> threshold; // unset: percentile:99 if defined, else max-f1
    CostModel costs;
    BootstrapOptions bootstrap;
    double reviewRecall = 0.99; // review band: recall target of the lower threshold
    double reviewFpr = 0.01;    // review band: FPR target of the upper threshold
};

struct EvaluationReport {
    // Row accounting.
    int rows = 0;
    int valNormal = 0;
    int valAnomalous = 0;     // left out of the normal calibration set
    int trainRows = 0;
    int testUnlabelled = 0;
    qint64 n = 0;             // labelled test rows
    qint64 nAnomalous = 0;

    std::optional<double> auroc;
    std::optional<double> averagePrecision;
    std::optional<double> auprTrapezoid;
    std::optional<F1Max> f1Max;

    QVector<ThresholdResult> thresholds; // the standard methods (defined and undefined), plus
                                         // the chosen one when it is not among them
    ReviewBand reviewBand;

    ThresholdResult chosen;              // the threshold the confusion below is taken at
    bool chosenByUser = false;
    Confusion atThreshold;               // on the labelled test rows
    BootstrapResult intervals;
    QVector<DefectGroupRates> perDefect; // labelled test rows

    std::optional<PixelMetricsResult> pixel; // set by the caller when maps were evaluated

    QJsonObject toJson() const;
};

EvaluationReport evaluateScores(const QVector<ScoreRecord>& records, const EvaluationOptions& options);

} // namespace faultline::core
