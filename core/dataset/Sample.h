#pragma once
// One image of a dataset as the scanner found it. Plain value type, cheap to copy.

#include <QString>

namespace faultline::core {

enum class Split { Train, Val, Test };
enum class GroundTruth { Normal, Anomalous, Unknown };

struct Sample {
    QString path;                          // absolute file path
    Split split = Split::Train;
    GroundTruth truth = GroundTruth::Unknown;
    QString defect;                        // "good" for normals, the defect folder name, or empty
    QString maskPath;                      // absolute path of the ground-truth mask, empty when none
};

QString splitName(Split split);            // "train", "val", "test"
bool parseSplit(const QString& text, Split* out);
QString truthName(GroundTruth truth);      // "normal", "anomalous", "unknown"

} // namespace faultline::core
