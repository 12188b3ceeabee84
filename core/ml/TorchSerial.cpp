#include <torch/torch.h>
#include "internal/TorchSerial.h"

#include "internal/ArchiveCheck.h"

#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace faultline::ml {

QByteArray archiveToBytes(torch::serialize::OutputArchive& archive) {
    std::ostringstream os;
    archive.save_to(os);
    const std::string s = os.str();
    return QByteArray(s.data(), qsizetype(s.size()));
}

void archiveFromBytes(const QByteArray& bytes, torch::serialize::InputArchive* archive) {
    // LibTorch allocates whatever sizes the archive declares; check them against the bytes first.
    const QString problem = archiveSizeProblem(bytes);
    TORCH_CHECK(problem.isEmpty(), problem.toStdString());
    std::istringstream is(std::string(bytes.constData(), size_t(bytes.size())));
    archive->load_from(is);
}

QByteArray moduleToBytes(const torch::nn::Module& module) {
    torch::serialize::OutputArchive archive;
    module.save(archive);
    return archiveToBytes(archive);
}

void moduleFromBytes(torch::nn::Module& module, const QByteArray& bytes) {
    torch::serialize::InputArchive archive;
    archiveFromBytes(bytes, &archive);
    // Module::load replaces each tensor with the stored one whatever its shape, so weights of a
    // differently sized network would load and only fail (or mislead) at the first forward pass.
    std::map<std::string, std::vector<int64_t>> expected;
    for (const auto& p : module.named_parameters()) expected[p.key()] = p.value().sizes().vec();
    for (const auto& b : module.named_buffers()) expected[b.key()] = b.value().sizes().vec();
    module.load(archive);
    auto check = [&](const std::string& name, const torch::Tensor& t) {
        const auto it = expected.find(name);
        TORCH_CHECK(it == expected.end() || t.sizes().vec() == it->second, "stored tensor '", name, "' has shape ",
                    t.sizes(), " but the model needs ", c10::IntArrayRef(it->second));
    };
    for (const auto& p : module.named_parameters()) check(p.key(), p.value());
    for (const auto& b : module.named_buffers()) check(b.key(), b.value());
}

torch::Tensor bytesToTensor(const QByteArray& bytes) {
    auto t = torch::empty({int64_t(bytes.size())}, torch::kUInt8);
    if (!bytes.isEmpty()) std::memcpy(t.data_ptr<uint8_t>(), bytes.constData(), size_t(bytes.size()));
    return t;
}

QByteArray tensorToBytes(const torch::Tensor& tensor) {
    auto t = tensor.to(torch::kCPU, torch::kUInt8).contiguous();
    return QByteArray(reinterpret_cast<const char*>(t.data_ptr<uint8_t>()), qsizetype(t.numel()));
}

} // namespace faultline::ml
