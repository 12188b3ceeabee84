#pragma once
// Threshold methods by name, for the CLI and the GUI's method picker.
//
//   mean-sigma[:k]     mean + k sigma of normal validation scores (k = 3)
//   percentile[:p]     p-th percentile of normal validation scores (p = 99)
//   iqr[:m]            Q3 + m IQR of normal validation scores (m = 1.5)
//   max-f1             highest F1 on labelled scores
//   fpr[:target]       lowest threshold with FPR <= target on labelled scores (0.01)
//   recall[:target]    highest threshold with recall >= target on labelled scores (0.95)
//   min-cost           lowest expected cost on labelled scores (CostModel)
//   value:x            the fixed threshold x

#include "core/threshold/LabelThresholds.h"
#include "core/threshold/NormalThresholds.h"

#include <QString>
#include <QVector>

#include <vector>

namespace faultline::core {

enum class ThresholdMethod { MeanSigma, Percentile, Iqr, MaxF1, FprTarget, RecallTarget, MinCost, Fixed };

struct ThresholdSpec {
    ThresholdMethod method = ThresholdMethod::Percentile;
    double argument = 99.0;
    QString text() const;        // canonical "name:argument" form
    bool usesNormalScores() const;
};

// Parses "percentile:99.5", "max-f1", ...; on failure returns false and sets *error.
bool parseThresholdSpec(const QString& text, ThresholdSpec* spec, QString* error);

struct ThresholdInputs {
    std::vector<double> normalValidation; // calibrates mean-sigma, percentile, iqr
    const ScoreCurve* labelled = nullptr;  // calibrates the label-based methods
    CostModel costs;
};

ThresholdResult computeThreshold(const ThresholdSpec& spec, const ThresholdInputs& inputs);

// One spec per method with its default argument (plus percentile 99.5 and iqr 3), in the order
// the CLI lists them.
QVector<ThresholdSpec> standardThresholdSpecs();

} // namespace faultline::core
