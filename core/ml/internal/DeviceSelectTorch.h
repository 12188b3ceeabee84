#pragma once
// Private to faultline_ml (core/ml/*.cpp only): the torch::Device a DeviceChoice resolves to.

#include "core/ml/DeviceSelect.h"

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>
// (the target's precompiled header), so no header outside those files pulls in LibTorch.

namespace faultline::ml {

// Auto picks CUDA when LibTorch was built with it and a GPU is present, else the CPU.
// Cuda without CUDA: returns false with *error saying so.
bool resolveDevice(DeviceChoice choice, torch::Device* device, QString* error);

} // namespace faultline::ml
