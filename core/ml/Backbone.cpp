#include <torch/torch.h>
#include "Backbone.h"

#include "internal/BackboneModule.h"
#include "TensorBridge.h"
#include "TrainConfig.h"

#include <stdexcept>

namespace faultline::ml {

struct Backbone::Impl {
    BackboneModule module;
    int side = 0;

    BackboneFeatures features(const cv::Mat& image, bool pooled) {
        BackboneFeatures f;
        if (!module.isLoaded() || image.empty() || image.rows != side || image.cols != side) return f;
        try {
            torch::NoGradGuard noGrad;
            const auto layers = module.layerOutputs(matsToBatch({image}));
            auto t = pooled ? BackboneModule::pooledFeatures(layers).view({1, -1, 1, 1})
                            : BackboneModule::patchFeatures(layers);
            t = t[0].to(torch::kCPU, torch::kFloat32).contiguous();
            f.channels = int(t.size(0));
            f.height = int(t.size(1));
            f.width = int(t.size(2));
            f.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        } catch (const std::exception&) { // c10::Error included: a bad image type, or the module failing
            return {};
        }
        return f;
    }
};

Backbone::Backbone() : d(std::make_unique<Impl>()) {}
Backbone::~Backbone() = default;

bool Backbone::load(const QString& path, const QStringList& layers, int side, QString* error) {
    auto fresh = std::make_unique<Impl>();
    QByteArray bytes;
    if (!readBackboneFile(path, &bytes, error)) return false;
    TrainConfig asked;
    asked.backboneLayers = layers;
    const QStringList chosen = effectiveBackboneLayers(asked);
    if (!fresh->module.load(bytes, QStringLiteral("'%1'").arg(path), chosen, side, error)) return false;
    fresh->side = side;
    d = std::move(fresh);
    return true;
}

QStringList Backbone::topLevelLayers() const { return d->module.childNames(); }

QVector<BackboneLayer> Backbone::layers() const {
    QVector<BackboneLayer> out;
    for (const BackboneLayerShape& s : d->module.shapes()) out.append({s.name, int(s.channels), int(s.height), int(s.width)});
    return out;
}

QString Backbone::sha256() const { return d->module.isLoaded() ? d->module.sha256() : QString(); }

BackboneFeatures Backbone::patchFeatures(const cv::Mat& image) const { return d->features(image, false); }
BackboneFeatures Backbone::pooledFeatures(const cv::Mat& image) const { return d->features(image, true); }

} // namespace faultline::ml
