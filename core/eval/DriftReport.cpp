#include "core/eval/DriftReport.h"

#include "core/eval/KolmogorovSmirnov.h"
#include "core/eval/PopulationStability.h"
#include "core/threshold/NormalThresholds.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <functional>

namespace faultline::core {

namespace {

QString num(double v) { return QString::number(v, 'g', 3); }

double median(std::vector<double> v) {
    if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(v.begin(), v.end());
    return quantileSorted(v, 0.5);
}

QString pText(double p) { return p < 1e-300 ? QStringLiteral("< 1e-300") : QStringLiteral("= ") + num(p); }

DriftFigure compareValues(const QString& key, const QString& label, const std::vector<double>& reference,
                          const std::vector<double>& lot, const QString& unit, const DriftOptions& o) {
    DriftFigure f;
    f.key = key;
    f.label = label;
    f.referenceCount = int(reference.size());
    f.lotCount = int(lot.size());
    if (reference.empty() || lot.empty()) {
        f.unavailable = reference.empty() ? QStringLiteral("%1: the reference has no values").arg(label)
                                          : QStringLiteral("%1: the lot has no values").arg(label);
        f.explanation = f.unavailable;
        return f;
    }
    f.available = true;
    f.referenceMedian = median(reference);
    f.lotMedian = median(lot);
    const KsResult ks = ksTwoSample(reference, lot);
    f.ks = ks.d;
    f.pValue = ks.pValue;
    f.psi = populationStabilityIndex(reference, lot, o.psiBins);
    f.significant = f.pValue < o.alpha;
    f.shifted = f.psi > o.psiLimit;
    f.drift = f.significant && f.shifted;
    QString verdict;
    if (f.drift) verdict = QStringLiteral("drift (p < %1 and PSI > %2)").arg(num(o.alpha), num(o.psiLimit));
    else if (f.significant) verdict = QStringLiteral("no drift: the gap is significant but PSI <= %1 is too small to matter").arg(num(o.psiLimit));
    else if (f.shifted) verdict = QStringLiteral("no drift: PSI > %1 but p >= %2, which these counts give by chance").arg(num(o.psiLimit), num(o.alpha));
    else verdict = QStringLiteral("no drift");
    f.explanation = QStringLiteral("%1: median %2 in the lot against %3 in the reference%4; the cumulative distributions "
                                   "of %5 lot and %6 reference values differ by at most D = %7, which one distribution "
                                   "gives with p %8, and PSI = %9 over the reference's deciles: %10")
                        .arg(label, num(f.lotMedian), num(f.referenceMedian), unit)
                        .arg(f.lotCount).arg(f.referenceCount)
                        .arg(num(f.ks), pText(f.pValue), num(f.psi), verdict);
    return f;
}

struct Statistic {
    const char* key;
    const char* label;
    const char* unit;
    std::function<double(const ImageStatistics&)> get;
};

const std::vector<Statistic>& statistics() {
    static const std::vector<Statistic> all = {
        {"brightness", "Mean brightness", " (0-1 of full scale)", [](const ImageStatistics& s) { return s.brightness; }},
        {"contrast", "Contrast", " (intensity std, 0-1)", [](const ImageStatistics& s) { return s.contrast; }},
        {"sharpness", "Sharpness", " (Laplacian variance)", [](const ImageStatistics& s) { return s.sharpness; }},
        {"width", "Width", " px", [](const ImageStatistics& s) { return double(s.width); }},
        {"height", "Height", " px", [](const ImageStatistics& s) { return double(s.height); }},
    };
    return all;
}

std::vector<double> finiteScores(const std::vector<double>& scores, int* dropped) {
    std::vector<double> out;
    out.reserve(scores.size());
    for (double s : scores)
        if (std::isfinite(s)) out.push_back(s);
    *dropped = int(scores.size() - out.size());
    return out;
}

QJsonValue number(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(); }

} // namespace

const DriftFigure* DriftReport::find(const QString& key) const {
    for (const DriftFigure& f : figures)
        if (f.key == key) return &f;
    return nullptr;
}

QStringList DriftReport::driftingLabels() const {
    QStringList labels;
    for (const DriftFigure& f : figures)
        if (f.drift) labels << f.label;
    return labels;
}

QString DriftReport::summary() const {
    if (drift)
        return QStringLiteral("Drift in %1: the lot is not like the validation normals the threshold was set on, so "
                              "its verdicts are not to be trusted as they stand")
            .arg(driftingLabels().join(QStringLiteral(", ")));
    return QStringLiteral("No drift at alpha %1 (PSI limit %2): the lot is like the validation normals")
        .arg(num(options.alpha), num(options.psiLimit));
}

DriftReport compareLot(const DriftSample& reference, const DriftSample& lot, const QString& scoreMethod,
                       const DriftOptions& options) {
    DriftReport r;
    r.options = options;
    r.scoreMethod = scoreMethod;
    int droppedRef = 0, droppedLot = 0;
    const std::vector<double> refScores = finiteScores(reference.scores, &droppedRef);
    const std::vector<double> lotScores = finiteScores(lot.scores, &droppedLot);
    if (droppedRef + droppedLot > 0)
        r.warnings << QStringLiteral("%1 reference and %2 lot score(s) are not finite and were left out")
                          .arg(droppedRef).arg(droppedLot);
    const QString scoreLabel = scoreMethod.isEmpty() ? QStringLiteral("Score") : QStringLiteral("Score (%1)").arg(scoreMethod);
    r.figures.append(compareValues(QStringLiteral("score"), scoreLabel, refScores, lotScores, QString(), options));
    QString imagesMissing;
    if (reference.images.isEmpty())
        imagesMissing = !reference.imagesUnavailable.isEmpty() ? reference.imagesUnavailable
                                                               : QStringLiteral("the reference has no image statistics");
    else if (lot.images.isEmpty())
        imagesMissing = !lot.imagesUnavailable.isEmpty() ? lot.imagesUnavailable
                                                         : QStringLiteral("the lot has no image statistics");
    if (!imagesMissing.isEmpty()) r.warnings << QStringLiteral("image statistics not compared: ") + imagesMissing;
    for (const Statistic& s : statistics()) {
        const QString label = QString::fromLatin1(s.label);
        if (!imagesMissing.isEmpty()) {
            DriftFigure f;
            f.key = QString::fromLatin1(s.key);
            f.label = label;
            f.unavailable = imagesMissing;
            f.explanation = QStringLiteral("%1: unavailable, %2").arg(label, imagesMissing);
            r.figures.append(f);
            continue;
        }
        std::vector<double> a, b;
        for (const ImageStatistics& x : reference.images) a.push_back(s.get(x));
        for (const ImageStatistics& x : lot.images) b.push_back(s.get(x));
        r.figures.append(compareValues(QString::fromLatin1(s.key), label, a, b, QString::fromLatin1(s.unit), options));
    }
    for (const DriftFigure& f : r.figures) r.drift = r.drift || f.drift;
    return r;
}

QString driftRule(const DriftOptions& o) {
    return QStringLiteral("A figure drifts when its Kolmogorov-Smirnov p-value is below %1 and its PSI is above %2; "
                          "the lot drifts when any figure does.")
        .arg(num(o.alpha), num(o.psiLimit));
}

QString ksExplanation() {
    return QStringLiteral("KS D is the largest vertical gap between the lot's and the reference's cumulative "
                          "distributions: 0 when they coincide, 1 when no value of one lies among the other's.");
}

QString pValueExplanation() {
    return QStringLiteral("The p-value is the chance of a gap at least D between two samples of these sizes drawn "
                          "from one distribution (asymptotic Kolmogorov distribution, small-sample corrected).");
}

QString psiExplanation(const DriftOptions& o) {
    return QStringLiteral("PSI sums (lot share - reference share) x ln(lot share / reference share) over %1 bins cut "
                          "at the reference's quantiles: below 0.1 no shift, 0.1-%2 moderate, above %2 significant.")
        .arg(o.psiBins).arg(num(o.psiLimit));
}

QJsonObject driftReportToJson(const DriftReport& r) {
    QJsonArray figures;
    for (const DriftFigure& f : r.figures) {
        QJsonObject o{{QStringLiteral("key"), f.key},
                      {QStringLiteral("label"), f.label},
                      {QStringLiteral("available"), f.available},
                      {QStringLiteral("reference_count"), f.referenceCount},
                      {QStringLiteral("lot_count"), f.lotCount},
                      {QStringLiteral("reference_median"), number(f.referenceMedian)},
                      {QStringLiteral("lot_median"), number(f.lotMedian)},
                      {QStringLiteral("ks_d"), number(f.ks)},
                      {QStringLiteral("p_value"), number(f.pValue)},
                      {QStringLiteral("psi"), number(f.psi)},
                      {QStringLiteral("significant"), f.significant},
                      {QStringLiteral("shifted"), f.shifted},
                      {QStringLiteral("drift"), f.drift},
                      {QStringLiteral("explanation"), f.explanation}};
        if (!f.available) o.insert(QStringLiteral("unavailable"), f.unavailable);
        figures.append(o);
    }
    return QJsonObject{{QStringLiteral("drift"), r.drift},
                       {QStringLiteral("score_method"), r.scoreMethod},
                       {QStringLiteral("alpha"), r.options.alpha},
                       {QStringLiteral("psi_limit"), r.options.psiLimit},
                       {QStringLiteral("psi_bins"), r.options.psiBins},
                       {QStringLiteral("rule"), driftRule(r.options)},
                       {QStringLiteral("summary"), r.summary()},
                       {QStringLiteral("figures"), figures},
                       {QStringLiteral("warnings"), QJsonArray::fromStringList(r.warnings)}};
}

} // namespace faultline::core
