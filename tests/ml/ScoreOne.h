#pragma once
// One file scored with a bundle, maps and (optionally) the restoration, for the ML tests that
// check where maps and restorations land. An unloadable bundle gives a result that is not ok.

#include "core/ml/Scorer.h"

namespace faultline::testing {

inline ml::ImageScore scoreOne(const QString& bundle, const QString& path, bool wantReconstruction = true) {
    ml::Scorer scorer;
    ml::ScoreOptions o;
    o.wantReconstruction = wantReconstruction;
    QString error;
    if (!scorer.load(bundle, o, &error)) {
        ml::ImageScore failed;
        failed.error = error;
        return failed;
    }
    return scorer.scoreFile(path);
}

} // namespace faultline::testing
