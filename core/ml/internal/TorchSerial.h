#pragma once
// Private to faultline_ml. Modules and tensors to and from bytes, for bundles and checkpoints.
// Loading functions throw c10::Error on damaged data; callers catch it and name the file.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>
// (the target's precompiled header), so no header outside those files pulls in LibTorch.

#include <QByteArray>

namespace faultline::ml {

QByteArray archiveToBytes(torch::serialize::OutputArchive& archive);
void archiveFromBytes(const QByteArray& bytes, torch::serialize::InputArchive* archive);

QByteArray moduleToBytes(const torch::nn::Module& module);
void moduleFromBytes(torch::nn::Module& module, const QByteArray& bytes);

// Raw bytes as a uint8 tensor, so they can ride inside an archive.
torch::Tensor bytesToTensor(const QByteArray& bytes);
QByteArray tensorToBytes(const torch::Tensor& tensor);

} // namespace faultline::ml
