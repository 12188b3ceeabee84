#pragma once
// Rates at one threshold per defect group (the `defect` column: "good", "crack", ...).

#include "core/eval/ScoreRecord.h"

#include <QVector>

namespace faultline::core {

struct DefectGroupRates {
    QString defect;          // "(none)" for rows without a defect name
    qint64 anomalous = 0;    // labelled anomalous rows in the group
    qint64 normal = 0;       // labelled normal rows in the group
    qint64 detected = 0;     // anomalous rows with score >= threshold
    qint64 falseAlarms = 0;  // normal rows with score >= threshold
    bool hasRecall() const { return anomalous > 0; }
    double recall() const { return anomalous > 0 ? double(detected) / double(anomalous) : 0.0; }
    bool hasFpr() const { return normal > 0; }
    double fpr() const { return normal > 0 ? double(falseAlarms) / double(normal) : 0.0; }
};

// Every labelled record counts (the caller picks the split); unlabelled ones are skipped.
// Groups sorted by name.
QVector<DefectGroupRates> perDefectRates(const QVector<ScoreRecord>& records, double threshold);

} // namespace faultline::core
