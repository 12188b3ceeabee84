#include <torch/torch.h>
#include "TorchSerial.h"

#include <sstream>

namespace faultline::ml {

QByteArray archiveToBytes(torch::serialize::OutputArchive& archive) {
    std::ostringstream os;
    archive.save_to(os);
    const std::string s = os.str();
    return QByteArray(s.data(), qsizetype(s.size()));
}

void archiveFromBytes(const QByteArray& bytes, torch::serialize::InputArchive* archive) {
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
    module.load(archive);
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
