#pragma once
// Scores images with a trained model bundle: a per-image anomaly score, a per-pixel anomaly map
// and the reconstruction. Inference runs batched, in eval mode, without autograd.
// Threading: a Scorer is used from one thread at a time (create one per worker); callbacks are
// called from the thread that called scoreFiles(). Cancel is honoured at the next batch.

#include "ModelBundle.h"
#include "ScoreMethod.h"

#include <opencv2/core/mat.hpp>

#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <memory>

namespace faultline::ml {

struct ScoreOptions {
    QString method;              // scoreMethodName(); empty = the bundle's default score
    double smoothSigma = 2.0;    // Gaussian sigma (input-resolution pixels) applied to maps; 0 = none
    bool wantMap = true;         // fill ImageScore::anomalyMap (original size)
    bool wantReconstruction = false; // fill ImageScore::reconstruction (input size)
    int batchSize = 32;
    int threads = 0;             // 0 = every core
    QString device = QStringLiteral("auto");
    int knnK = 5;                // neighbours averaged by latent-knn
    QString knnIndex;            // texture search: knnIndexName(); empty = the one the bundle was trained with
    bool allScores = false;      // also fill ImageScore::allScores with every method the bundle supports
    QStringList allScoresOf;     // with allScores: only these of them (empty: all); the main method always
};

struct ImageScore {
    bool ok = false;
    QString error;               // when !ok: why the image could not be scored (names the file)
    double score = 0.0;          // higher = more anomalous
    cv::Mat anomalyMap;          // CV_32FC1 at the image's original size; higher = more anomalous
    cv::Mat inputMap;            // CV_32FC1 at the model's input size, padding included (same values before
                                 // projecting); a tiled bundle's is the stitched map, as anomalyMap
    cv::Mat reconstruction;      // CV_32FC1/CV_32FC3 (RGB) in [0,1]: the input's content without padding (an
                                 // aspect-kept image's own shape); a tiled bundle's is stitched at original size
    cv::Mat input;               // the preprocessed input the model saw (same format and size), with the reconstruction
    cv::Size originalSize;
    std::map<ScoreMethod, double> allScores; // with ScoreOptions::allScores: one pass, every method
};

// index: position in the list given to scoreFiles(); the sink owns nothing after it returns.
using ScoreSinkFn = std::function<void(int index, const ImageScore& score)>;
// done/total images; return false to cancel.
using ScoreProgressFn = std::function<bool(qint64 done, qint64 total)>;

struct ScoreRunSummary {
    bool cancelled = false;
    int scored = 0;
    int failed = 0;              // images that could not be read (their ImageScore says why)
    double seconds = 0.0;
    // Where the time went. Decoding the next batch overlaps scoring this one, so decodeSeconds
    // (the decoder's own wall time) and scoreSeconds (network, search, maps) can add up to more
    // than seconds; waitSeconds is how long scoring stood still for the decoder.
    double decodeSeconds = 0.0;
    double waitSeconds = 0.0;
    double scoreSeconds = 0.0;
};

class Scorer {
public:
    Scorer();
    ~Scorer();
    Scorer(const Scorer&) = delete;
    Scorer& operator=(const Scorer&) = delete;

    // Loads the bundle and prepares the network; false with *error naming the file on failure.
    bool load(const QString& bundlePath, const ScoreOptions& options, QString* error);
    bool isLoaded() const;
    const BundleMetadata& metadata() const;
    const BundleCalibration& calibration() const;
    ScoreMethod method() const;
    QString deviceDescription() const;
    // Whether training found the images aligned, so that `knn` also weighs whole-image distances
    // (parts in a fixture), rather than window distances alone (textures). False without knn banks.
    bool knnUsesWholeImage() const;

    // One file (decoded, resized to the model's input, scored).
    ImageScore scoreFile(const QString& path);
    // One image already in memory (CV_32F or CV_8U, 1 or 3 channels, RGB order, any size).
    ImageScore scoreImage(const cv::Mat& image);
    // A list of files, in batches, memory bounded by the batch size whatever the list length.
    ScoreRunSummary scoreFiles(const QStringList& paths, const ScoreSinkFn& sink,
                               const ScoreProgressFn& progress = {});

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace faultline::ml
