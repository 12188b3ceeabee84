#include <torch/torch.h>
#include "internal/RestoreModel.h"

#include "internal/AnomalySimulator.h"
#include "internal/Ssim.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>

namespace faultline::ml {

namespace F = torch::nn::functional;

namespace {
constexpr double kFocalGamma = 2.0;                // focal loss focusing exponent (Lin et al.; DRAEM uses 2)
constexpr uint64_t kValidationSeed = 0x5eed0fa1ull; // the validation batches' simulation seed, fixed across epochs

torch::Tensor focalLoss(const torch::Tensor& logits, const torch::Tensor& target) {
    auto ce = F::binary_cross_entropy_with_logits(logits, target,
                                                   F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone));
    auto p = torch::sigmoid(logits);
    auto pt = p * target + (1.0 - p) * (1.0 - target);
    return ((1.0 - pt).pow(kFocalGamma) * ce).mean();
}

torch::Tensor restorationLoss(const torch::Tensor& restored, const torch::Tensor& clean) {
    return F::mse_loss(restored, clean) + (1.0 - ssimMap(restored, clean)).mean();
}
} // namespace

std::vector<int64_t> RestoreModelImpl::defectMapWidths(const std::vector<int64_t>& widths) {
    std::vector<int64_t> out;
    for (int64_t w : widths) out.push_back(std::max<int64_t>(4, w / 2));
    return out;
}

RestoreModelImpl::RestoreModelImpl(int channels, const std::vector<int64_t>& widths) {
    m_restoration = register_module("restoration", RestorationNet(channels, widths));
    m_defectMap = register_module("defect_map", DefectMapNet(2 * channels, defectMapWidths(widths)));
}

NetOutput RestoreModelImpl::run(const torch::Tensor& x) {
    Restoration r = m_restoration->forward(x);
    NetOutput out;
    out.recon = r.image;
    out.code = r.code;
    out.features = r.features;
    out.defectMap = torch::sigmoid(m_defectMap->forward(torch::cat({x, r.image.to(x.scalar_type())}, 1)).to(torch::kFloat32));
    return out;
}

torch::Tensor RestoreModelImpl::loss(const torch::Tensor& x, const NetOutput& out) const {
    return restorationLoss(out.recon.to(torch::kFloat32), x);
}

torch::Tensor RestoreModelImpl::simulatedLoss(const torch::Tensor& clean, at::Generator gen) {
    SimulatedBatch sim = simulateAnomalies(clean, gen);
    Restoration r = m_restoration->forward(sim.images);
    auto restored = r.image.to(torch::kFloat32);
    // The defect map sees what it will see at inference: the input and the restoration of it.
    auto logits = m_defectMap->forward(torch::cat({sim.images, r.image.to(sim.images.scalar_type())}, 1));
    return restorationLoss(restored, clean) + focalLoss(logits.to(torch::kFloat32), sim.masks);
}

torch::Tensor RestoreModelImpl::trainingLoss(const torch::Tensor& x) {
    return simulatedLoss(x, at::detail::getDefaultCPUGenerator());
}

torch::Tensor RestoreModelImpl::validationLoss(const torch::Tensor& x, int64_t first) {
    return simulatedLoss(x, at::detail::createCPUGenerator(kValidationSeed + uint64_t(first)));
}

} // namespace faultline::ml
