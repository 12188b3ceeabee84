#include <torch/torch.h>
#include <torch/script.h>
#include <torch/csrc/jit/runtime/graph_executor.h>
#include "internal/BackboneModule.h"

#include "internal/ArchiveCheck.h"

#include "core/io/RegularFile.h"

#include <QCryptographicHash>
#include <QFile>

#include <algorithm>
#include <map>
#include <sstream>
#include <stdexcept>

namespace faultline::ml {

namespace F = torch::nn::functional;

namespace {

constexpr int kLocalPatch = 3;         // PatchCore's neighbourhood aggregation: 3x3 at each layer's resolution
constexpr int kReasonChars = 300;      // LibTorch's message is cut to this (its backtraces run for pages)
const double kImageNetMean[] = {0.485, 0.456, 0.406}; // RGB, torchvision's pretrained weights
const double kImageNetStd[] = {0.229, 0.224, 0.225};

QString reasonOf(const c10::Error& e) {
    return QString::fromUtf8(e.what_without_backtrace()).section(QLatin1Char('\n'), 0, 0).left(kReasonChars);
}

QStringList childrenOf(const torch::jit::Module& m) {
    QStringList names;
    for (const auto& child : m.named_children()) names << QString::fromStdString(child.name);
    return names;
}

// Empty when every dot-separated part of `name` is a child of the one before; else why not.
QString resolveLayer(const torch::jit::Module& root, const QString& name) {
    torch::jit::Module current = root;
    QString path;
    for (const QString& part : name.split(QLatin1Char('.'))) {
        bool found = false;
        for (const auto& child : current.named_children())
            if (QString::fromStdString(child.name) == part) {
                current = child.value;
                found = true;
                break;
            }
        if (!found) {
            const QStringList there = childrenOf(current);
            const QString where = path.isEmpty() ? QStringLiteral("its top-level layers are")
                                                 : QStringLiteral("the layers inside '%1' are").arg(path);
            return QStringLiteral("has no layer '%1' (%2: %3)")
                .arg(name, where, there.isEmpty() ? QStringLiteral("none") : there.join(QStringLiteral(", ")));
        }
        path = path.isEmpty() ? part : path + QLatin1Char('.') + part;
    }
    return {};
}

// The output of one child on x: its forward(), which must give a tensor.
torch::Tensor runOne(const torch::jit::Module& child, const QString& name, const torch::Tensor& x) {
    auto forward = child.find_method("forward");
    if (!forward) throw std::runtime_error(QStringLiteral("layer '%1' has no forward()").arg(name).toStdString());
    const c10::IValue y = (*forward)({x});
    if (!y.isTensor())
        throw std::runtime_error(QStringLiteral("layer '%1' returns a %2, not a tensor")
                                     .arg(name, QString::fromStdString(y.tagKind()))
                                     .toStdString());
    return y.toTensor();
}

// Runs the children of `m` in order on *x, recording the outputs of the wanted (full dotted)
// names, and stops once every wanted name under `prefix` is recorded: nothing after the last one
// needs to run. A child holding a wanted name runs its own children in order up to it (what
// forward() does in an nn.Sequential, and up to the shortcut in a residual block); when more is
// wanted after that child, its real forward() then runs on the same input, so what follows sees
// its true output whatever kind of module it is (that child's first layers run twice).
void runChildren(const torch::jit::Module& m, const QString& prefix, torch::Tensor* x, const QStringList& wanted,
                 std::map<QString, torch::Tensor>* out) {
    auto pending = [&](const QString& under) {
        return std::any_of(wanted.begin(), wanted.end(), [&](const QString& w) { return w.startsWith(under) && !out->count(w); });
    };
    for (const auto& child : m.named_children()) {
        if (!pending(prefix)) return;
        const QString full = prefix + QString::fromStdString(child.name);
        if (const QString inside = full + QLatin1Char('.'); pending(inside)) {
            torch::Tensor chained = *x;
            runChildren(child.value, inside, &chained, wanted, out);
            if (!pending(prefix)) return;
        }
        *x = runOne(child.value, full, *x);
        if (wanted.contains(full)) (*out)[full] = *x;
    }
}

QString shapeText(const torch::Tensor& t) {
    QStringList dims;
    for (int64_t d : t.sizes()) dims << QString::number(d);
    return QLatin1Char('[') + dims.join(QStringLiteral(", ")) + QLatin1Char(']');
}

} // namespace

bool readBackboneFile(const QString& path, QByteArray* bytes, QString* error) {
    auto fail = [&](const QString& why) {
        if (error) *error = QStringLiteral("backbone '%1': %2").arg(path, why);
        return false;
    };
    if (path.isEmpty()) return fail(QStringLiteral("no file named (give a TorchScript file, e.g. --backbone resnet18.pt)"));
    if (const QString why = core::regularFileProblem(path); !why.isEmpty()) return fail(why);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return fail(QStringLiteral("cannot be read: %1").arg(file.errorString()));
    if (file.size() > kMaxBackboneBytes)
        return fail(QStringLiteral("is %1 MiB, more than the %2 MiB a model bundle can embed")
                        .arg(file.size() >> 20).arg(kMaxBackboneBytes >> 20));
    *bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) return fail(QStringLiteral("cannot be read: %1").arg(file.errorString()));
    return true;
}

bool BackboneModule::load(const QByteArray& bytes, const QString& source, const QStringList& layers, int size,
                          QString* error) {
    m_loaded = false;
    auto fail = [&](const QString& why) {
        if (error) *error = QStringLiteral("backbone %1: %2").arg(source, why);
        return false;
    };
    const QString how = QStringLiteral("expected a TorchScript file written by torch.jit.script(model).save(...) or "
                                       "torch.jit.trace(model, example).save(...)");
    if (bytes.isEmpty()) return fail(QStringLiteral("is empty (%1)").arg(how));
    if (!bytes.startsWith("PK\x03\x04"))
        return fail(QStringLiteral("is not a TorchScript file: it is not a zip archive (%1)").arg(how));
    // LibTorch trusts the sizes an archive declares; a truncated or crafted one is refused before it parses.
    if (const QString bad = archiveSizeProblem(bytes); !bad.isEmpty())
        return fail(QStringLiteral("is damaged or truncated: %1").arg(bad));
    if (layers.isEmpty()) return fail(QStringLiteral("no layers chosen (e.g. layer2,layer3 for a ResNet)"));
    try {
        std::istringstream in(std::string(bytes.constData(), size_t(bytes.size())));
        m_module = torch::jit::load(in, torch::Device(torch::kCPU));
    } catch (const c10::Error& e) {
        const QString why = reasonOf(e);
        // torch.save() writes a zip too; what it lacks is the TorchScript code.
        if (why.contains(QLatin1String("constants.pkl")) || why.contains(QLatin1String("code/")))
            return fail(QStringLiteral("holds no TorchScript code: a torch.save() of a model or its state_dict is not "
                                       "TorchScript (%1)").arg(how));
        return fail(QStringLiteral("is not a TorchScript module LibTorch can load (%1; %2)").arg(why, how));
    } catch (const std::exception& e) {
        return fail(QStringLiteral("is not a TorchScript module LibTorch can load (%1; %2)")
                        .arg(QString::fromUtf8(e.what()).left(kReasonChars), how));
    }
    m_module.eval();
    m_children = childrenOf(m_module);
    for (const QString& layer : layers)
        if (const QString why = resolveLayer(m_module, layer); !why.isEmpty()) return fail(why);
    m_layers = layers;
    m_bytes = bytes;
    m_device = torch::kCPU;
    // A probe image: every layer must give a [N,C,H,W] map at this input size.
    m_shapes.clear();
    try {
        torch::NoGradGuard noGrad;
        const auto outputs = layerOutputs(torch::full({1, 1, size, size}, 0.5));
        for (size_t i = 0; i < outputs.size(); ++i) {
            const torch::Tensor& t = outputs[i];
            if (t.dim() != 4 || t.size(2) < 1 || t.size(3) < 1)
                return fail(QStringLiteral("layer '%1' gives a %2-D output %3 for a %4 px image; patch features need "
                                           "a 4-D [N, C, H, W] feature map (a convolutional layer, e.g. layer2 or "
                                           "layer3 of a ResNet)")
                                .arg(m_layers[int(i)]).arg(t.dim()).arg(shapeText(t)).arg(size));
            m_shapes.push_back({m_layers[int(i)], t.size(1), t.size(2), t.size(3)});
        }
    } catch (const c10::Error& e) {
        return fail(QStringLiteral("running it on a %1 px image up to layer '%2' failed: %3")
                        .arg(size).arg(m_layers.join(QStringLiteral("', '")), reasonOf(e)));
    } catch (const std::exception& e) {
        return fail(QString::fromUtf8(e.what()).left(kReasonChars));
    }
    m_loaded = true;
    return true;
}

std::vector<torch::Tensor> BackboneModule::layerOutputs(const torch::Tensor& x) {
    auto rgb = x.to(m_device, torch::kFloat32);
    if (rgb.size(1) == 1) rgb = rgb.expand({-1, 3, -1, -1});
    auto mean = torch::tensor({kImageNetMean[0], kImageNetMean[1], kImageNetMean[2]}, rgb.options()).view({1, 3, 1, 1});
    auto spread = torch::tensor({kImageNetStd[0], kImageNetStd[1], kImageNetStd[2]}, rgb.options()).view({1, 3, 1, 1});
    torch::Tensor h = ((rgb - mean) / spread).contiguous();
    // The plain interpreter: the profiling executor would re-optimise the graph after its first
    // runs, so the first images (the calibration) and later ones could run different kernels.
    // Set, never restored: the switch is per thread in some LibTorch versions and process-wide in
    // others, and backbones are the only TorchScript this process runs, so nothing wants it back
    // (restoring it could race with a scorer on another thread).
    torch::jit::setGraphExecutorOptimize(false);
    std::map<QString, torch::Tensor> out;
    runChildren(m_module, QString(), &h, m_layers, &out);
    if (out.size() != size_t(m_layers.size()))
        throw std::runtime_error("the backbone ended before its last requested layer");
    std::vector<torch::Tensor> ordered;
    for (const QString& name : m_layers) ordered.push_back(out.at(name).to(torch::kFloat32));
    return ordered;
}

torch::Tensor BackboneModule::patchFeatures(const std::vector<torch::Tensor>& layers) {
    int64_t h = 0, w = 0;
    for (const auto& t : layers)
        if (t.size(2) * t.size(3) > h * w) {
            h = t.size(2);
            w = t.size(3);
        }
    std::vector<torch::Tensor> parts;
    for (const auto& t : layers) {
        auto local = F::avg_pool2d(
            t, F::AvgPool2dFuncOptions(kLocalPatch).stride(1).padding(kLocalPatch / 2).count_include_pad(false));
        if (t.size(2) != h || t.size(3) != w)
            local = F::interpolate(local, F::InterpolateFuncOptions()
                                              .size(std::vector<int64_t>{h, w})
                                              .mode(torch::kBilinear)
                                              .align_corners(false));
        parts.push_back(local);
    }
    return torch::cat(parts, /*dim=*/1);
}

torch::Tensor BackboneModule::pooledFeatures(const std::vector<torch::Tensor>& layers) {
    std::vector<torch::Tensor> parts;
    for (const auto& t : layers) parts.push_back(t.mean({2, 3}));
    return torch::cat(parts, /*dim=*/1);
}

void BackboneModule::to(torch::Device device) {
    m_module.to(device);
    m_device = device;
}

QString BackboneModule::sha256() const {
    return QString::fromLatin1(QCryptographicHash::hash(m_bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace faultline::ml
