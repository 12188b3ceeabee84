#include <torch/torch.h>
#include "internal/RestorationNet.h"

#include "internal/AnomalyNet.h"

namespace faultline::ml {

RestorationNetImpl::RestorationNetImpl(int channels, const std::vector<int64_t>& widths) {
    const int64_t w1 = widths[0], w2 = widths[1], w3 = widths[2];
    m_e1 = register_module("e1", BatchNormBlock(channels, w1));
    m_e2 = register_module("e2", BatchNormBlock(w1, w2));
    m_e3 = register_module("e3", BatchNormBlock(w2, w3));
    m_mid = register_module("mid", BatchNormBlock(w3, w3));
    m_d3 = register_module("d3", BatchNormBlock(w3, w2));
    m_d2 = register_module("d2", BatchNormBlock(w2, w1));
    m_d1 = register_module("d1", BatchNormBlock(w1, w1));
    m_out = register_module("out", torch::nn::Conv2d(torch::nn::Conv2dOptions(w1, channels, /*kernel_size=*/3).padding(1)));
}

Restoration RestorationNetImpl::forward(const torch::Tensor& x) {
    // No skip connections: a skip would hand the defect straight to the output. Everything the
    // decoder paints passes the side/8 bottleneck, which keeps the texture but not the defect.
    auto a1 = torch::max_pool2d(m_e1->forward(x), 2);  // H/2
    auto a2 = torch::max_pool2d(m_e2->forward(a1), 2); // H/4
    auto a3 = torch::max_pool2d(m_e3->forward(a2), 2); // H/8
    auto mid = m_mid->forward(a3);
    auto u = m_d3->forward(upsample2(mid));            // H/4
    u = m_d2->forward(upsample2(u));                   // H/2
    u = m_d1->forward(upsample2(u));                   // H
    Restoration r;
    r.image = torch::sigmoid(m_out->forward(u));
    r.code = mid.mean({2, 3});
    r.features = patchFeatures(a2, a3);
    return r;
}

} // namespace faultline::ml
