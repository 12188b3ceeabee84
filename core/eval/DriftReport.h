#pragma once
// The lot drift check: compares a new batch of images (a lot) with the reference the threshold
// was set on (the validation normals), before anyone trusts the lot's verdicts. For the score
// and for each image statistic (core/image/ImageStatistics) it computes the two-sample
// Kolmogorov-Smirnov D and p-value and the population stability index over reference-decile
// bins, each with a one-sentence explanation.
//
// The rule: a figure drifts when its KS p-value is below alpha (the gap is not chance) AND its
// PSI exceeds psiLimit (the shift is large enough to matter); the lot drifts when any figure
// does. Requiring both keeps small lots from being flagged on PSI noise and large lots from
// being flagged on KS differences too small to change a verdict. Plain values; no threads.

#include "core/image/ImageStatistics.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <limits>
#include <vector>

namespace faultline::core {

struct DriftOptions {
    double alpha = 0.01;            // significance level of each KS test
    double psiLimit = 0.25;         // PSI above this is a significant shift (the usual convention)
    int psiBins = 10;               // reference quantile bins (deciles)
};

// One side of the comparison. images empty with imagesUnavailable set: the statistics are not
// known (an older model bundle stores none), which the report says instead of comparing.
struct DriftSample {
    std::vector<double> scores;
    QVector<ImageStatistics> images;
    QString imagesUnavailable;      // why images is empty, shown in the report
};

struct DriftFigure {
    QString key;                    // "score", "brightness", "contrast", "sharpness", "width", "height"
    QString label;                  // "Score (knn)", "Mean brightness", ...
    bool available = false;         // false: unavailable says why, the numbers are NaN
    QString unavailable;
    int referenceCount = 0;
    int lotCount = 0;
    double referenceMedian = std::numeric_limits<double>::quiet_NaN();
    double lotMedian = std::numeric_limits<double>::quiet_NaN();
    double ks = std::numeric_limits<double>::quiet_NaN();      // KS D
    double pValue = std::numeric_limits<double>::quiet_NaN();
    double psi = std::numeric_limits<double>::quiet_NaN();
    bool significant = false;       // pValue < alpha
    bool shifted = false;           // psi > psiLimit
    bool drift = false;             // significant && shifted
    QString explanation;            // one sentence with the numbers and the verdict
};

struct DriftReport {
    DriftOptions options;
    QString scoreMethod;            // the score compared
    QVector<DriftFigure> figures;   // score first, then the image statistics
    bool drift = false;             // any available figure drifts
    QStringList warnings;           // non-finite scores dropped, statistics unavailable, ...

    const DriftFigure* find(const QString& key) const;
    QStringList driftingLabels() const;
    QString summary() const;        // one line: "drift in Mean brightness, Contrast (...)" or "no drift ..."
};

DriftReport compareLot(const DriftSample& reference, const DriftSample& lot, const QString& scoreMethod,
                       const DriftOptions& options = {});

// The rule as one sentence, with the options' numbers.
QString driftRule(const DriftOptions& options);
// What each figure means, one sentence each (the same words the report and the docs use).
QString ksExplanation();
QString pValueExplanation();
QString psiExplanation(const DriftOptions& options);

QJsonObject driftReportToJson(const DriftReport& report);

} // namespace faultline::core
