#pragma once
// Private to faultline_ml. The preprocessed samples of one training split: one per image, or
// one per window when the framing tiles (core/image/InputFraming). Decoded once into one tensor
// when they fit the memory budget, otherwise decoded per batch from their files.
// Thread-safe for concurrent batch() calls (used by the prefetcher).

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>
// (the target's precompiled header), so no header outside those files pulls in LibTorch.

#include "core/image/InputFraming.h"

#include <QStringList>

#include <vector>

namespace faultline::ml {

// Which windows of a tiled image become samples: for training, at most tilesPerImage of the
// grid (a seeded random choice); for scoring (calibration), every window the scorer scores.
struct ImageSetFraming {
    core::FramingSpec spec;
    bool scoringWindows = false;
    int tilesPerImage = 64;
    quint64 seed = 0;
};

class ImageSet {
public:
    ImageSet() = default;
    // Decodes in parallel. Files that cannot be decoded are left out and listed in *problems
    // ("<path>: <reason>"), never silently.
    static ImageSet load(const QStringList& paths, const ImageSetFraming& framing, int channels,
                         qint64 memoryBudgetBytes, QStringList* problems);

    int64_t count() const { return int64_t(m_samples.size()); } // samples
    bool inMemory() const { return m_all.defined(); }
    const QStringList& paths() const { return m_paths; }        // the images the samples came from
    int64_t sourceOf(int64_t sample) const { return m_samples[size_t(sample)].source; }
    // [B,C,H,W] float32 on the CPU. In streaming mode a file that stopped decoding yields zeros
    // and is reported through *problems.
    torch::Tensor batch(const std::vector<int64_t>& indices, QStringList* problems = nullptr) const;
    torch::Tensor range(int64_t start, int64_t end) const;

private:
    struct Sample {
        int source = 0;        // index into m_paths
        core::Frame frame;
    };
    QStringList m_paths;
    std::vector<Sample> m_samples;
    core::FramingSpec m_spec;
    int m_channels = 0;
    torch::Tensor m_all; // [N,C,H,W] when in memory
};

// The largest score of each image's samples, in the order of set.paths(): tiled images score as
// their worst window, as the Scorer scores them.
std::vector<float> perImageMax(const ImageSet& set, const std::vector<float>& sampleScores);

} // namespace faultline::ml
