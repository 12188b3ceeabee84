#include "core/eval/EvaluationReport.h"

#include "core/eval/EvaluationSet.h"

namespace faultline::core {

EvaluationReport evaluateScores(const QVector<ScoreRecord>& records, const EvaluationOptions& options) {
    EvaluationReport report;
    report.rows = records.size();

    // Which rows are judged and which calibrate: the rule the threshold panel follows too.
    const EvaluationSet set = buildEvaluationSet(records);
    report.trainRows = set.trainRows;
    report.valNormal = set.valNormal;
    report.valAnomalous = set.valAnomalous;
    report.testUnlabelled = set.testUnlabelled;
    ThresholdInputs inputs;
    inputs.costs = options.costs;
    inputs.normalValidation = set.judged.calibration;
    QVector<ScoreRecord> labelledTest;
    for (int row : set.judgedRows)
        if (records[row].label != GroundTruth::Unknown) labelledTest.append(records[row]);

    // Unlabelled judged rows are kept by the curve but count in no figure.
    const ScoreCurve curve(set.judged.scores, set.judged.truths);
    inputs.labelled = &curve;
    report.n = curve.labelledCount();
    report.nAnomalous = curve.positives();
    report.auroc = curve.auroc();
    report.averagePrecision = curve.averagePrecision();
    report.auprTrapezoid = curve.auprTrapezoid();
    report.f1Max = curve.f1Max();

    for (const ThresholdSpec& spec : standardThresholdSpecs()) report.thresholds.append(computeThreshold(spec, inputs));
    report.reviewBand = ReviewBand::fromTargets(curve, options.reviewRecall, options.reviewFpr);

    if (options.threshold) {
        report.chosenByUser = true;
        report.chosen = computeThreshold(*options.threshold, inputs);
        bool listed = false;
        for (const ThresholdResult& t : report.thresholds) listed = listed || t.method == report.chosen.method;
        if (!listed) report.thresholds.append(report.chosen);
    } else {
        report.chosen = computeThreshold({ThresholdMethod::Percentile, 99.0}, inputs);
        if (!report.chosen.defined) {
            const ThresholdResult f1 = computeThreshold({ThresholdMethod::MaxF1, 0.0}, inputs);
            if (f1.defined) report.chosen = f1;
        }
    }
    if (report.chosen.defined) {
        report.atThreshold = curve.confusionAt(report.chosen.value);
        report.intervals = bootstrapRates(report.atThreshold, options.bootstrap);
        report.perDefect = perDefectRates(labelledTest, report.chosen.value);
    }
    return report;
}

} // namespace faultline::core
