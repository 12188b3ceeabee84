#pragma once
// A pretrained TorchScript backbone as code without LibTorch headers sees it: load and check a
// file, the shapes of the chosen layers, and the features of one image. The trainer and scorer
// drive the same module through the model bundle; this is for checks before training and for
// tests. Not thread-safe: one thread at a time. Input images are CV_32F in [0,1] or CV_8U, 1 or
// 3 channels (RGB), of the side the backbone was loaded for.

#include <opencv2/core/mat.hpp>

#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>
#include <vector>

namespace faultline::ml {

struct BackboneLayer {
    QString name;
    int channels = 0, height = 0, width = 0; // output of one image of the loaded side
};

// Features of one image: channels x height x width floats, channel-major.
struct BackboneFeatures {
    int channels = 0, height = 0, width = 0;
    std::vector<float> values;
};

class Backbone {
public:
    Backbone();
    ~Backbone();
    Backbone(const Backbone&) = delete;
    Backbone& operator=(const Backbone&) = delete;

    // Reads the TorchScript file, resolves `layers` (empty: layer2,layer3) and runs a probe of a
    // side x side image; false with *error naming the file and the reason (missing, not
    // TorchScript, truncated, no such layer with the names there are, an output that is not 4-D).
    bool load(const QString& path, const QStringList& layers, int side, QString* error);
    QStringList topLevelLayers() const;          // the module's children, in order
    QVector<BackboneLayer> layers() const;       // the chosen ones, in the order asked
    QString sha256() const;                      // of the file's bytes, hex

    // PatchCore's patch features (each layer averaged over 3x3 neighbours, scaled to the finest
    // layer, concatenated) and the pooled image vector (channels = sum of the layers', 1 x 1).
    // Empty values (channels 0) for an image of the wrong side or type.
    BackboneFeatures patchFeatures(const cv::Mat& image) const;
    BackboneFeatures pooledFeatures(const cv::Mat& image) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace faultline::ml
