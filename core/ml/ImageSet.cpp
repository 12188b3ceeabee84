#include <torch/torch.h>
#include "internal/ImageSet.h"

#include "core/image/ImageHeader.h"
#include "core/image/ImageLoader.h"
#include "internal/ModelInput.h"
#include "TensorBridge.h"

#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <random>

namespace faultline::ml {

namespace {

// The windows of one image that become samples (indices into its layout), ascending.
std::vector<size_t> chosenWindows(size_t windows, const ImageSetFraming& f, int image) {
    std::vector<size_t> all(windows);
    std::iota(all.begin(), all.end(), size_t(0));
    if (!f.spec.tiled() || f.scoringWindows || windows <= size_t(f.tilesPerImage)) return all;
    std::mt19937_64 gen(f.seed * 1000003ULL + quint64(image));
    std::shuffle(all.begin(), all.end(), gen);
    all.resize(size_t(f.tilesPerImage));
    std::sort(all.begin(), all.end());
    return all;
}

// The windows of each tiled image from its header, read once for the memory estimate and the
// streamed samples; empty for an image whose header gives no size.
std::vector<std::vector<core::Frame>> headerLayouts(const QStringList& paths, const core::FramingSpec& spec) {
    std::vector<std::vector<core::Frame>> layouts(size_t(paths.size()));
    for (int i = 0; i < paths.size(); ++i) {
        const core::ImageHeader h = core::readImageHeader(paths[i]);
        if (h.sizeKnown()) layouts[size_t(i)] = core::frameLayout({h.width, h.height}, spec);
    }
    return layouts;
}

} // namespace

ImageSet ImageSet::load(const QStringList& paths, const ImageSetFraming& framing, int channels,
                        qint64 memoryBudgetBytes, QStringList* problems) {
    ImageSet set;
    set.m_spec = framing.spec;
    set.m_channels = channels;
    const int side = framing.spec.side;
    // Whole images are one sample each and need no header; tiled ones are counted from theirs.
    const std::vector<std::vector<core::Frame>> layouts =
        framing.spec.tiled() ? headerLayouts(paths, framing.spec) : std::vector<std::vector<core::Frame>>();
    qint64 samples = framing.spec.tiled() ? 0 : qint64(paths.size());
    for (const auto& layout : layouts)
        samples += layout.empty() ? 1
                                  : qint64(framing.scoringWindows ? layout.size()
                                                                  : std::min(layout.size(), size_t(framing.tilesPerImage)));
    const qint64 bytes = samples * channels * side * side * qint64(sizeof(float));
    if (bytes > memoryBudgetBytes) {
        // Streamed: windows come from the headers, decoding errors surface per batch.
        for (int i = 0; i < paths.size(); ++i) {
            if (framing.spec.tiled() && layouts[size_t(i)].empty()) {
                if (problems) *problems << QStringLiteral("%1: its header gives no size to cut tiles by").arg(paths[i]);
                continue;
            }
            // A whole image's one window is framed again from the decoded size in batch().
            const std::vector<core::Frame> layout = framing.spec.tiled() ? layouts[size_t(i)] : std::vector<core::Frame>(1);
            set.m_paths << paths[i];
            for (size_t w : chosenWindows(layout.size(), framing, i))
                set.m_samples.push_back({int(set.m_paths.size()) - 1, layout[w]});
        }
        return set;
    }
    // Each image keeps only its chosen windows as soon as it is decoded, so a tiled set never
    // holds every window of every image at once.
    std::vector<ModelInput> decoded(size_t(paths.size()));
    std::vector<int> order(decoded.size());
    std::iota(order.begin(), order.end(), 0);
    QtConcurrent::blockingMap(order, [&](int i) {
        ModelInput in = loadModelInput(paths[i], framing.spec, channels);
        if (in.ok() && framing.spec.tiled()) {
            ModelInput kept;
            kept.originalSize = in.originalSize;
            for (size_t w : chosenWindows(in.frames.size(), framing, i)) {
                kept.frames.push_back(in.frames[w]);
                kept.layout.push_back(in.layout[w]);
            }
            in = std::move(kept);
        }
        decoded[size_t(i)] = std::move(in);
    });
    std::vector<cv::Mat> good;
    for (size_t i = 0; i < decoded.size(); ++i) {
        if (!decoded[i].ok()) {
            if (problems) *problems << decoded[i].error;
            continue;
        }
        set.m_paths << paths[int(i)];
        for (size_t w = 0; w < decoded[i].frames.size(); ++w) {
            good.push_back(decoded[i].frames[w]);
            set.m_samples.push_back({int(set.m_paths.size()) - 1, decoded[i].layout[w]});
        }
    }
    if (!good.empty()) set.m_all = matsToBatch(good);
    return set;
}

torch::Tensor ImageSet::batch(const std::vector<int64_t>& indices, QStringList* problems) const {
    if (m_all.defined()) return m_all.index_select(0, torch::tensor(indices, torch::kLong));
    // Each image is decoded once per batch, however many of its windows the batch holds.
    std::map<int, std::vector<size_t>> bySource;
    for (size_t i = 0; i < indices.size(); ++i) bySource[m_samples[size_t(indices[i])].source].push_back(i);
    std::vector<int> sources;
    for (const auto& [s, unused] : bySource) sources.push_back(s);
    std::vector<cv::Mat> images(sources.size());
    std::vector<QString> errors(sources.size());
    std::vector<size_t> order(sources.size());
    std::iota(order.begin(), order.end(), size_t(0));
    QtConcurrent::blockingMap(order, [&](size_t k) {
        // Tiles are cut from the decoded full-resolution image; a whole image is framed by loadModelInput.
        if (m_spec.tiled()) {
            core::ImageLoadOptions options;
            options.channels = m_channels;
            core::LoadedImage loaded = core::loadImage(m_paths[sources[k]], options);
            if (loaded.ok()) images[k] = loaded.image;
            else errors[k] = loaded.error;
            return;
        }
        const ModelInput in = loadModelInput(m_paths[sources[k]], m_spec, m_channels);
        if (!in.ok()) errors[k] = in.error;
        else images[k] = in.frames.front();
    });
    const int side = m_spec.side;
    auto out = torch::zeros({int64_t(indices.size()), m_channels, side, side}, torch::kFloat32);
    for (size_t k = 0; k < sources.size(); ++k) {
        if (images[k].empty()) {
            if (problems) *problems << errors[k];
            continue;
        }
        for (size_t i : bySource[sources[k]]) {
            const core::Frame& frame = m_samples[size_t(indices[i])].frame;
            const bool fits = (cv::Rect({0, 0}, images[k].size()) & frame.source) == frame.source;
            if (!m_spec.tiled()) out[int64_t(i)].copy_(matToTensor(images[k]));
            else if (fits) out[int64_t(i)].copy_(matToTensor(core::frameImage(images[k], frame, side)));
            else if (problems) *problems << QStringLiteral("%1: changed size since it was listed").arg(m_paths[sources[k]]);
        }
    }
    return out;
}

torch::Tensor ImageSet::range(int64_t start, int64_t end) const {
    if (m_all.defined()) return m_all.slice(0, start, end);
    std::vector<int64_t> idx(size_t(end - start));
    std::iota(idx.begin(), idx.end(), start);
    return batch(idx);
}

std::vector<float> perImageMax(const ImageSet& set, const std::vector<float>& sampleScores) {
    std::vector<float> out(size_t(set.paths().size()), -std::numeric_limits<float>::infinity());
    for (size_t i = 0; i < sampleScores.size() && int64_t(i) < set.count(); ++i) {
        float& m = out[size_t(set.sourceOf(int64_t(i)))];
        m = std::max(m, sampleScores[i]);
    }
    return out;
}

} // namespace faultline::ml
