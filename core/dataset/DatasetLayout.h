#pragma once
// The folder layouts a dataset may use (see docs/data.md).

#include <QString>

namespace faultline::core {

enum class DatasetLayout {
    MvTec, // train/good/, test/good/, test/<defect>/, ground_truth/<defect>/<name>_mask.png
    Plain, // normal/, anomalous/ (optionally anomalous/<defect>/), unlabeled/
};

QString layoutName(DatasetLayout layout); // "mvtec", "plain"

} // namespace faultline::core
