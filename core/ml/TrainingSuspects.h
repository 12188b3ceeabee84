#pragma once
// Training images that may be defective: a defect that slipped into train/good teaches a model
// that the defect is normal. Each training image is scored the way `knn` scores a new image,
// but against memory banks built from the other folds only (k-fold leave-out), so an image is
// never its own nearest neighbour; the ranking puts the least normal-looking first. Scores are
// in the bundle's `knn` units and compared with its validation normals, so "above the 99th
// percentile of the validation normals" means what it means for a new image.
// Runs on the calling thread (minutes for thousands of images on 2 cores); the progress
// callback is called from it and may cancel. Needs a bundle with knn banks (every model has them).

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace faultline::ml {

struct SuspectOptions {
    int folds = 5;                   // k of the k-fold leave-out, 2 or more
    int threads = 0;                 // 0 = every core
    double flagQuantile = 0.99;      // flagged: leave-out score above this quantile of the validation normals' knn
};

struct TrainingSuspect {
    QString path;
    double score = 0.0;              // leave-out knn score, the bundle's knn units
    double valPercentile = 0.0;      // share of the validation normals scoring lower, in [0,1]
    bool flagged = false;            // above SuspectOptions::flagQuantile of the validation normals
};

struct SuspectReport {
    bool ok = false;
    bool cancelled = false;
    QString error;                   // names the bundle or image and the reason
    std::vector<TrainingSuspect> ranked; // highest score first
    int folds = 0;
    double flagThreshold = 0.0;      // the knn score above which an image is flagged
    QStringList problems;            // images that could not be read ("<path>: <reason>"), left out
    double seconds = 0.0;
};

// done/total images scored; return false to cancel.
using SuspectProgressFn = std::function<bool(int done, int total)>;

SuspectReport findTrainingSuspects(const QString& bundlePath, const QStringList& trainPaths,
                                   const SuspectOptions& options = {}, const SuspectProgressFn& progress = {});

} // namespace faultline::ml
