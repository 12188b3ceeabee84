#include <torch/torch.h>
#include "internal/ImageSet.h"

#include "internal/ModelInput.h"
#include "TensorBridge.h"

#include <QtConcurrent/QtConcurrentMap>

#include <numeric>

namespace faultline::ml {

namespace {
std::vector<ModelInput> decodeAll(const QStringList& paths, const std::vector<int64_t>& indices, int size,
                                  int channels) {
    std::vector<ModelInput> decoded(indices.size());
    std::vector<size_t> order(indices.size());
    std::iota(order.begin(), order.end(), size_t(0));
    QtConcurrent::blockingMap(order, [&](size_t i) {
        decoded[i] = loadModelInput(paths[int(indices[i])], size, channels);
    });
    return decoded;
}
} // namespace

ImageSet ImageSet::load(const QStringList& paths, int size, int channels, qint64 memoryBudgetBytes,
                        QStringList* problems) {
    ImageSet set;
    set.m_size = size;
    set.m_channels = channels;
    const qint64 bytes = qint64(paths.size()) * channels * size * size * qint64(sizeof(float));
    if (bytes > memoryBudgetBytes) {
        set.m_paths = paths; // streamed: decoding errors surface per batch
        return set;
    }
    std::vector<int64_t> all(size_t(paths.size()));
    std::iota(all.begin(), all.end(), int64_t(0));
    std::vector<ModelInput> decoded = decodeAll(paths, all, size, channels);
    std::vector<cv::Mat> good;
    for (size_t i = 0; i < decoded.size(); ++i) {
        if (decoded[i].ok()) {
            good.push_back(decoded[i].image);
            set.m_paths << paths[int(i)];
        } else if (problems) {
            *problems << decoded[i].error;
        }
    }
    if (!good.empty()) set.m_all = matsToBatch(good);
    return set;
}

torch::Tensor ImageSet::batch(const std::vector<int64_t>& indices, QStringList* problems) const {
    if (m_all.defined()) return m_all.index_select(0, torch::tensor(indices, torch::kLong));
    std::vector<ModelInput> decoded = decodeAll(m_paths, indices, m_size, m_channels);
    auto out = torch::zeros({int64_t(indices.size()), m_channels, m_size, m_size}, torch::kFloat32);
    for (size_t i = 0; i < decoded.size(); ++i) {
        if (decoded[i].ok()) out[int64_t(i)].copy_(matToTensor(decoded[i].image));
        else if (problems) *problems << decoded[i].error;
    }
    return out;
}

torch::Tensor ImageSet::range(int64_t start, int64_t end) const {
    if (m_all.defined()) return m_all.slice(0, start, end);
    std::vector<int64_t> idx(size_t(end - start));
    std::iota(idx.begin(), idx.end(), start);
    return batch(idx);
}

} // namespace faultline::ml
