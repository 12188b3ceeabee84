#pragma once
// Private to faultline_ml. A pretrained TorchScript backbone behind the networks' common
// interface, so the bundle builder and the scorer drive it like an encoder: its features are the
// PatchCore patch features of the chosen layers (patch-knn), its code their pooled image vector
// (latent-knn, ocsvm, iforest). It has no decoder and is never trained by gradient: "training"
// is fitting the memory banks. The bundle's weights section is the TorchScript file itself.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

#include "AnomalyNet.h"
#include "BackboneModule.h"

namespace faultline::ml {

class BackboneNetImpl : public AnomalyNetImpl {
public:
    // The module is loaded later, by loadFile() or loadWeights(); `size` is the input side the
    // layers are checked at.
    BackboneNetImpl(QStringList layers, int size);

    // Reads and checks a TorchScript file; false with *error naming it and the reason.
    bool loadFile(const QString& path, QString* error);
    bool loadWeights(const QByteArray& bytes, const QString& source, QString* error) override;
    QByteArray weightsToBytes() const override { return m_backbone.bytes(); }
    bool reconstructs() const override { return false; }

    NetOutput run(const torch::Tensor& x) override;
    using torch::nn::Module::to;
    void to(torch::Device device, bool non_blocking = false) override;

    const BackboneModule& backbone() const { return m_backbone; }

private:
    BackboneModule m_backbone;
    QStringList m_layers;
    int m_size = 0;
};

} // namespace faultline::ml
