// EvaluationReport::toJson: the JSON document of `faultline-cli evaluate --json`.
// Undefined numbers are null (JSON has no NaN); every undefined value comes with its reason.
#include "core/eval/EvaluationReport.h"

#include <QJsonArray>

namespace faultline::core {

namespace {

QJsonValue number(const std::optional<double>& v) { return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null); }
QJsonValue number(bool defined, double v) { return defined ? QJsonValue(v) : QJsonValue(QJsonValue::Null); }

QJsonObject intervalJson(const RateInterval& r) {
    QJsonObject o;
    o[QStringLiteral("estimate")] = number(r.defined, r.estimate);
    o[QStringLiteral("low")] = number(r.defined, r.low);
    o[QStringLiteral("high")] = number(r.defined, r.high);
    if (!r.note.isEmpty()) o[QStringLiteral("note")] = r.note;
    return o;
}

} // namespace

QJsonObject EvaluationReport::toJson() const {
    QJsonObject o;
    o[QStringLiteral("rows")] = rows;
    o[QStringLiteral("n")] = double(n);
    o[QStringLiteral("n_anomalous")] = double(nAnomalous);
    o[QStringLiteral("n_normal")] = double(n - nAnomalous);
    o[QStringLiteral("n_val_normal")] = valNormal;
    o[QStringLiteral("n_val_anomalous_ignored")] = valAnomalous;
    o[QStringLiteral("n_train_ignored")] = trainRows;
    o[QStringLiteral("n_test_unlabelled")] = testUnlabelled;
    o[QStringLiteral("image_auroc")] = number(auroc);
    o[QStringLiteral("image_ap")] = number(averagePrecision);
    o[QStringLiteral("image_aupr_trapezoid")] = number(auprTrapezoid);
    o[QStringLiteral("f1_max")] = f1Max ? QJsonValue(f1Max->f1) : QJsonValue(QJsonValue::Null);
    o[QStringLiteral("f1_max_threshold")] = f1Max ? QJsonValue(f1Max->threshold) : QJsonValue(QJsonValue::Null);

    QJsonObject defined;
    QJsonObject undefined;
    for (const ThresholdResult& t : thresholds) {
        if (t.defined) {
            defined[t.method] = QJsonObject{{QStringLiteral("value"), t.value}, {QStringLiteral("explanation"), t.explanation}};
        } else {
            undefined[t.method] = t.explanation;
        }
    }
    o[QStringLiteral("thresholds")] = defined;
    o[QStringLiteral("thresholds_undefined")] = undefined;

    QJsonObject band{{QStringLiteral("defined"), reviewBand.defined},
                     {QStringLiteral("explanation"), reviewBand.explanation}};
    if (reviewBand.defined) {
        band[QStringLiteral("low")] = reviewBand.low;
        band[QStringLiteral("high")] = reviewBand.high;
    }
    o[QStringLiteral("review_band")] = band;

    if (chosen.defined) {
        const Confusion& c = atThreshold;
        QJsonObject at{
            {QStringLiteral("method"), chosen.method},
            {QStringLiteral("threshold"), chosen.value},
            {QStringLiteral("explanation"), chosen.explanation},
            {QStringLiteral("tp"), double(c.tp)},
            {QStringLiteral("fp"), double(c.fp)},
            {QStringLiteral("tn"), double(c.tn)},
            {QStringLiteral("fn"), double(c.fn)},
            {QStringLiteral("precision"), number(c.hasFlagged(), c.precision())},
            {QStringLiteral("recall"), number(c.hasPositives(), c.recall())},
            {QStringLiteral("f1"), number(c.hasPositives() || c.hasFlagged(), c.f1())},
            {QStringLiteral("fpr"), number(c.hasNegatives(), c.fpr())},
            {QStringLiteral("accuracy"), number(c.total() > 0, c.accuracy())},
            {QStringLiteral("recall_ci"), intervalJson(intervals.recall)},
            {QStringLiteral("fpr_ci"), intervalJson(intervals.fpr)},
            {QStringLiteral("ci_confidence"), intervals.confidence},
            {QStringLiteral("ci_resamples"), intervals.resamples},
        };
        o[QStringLiteral("at_threshold")] = at;
    } else {
        o[QStringLiteral("at_threshold")] = QJsonValue(QJsonValue::Null);
        o[QStringLiteral("at_threshold_undefined")] = chosen.explanation.isEmpty()
            ? QStringLiteral("undefined: no threshold method is defined on these scores")
            : chosen.explanation;
    }

    QJsonArray groups;
    for (const DefectGroupRates& g : perDefect) {
        groups.append(QJsonObject{
            {QStringLiteral("defect"), g.defect},
            {QStringLiteral("n_anomalous"), double(g.anomalous)},
            {QStringLiteral("n_normal"), double(g.normal)},
            {QStringLiteral("detected"), double(g.detected)},
            {QStringLiteral("false_alarms"), double(g.falseAlarms)},
            {QStringLiteral("recall"), number(g.hasRecall(), g.recall())},
            {QStringLiteral("fpr"), number(g.hasFpr(), g.fpr())},
        });
    }
    o[QStringLiteral("per_defect")] = groups;

    if (pixel) {
        o[QStringLiteral("pixel_auroc")] = number(pixel->auroc);
        o[QStringLiteral("pixel_auroc_error_bound")] = pixel->aurocErrorBound;
        o[QStringLiteral("aupro")] = number(pixel->aupro);
        o[QStringLiteral("aupro_error_bound")] = pixel->auproErrorBound;
        o[QStringLiteral("aupro_fpr_limit")] = pixel->fprLimit;
        o[QStringLiteral("pixel_images")] = pixel->images;
        o[QStringLiteral("pixel_regions")] = pixel->regions;
        if (!pixel->note.isEmpty()) o[QStringLiteral("pixel_note")] = pixel->note;
    }
    return o;
}

} // namespace faultline::core
