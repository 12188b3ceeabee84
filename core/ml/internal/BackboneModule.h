#pragma once
// Private to faultline_ml. A pretrained feature extractor the user supplies as a TorchScript file
// (torch.jit.script or torch.jit.trace of e.g. a torchvision ResNet or VGG). Its top-level
// children run in order on the input, as torchvision's ResNet and VGG forward() do, up to the last
// requested layer; a dotted name ("features.16") runs that child's own children in order. The
// named outputs are the features; nothing after the last one runs.
// The file is code: TorchScript runs what it says, so load only backbones from a trusted source.
// Not thread-safe: one caller at a time (the Scorer's contract).

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>
// (torch::jit::Module comes with its serialisation headers).

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace faultline::ml {

struct BackboneLayerShape {
    QString name;
    int64_t channels = 0, height = 0, width = 0; // of one image at the probe size
};

class BackboneModule {
public:
    // Parses the TorchScript bytes, resolves `layers` and runs a probe of one `size` x `size`
    // image to check that each yields a 4-D tensor. `source` names the bytes in errors (a file
    // path, or the bundle that embeds them). False with *error naming source and the reason.
    bool load(const QByteArray& bytes, const QString& source, const QStringList& layers, int size, QString* error);
    bool isLoaded() const { return m_loaded; }

    // x [N,C,H,W] in [0,1] with C = 1 (grey, replicated) or 3 (RGB): the requested layers'
    // outputs in the order they were asked for, each [N,Ci,Hi,Wi], float32. ImageNet mean and
    // spread are taken off first, as torchvision's pretrained weights expect.
    std::vector<torch::Tensor> layerOutputs(const torch::Tensor& x);

    // PatchCore's patch features (Roth et al. 2022) [N,F,h,w]: each layer averaged over 3x3
    // neighbours at its own resolution, scaled to the finest layer's size, concatenated.
    static torch::Tensor patchFeatures(const std::vector<torch::Tensor>& layers);
    // One vector per image [N,F]: every layer averaged over its positions, concatenated.
    static torch::Tensor pooledFeatures(const std::vector<torch::Tensor>& layers);

    void to(torch::Device device);
    QStringList childNames() const { return m_children; }      // the module's top-level children
    const std::vector<BackboneLayerShape>& shapes() const { return m_shapes; }
    const QByteArray& bytes() const { return m_bytes; }         // the TorchScript file as read
    QString sha256() const;                                    // hex, of bytes()

private:
    torch::jit::Module m_module;
    QByteArray m_bytes;
    QStringList m_layers, m_children;
    std::vector<BackboneLayerShape> m_shapes;
    torch::Device m_device{torch::kCPU};
    bool m_loaded = false;
};

// Reads a backbone file (a regular file, at most kMaxBackboneBytes) into *bytes; false with
// *error "backbone 'path': reason".
bool readBackboneFile(const QString& path, QByteArray* bytes, QString* error);

constexpr qint64 kMaxBackboneBytes = qint64(1) << 30; // a bundle section holds at most 2 GiB; VGG-16 is 0.5 GiB

} // namespace faultline::ml
