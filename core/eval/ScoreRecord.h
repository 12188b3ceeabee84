#pragma once
// One row of a scores CSV (`path,split,defect,label,score`). Plain value type.

#include "core/dataset/Sample.h"

#include <QString>

namespace faultline::core {

struct ScoreRecord {
    QString path;                             // relative to the dataset root, forward slashes
    Split split = Split::Test;
    QString defect;                           // "good", a defect group name, or empty
    GroundTruth label = GroundTruth::Unknown; // CSV: 1 anomalous, 0 normal, empty unknown
    double score = 0.0;                       // higher = more anomalous; always finite
};

} // namespace faultline::core
