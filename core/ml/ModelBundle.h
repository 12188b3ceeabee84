#pragma once
// A trained model in one file: metadata, calibration, weights and feature memory banks.
// The calibration (validation score statistics and an optional committed threshold) is a section
// of its own, so it can be rewritten without touching the weights. Files are written atomically
// (QSaveFile). Reading never crashes on a bad file: every failure is an error naming the file.
// Plain value types; not shared between threads.
//
// Layout (little endian): 16-byte magic "FAULTLINE-MODEL\n", u32 format version,
// u32 + metadata JSON, u32 + calibration JSON, u64 + weights (LibTorch archive),
// [format 2: 32-byte SHA-256 of every byte from the version to the end of the calibration JSON],
// u64 + weights (LibTorch archive), u64 + features (LibTorch archive), 4-byte trailer "END\n".
// Metadata holds a SHA-256 of weights + features so a damaged payload is caught before LibTorch
// parses it; the header checksum covers metadata and calibration (the committed threshold), so
// one flipped bit anywhere is refused. Format 1 (no header checksum) still loads. Only regular
// files are opened: a named pipe is refused before open() could block on it.

#include "core/image/ImageStatistics.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QVector>

#include <limits>
#include <vector>

namespace faultline::ml {

// The validation normals' scores under one score method.
struct ScoreCalibration {
    QString method;              // scoreMethodName()
    int count = 0;
    double mean = 0.0;
    double std = 0.0;
    std::vector<float> scores;   // ascending
    // Linear-interpolated quantile of the scores, q in [0,1]; NaN when there are none.
    double quantile(double q) const;
    static ScoreCalibration fromScores(const QString& method, std::vector<float> scores);
};

struct BundleCalibration {
    QVector<ScoreCalibration> methods;
    double threshold = std::numeric_limits<double>::quiet_NaN(); // committed threshold; NaN = none
    QString thresholdMethod;     // the score method the threshold applies to
    QString thresholdSource;     // how it was chosen, e.g. "manual", "val-quantile 0.99"
    // Review band committed with the threshold: score < reviewLow passes, score >= reviewHigh
    // fails, review between. Both NaN when there is none.
    double reviewLow = std::numeric_limits<double>::quiet_NaN();
    double reviewHigh = std::numeric_limits<double>::quiet_NaN();
    QString thresholdNote;       // the note written when the threshold was committed
    QString thresholdCommitted;  // ISO 8601 UTC time of the commit; empty when unknown
    // The validation normals' image statistics, the lot drift check's reference; empty in
    // bundles written before they were stored ("reference_images" in the JSON).
    QVector<core::ImageStatistics> referenceImages;
    bool hasThreshold() const;
    bool hasReviewBand() const;  // both ends finite and low <= high
    const ScoreCalibration* find(const QString& method) const;
};

struct BundleMetadata {
    quint32 formatVersion = 0;
    QString faultlineVersion;
    QString torchVersion;
    QString model;               // "seed-ae", "ae", "vae", "restore", "backbone"
    int size = 0;                // square input side
    int channels = 0;            // 1 or 3
    QString normalisation;       // "unit-range": pixels scaled to [0,1], nothing subtracted; "imagenet" (backbone):
                                 // then grey replicated to RGB and ImageNet's mean and spread taken off
    QJsonObject trainConfig;     // trainConfigToJson()
    QString dataFingerprint;     // SHA-256 over the sorted relative paths and sizes of the training images
    int trainImages = 0;
    int valImages = 0;
    int epochsRun = 0;
    double bestValLoss = 0.0;
    QString defaultScore;        // scoreMethodName() used when the caller names none
    QString created;             // ISO 8601 UTC
    QString payloadSha256;       // of weights + features
    QString backboneSha256;      // backbone: SHA-256 of its TorchScript file, which is the weights section; else empty
};

class ModelBundle {
public:
    static constexpr quint32 kFormatVersion = 2;          // what save() writes
    static constexpr quint32 kOldestFormatVersion = 1;    // format 1 has no header checksum

    BundleMetadata metadata;
    BundleCalibration calibration;
    QByteArray weights;          // LibTorch archive of the network's parameters and buffers
    QByteArray features;         // LibTorch archive of the memory banks (may be empty)

    // Fills formatVersion and payloadSha256, then writes atomically.
    bool save(const QString& path, QString* error);
    static bool load(const QString& path, ModelBundle* out, QString* error);
    // Reads only metadata and calibration (fast, for listing models).
    static bool loadHeader(const QString& path, BundleMetadata* metadata, BundleCalibration* calibration,
                           QString* error);
    // Replaces the calibration section; weights and features are copied byte for byte.
    static bool rewriteCalibration(const QString& path, const BundleCalibration& calibration, QString* error);
    // Writes source's weights and features byte for byte, with this calibration, to destination
    // (atomically; destination may be source). Errors name the file that failed.
    static bool copyWithCalibration(const QString& source, const QString& destination,
                                    const BundleCalibration& calibration, QString* error);
};

QJsonObject calibrationToJson(const BundleCalibration& calibration);
BundleCalibration calibrationFromJson(const QJsonObject& object);

} // namespace faultline::ml
