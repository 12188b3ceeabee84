#pragma once
// Trains a network on the normal images of a dataset and writes a model bundle.
// Threading: train() runs on the caller's thread (a worker thread in the GUI) and calls
// `progress` from that thread; returning false from it cancels, honoured within one batch.
// It sets LibTorch's process-wide intra-op thread count to config.threads.

#include "TrainConfig.h"

#include "core/dataset/Sample.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>
#include <limits>

namespace faultline::core {
struct Dataset;
}

namespace faultline::ml {

struct TrainProgress {
    int epoch = 0;               // 1-based
    int epochs = 0;
    int batch = 0;               // 1-based, within the epoch
    int batchesPerEpoch = 0;
    double trainLoss = 0.0;      // mean loss over the batches since the last report
    double valLoss = std::numeric_limits<double>::quiet_NaN(); // last finished epoch's, NaN before the first
    double imagesPerSecond = 0.0;
    double etaSeconds = 0.0;     // to the last epoch (early stopping may end sooner)
    bool epochFinished = false;  // true for the report sent after an epoch's validation
    bool refreshed = false;      // loss and speed fields were updated in this report
};
// Called after every batch so that a cancel is honoured within one batch; the loss and speed
// figures are refreshed every config.progressEvery batches and at each epoch's end (`refreshed`),
// so forward only refreshed reports to a display. Return false to cancel.
// The backbone model is fitted, not trained: one "epoch" whose batches are the pass of the
// training images through the backbone (64 images each), every report refreshed, trainLoss and
// valLoss NaN, no epochFinished report; TrainResult::history stays empty.
using TrainProgressFn = std::function<bool(const TrainProgress&)>;

struct EpochRecord {
    int epoch = 0;
    double trainLoss = 0.0;
    double valLoss = 0.0;
    double seconds = 0.0;
};

struct TrainResult {
    bool ok = false;             // a bundle (if asked for) was written
    bool cancelled = false;
    QString error;               // why it failed, and what to try
    QStringList warnings;        // collapse, no validation images, loss that did not fall, ...
    QVector<EpochRecord> history;
    int bestEpoch = 0;
    double bestValLoss = std::numeric_limits<double>::quiet_NaN();
    bool stoppedEarly = false;
    bool resumed = false;        // started from a checkpoint
    int trainImages = 0;
    int valImages = 0;
    QString device;              // describeDevice() of what ran
    double seconds = 0.0;        // wall time of this call
    double imagesPerSecond = 0.0; // training samples per second (windows, for tiled images) over this call's epochs
    QString bundlePath;
    bool imagesAligned = false;  // the bundle's knn weighs whole-image distances (parts), else windows only (texture)
};

// Trains on the dataset's Train-split samples that are not anomalous, validates (early stopping,
// calibration) on its Val-split normals; when there are none, a seeded tenth of the training
// normals is held out instead and a warning says so.
TrainResult train(const TrainConfig& config, const core::Dataset& dataset, const TrainProgressFn& progress = {});

// The same over an explicit sample list; `root` is used for the training-data fingerprint.
TrainResult trainSamples(const TrainConfig& config, const QString& root, const QVector<core::Sample>& samples,
                         const TrainProgressFn& progress = {});

} // namespace faultline::ml
