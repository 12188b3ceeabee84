#include "core/eval/EvaluationReport.h"

namespace faultline::core {

EvaluationReport evaluateScores(const QVector<ScoreRecord>& records, const EvaluationOptions& options) {
    EvaluationReport report;
    report.rows = records.size();

    ThresholdInputs inputs;
    inputs.costs = options.costs;
    std::vector<double> testScores;
    std::vector<GroundTruth> testLabels;
    QVector<ScoreRecord> labelledTest;
    for (const ScoreRecord& r : records) {
        switch (r.split) {
        case Split::Train: ++report.trainRows; break;
        case Split::Val:
            if (r.label == GroundTruth::Anomalous) {
                ++report.valAnomalous;
            } else {
                ++report.valNormal;
                inputs.normalValidation.push_back(r.score);
            }
            break;
        case Split::Test:
            if (r.label == GroundTruth::Unknown) {
                ++report.testUnlabelled;
            } else {
                testScores.push_back(r.score);
                testLabels.push_back(r.label);
                labelledTest.append(r);
            }
            break;
        }
    }

    const ScoreCurve curve(testScores, testLabels);
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
