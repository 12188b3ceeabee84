#pragma once
// Counts and image properties of a scanned dataset, for `faultline-cli scan` and the
// workbench's dataset panel. Image sizes come from file headers (no decoding), read in
// parallel; call from a worker thread for big datasets.

#include "core/dataset/DatasetScanner.h"

#include <QMap>
#include <QVector>

namespace faultline::core {

struct ImageKind {
    QString format;    // "PNG", "JPEG", ...
    int width = 0;
    int height = 0;
    int channels = 0;  // as stored (palette PNG: 1)
    int bitDepth = 0;
    int count = 0;     // images of this kind
};

struct DatasetSummary {
    int counts[3][3] = {};          // [Split][GroundTruth]
    QMap<QString, int> defects;     // defect name ("good", "scratch", ... or "" for none) -> images
    int withMask = 0;               // samples with a ground-truth mask
    QVector<ImageKind> kinds;       // distinct format/size/channels/depth, most common first
    int unreadHeaders = 0;          // images whose header did not give a size

    int count(Split s, GroundTruth t) const { return counts[int(s)][int(t)]; }
    int total() const;
};

// readHeaders: read every image's header for kinds (false leaves kinds empty).
DatasetSummary summarizeDataset(const Dataset& dataset, bool readHeaders = true);

} // namespace faultline::core
