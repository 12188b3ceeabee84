#pragma once
// Private to faultline_ml. The `restore` model (after DRAEM, Zavrtanik et al., ICCV 2021): a
// restoration network that turns a corrupted normal image back into the clean one, and a
// defect-map network that finds, from the input and its restoration, where they disagree in a
// way corruption does. Trained on normal images only, with simulated anomalies
// (AnomalySimulator.h). run() gives the restoration as `recon` and the defect map.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

#include "AnomalyNet.h"
#include "DefectMapNet.h"
#include "RestorationNet.h"

namespace faultline::ml {

class RestoreModelImpl : public AnomalyNetImpl {
public:
    RestoreModelImpl(int channels, const std::vector<int64_t>& widths);
    NetOutput run(const torch::Tensor& x) override;
    // Restoration of the clean batch against itself (L2 + SSIM); the defect map is not involved.
    torch::Tensor loss(const torch::Tensor& x, const NetOutput& out) const override;
    torch::Tensor trainingLoss(const torch::Tensor& x) override;
    torch::Tensor validationLoss(const torch::Tensor& x, int64_t first) override;
    bool prefersChannelsLast() const override { return true; }

    // The defect-map network's channel widths for given restoration widths (half, at least 4).
    static std::vector<int64_t> defectMapWidths(const std::vector<int64_t>& widths);

private:
    // L2 + (1 - SSIM) of the restoration against the clean images, plus the focal loss of the
    // defect map against the simulation's masks.
    torch::Tensor simulatedLoss(const torch::Tensor& clean, at::Generator gen);

    RestorationNet m_restoration{nullptr};
    DefectMapNet m_defectMap{nullptr};
};

} // namespace faultline::ml
