#pragma once
// The network input side chosen from the images themselves, for a training run that names none:
// small images are not enlarged (28 px digits train at 32 px, not 128), large ones are shrunk to
// the default side, and images so large that shrinking them would make a 4 x 4 pixel defect one
// pixel are cut into full-resolution tiles of the default side instead. The reason is one
// sentence a user can read before training starts; notes say what else the choice implies
// (padded aspect ratios, mixed sizes). Pure function of the header sizes
// (DatasetSummary::kinds), cheap, any thread.

#include "core/dataset/DatasetSummary.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace faultline::core {

struct InputSizeChoice {
    int size = 128;          // square side in pixels, a multiple of 8
    int tile = 0;            // > 0: full-resolution windows of this many pixels (core/image/InputFraming)
    int tileStride = 0;      // with tile: pixels between windows
    QString reason;          // e.g. "the images are 28 x 28 px: 32 px, ..."
    QStringList notes;       // aspect spread, mixed sizes
};

constexpr int kDefaultInputSide = 128; // the largest side chosen on its own: cost grows with its square
constexpr int kSmallestInputSide = 16; // three poolings leave 2 x 2

InputSizeChoice chooseInputSize(const QVector<ImageKind>& kinds);
// The same from the files' headers, read on the calling thread (no decoding); at most
// `maxFiles` of them, spread evenly over the list, so a huge dataset answers in milliseconds.
InputSizeChoice chooseInputSizeForFiles(const QStringList& paths, int maxFiles = 2000);

} // namespace faultline::core
