#pragma once
// The header pass of a dataset scan: reads the first bytes of every sample and mask (in
// parallel, on Qt's global thread pool) and moves unusable files to Dataset::problems.

#include "core/dataset/DatasetScanner.h"

namespace faultline::core {

constexpr qint64 kScanHeadBytes = 4096; // enough for the signature and the PNG/BMP/TIFF header

// Returns false when progress asked to cancel (the dataset is then partly checked).
bool checkSampleHeaders(Dataset& data, qint64 maxPixels, const ScanProgressFn& progress);

} // namespace faultline::core
