#include <torch/torch.h>
#include "internal/DefectMapNet.h"

#include "internal/AnomalyNet.h"

namespace faultline::ml {

DefectMapNetImpl::DefectMapNetImpl(int inputChannels, const std::vector<int64_t>& widths) {
    const int64_t s1 = widths[0], s2 = widths[1], s3 = widths[2];
    m_e1a = register_module("e1a", BatchNormBlock(inputChannels, s1));
    m_e1b = register_module("e1b", BatchNormBlock(s1, s1));
    m_e2a = register_module("e2a", BatchNormBlock(s1, s2));
    m_e2b = register_module("e2b", BatchNormBlock(s2, s2));
    m_e3a = register_module("e3a", BatchNormBlock(s2, s3));
    m_e3b = register_module("e3b", BatchNormBlock(s3, s3));
    m_d2a = register_module("d2a", BatchNormBlock(s3 + s2, s2));
    m_d2b = register_module("d2b", BatchNormBlock(s2, s2));
    m_d1a = register_module("d1a", BatchNormBlock(s2 + s1, s1));
    m_d1b = register_module("d1b", BatchNormBlock(s1, s1));
    m_out = register_module("out", torch::nn::Conv2d(torch::nn::Conv2dOptions(s1, 1, /*kernel_size=*/1)));
}

torch::Tensor DefectMapNetImpl::forward(const torch::Tensor& x) {
    auto f1 = m_e1b->forward(m_e1a->forward(x));                                 // H
    auto f2 = m_e2b->forward(m_e2a->forward(torch::max_pool2d(f1, 2)));          // H/2
    auto f3 = m_e3b->forward(m_e3a->forward(torch::max_pool2d(f2, 2)));          // H/4
    auto u2 = m_d2b->forward(m_d2a->forward(torch::cat({upsample2(f3), f2}, 1))); // H/2
    auto u1 = m_d1b->forward(m_d1a->forward(torch::cat({upsample2(u2), f1}, 1))); // H
    return m_out->forward(u1);
}

} // namespace faultline::ml
