#include <torch/torch.h>
#include "internal/BackboneNet.h"

namespace faultline::ml {

BackboneNetImpl::BackboneNetImpl(QStringList layers, int size) : m_layers(std::move(layers)), m_size(size) {}

bool BackboneNetImpl::loadFile(const QString& path, QString* error) {
    QByteArray bytes;
    if (!readBackboneFile(path, &bytes, error)) return false;
    return m_backbone.load(bytes, QStringLiteral("'%1'").arg(path), m_layers, m_size, error);
}

bool BackboneNetImpl::loadWeights(const QByteArray& bytes, const QString& source, QString* error) {
    return m_backbone.load(bytes, source, m_layers, m_size, error);
}

NetOutput BackboneNetImpl::run(const torch::Tensor& x) {
    const std::vector<torch::Tensor> layers = m_backbone.layerOutputs(x);
    NetOutput out;
    out.recon = x;
    out.features = BackboneModule::patchFeatures(layers);
    out.code = BackboneModule::pooledFeatures(layers);
    return out;
}

void BackboneNetImpl::to(torch::Device device, bool non_blocking) {
    torch::nn::Module::to(device, non_blocking);
    m_backbone.to(device);
}

} // namespace faultline::ml
