#pragma once
// Private to faultline_ml. The preprocessed images of one training split: decoded once into one
// tensor when they fit the memory budget, otherwise decoded per batch from their files.
// Thread-safe for concurrent batch() calls (used by the prefetcher).

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>
// (the target's precompiled header), so no header outside those files pulls in LibTorch.

#include <QStringList>

#include <vector>

namespace faultline::ml {

class ImageSet {
public:
    ImageSet() = default;
    // Decodes in parallel. Files that cannot be decoded are left out and listed in *problems
    // ("<path>: <reason>"), never silently.
    static ImageSet load(const QStringList& paths, int size, int channels, qint64 memoryBudgetBytes,
                         QStringList* problems);

    int64_t count() const { return int64_t(m_paths.size()); }
    bool inMemory() const { return m_all.defined(); }
    const QStringList& paths() const { return m_paths; }
    // [B,C,H,W] float32 on the CPU. In streaming mode a file that stopped decoding yields zeros
    // and is reported through *problems.
    torch::Tensor batch(const std::vector<int64_t>& indices, QStringList* problems = nullptr) const;
    torch::Tensor range(int64_t start, int64_t end) const;

private:
    QStringList m_paths;
    int m_size = 0;
    int m_channels = 0;
    torch::Tensor m_all; // [N,C,H,W] when in memory
};

} // namespace faultline::ml
