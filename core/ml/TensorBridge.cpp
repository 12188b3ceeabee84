#include "TensorBridge.h"

#include <torch/torch.h>

#include <opencv2/core.hpp>

#include <stdexcept>
#include <string>

namespace faultline::ml {

namespace {

cv::Mat toFloatContiguous(const cv::Mat& image) {
    if (image.empty()) throw std::invalid_argument("empty image");
    const int ch = image.channels();
    if (ch != 1 && ch != 3)
        throw std::invalid_argument("image has " + std::to_string(ch) + " channels; 1 or 3 expected");
    cv::Mat f;
    switch (image.depth()) {
    case CV_32F: f = image; break;
    case CV_8U: image.convertTo(f, CV_32F, 1.0 / 255.0); break;
    case CV_16U: image.convertTo(f, CV_32F, 1.0 / 65535.0); break;
    default: throw std::invalid_argument("unsupported pixel depth " + std::to_string(image.depth()));
    }
    // ROIs and other views are not continuous: from_blob needs one dense block.
    if (!f.isContinuous()) f = f.clone();
    return f;
}

} // namespace

at::Tensor matToTensor(const cv::Mat& image) {
    cv::Mat f = toFloatContiguous(image);
    const int ch = f.channels();
    // from_blob only borrows f's buffer: clone before f goes out of scope.
    auto hwc = torch::from_blob(f.data, {f.rows, f.cols, ch}, torch::kFloat32);
    return hwc.permute({2, 0, 1}).contiguous().clone();
}

at::Tensor matsToBatch(const std::vector<cv::Mat>& images) {
    if (images.empty()) throw std::invalid_argument("no images to batch");
    const cv::Size size = images.front().size();
    const int ch = images.front().channels();
    const int64_t n = int64_t(images.size());
    auto batch = torch::empty({n, ch, size.height, size.width}, torch::kFloat32);
    for (int64_t i = 0; i < n; ++i) {
        const cv::Mat& m = images[size_t(i)];
        if (m.size() != size || m.channels() != ch)
            throw std::invalid_argument("images in one batch differ in size or channels");
        batch[i].copy_(matToTensor(m));
    }
    return batch;
}

cv::Mat tensorToMat(const at::Tensor& tensor) {
    if (!tensor.defined()) throw std::invalid_argument("undefined tensor");
    at::Tensor t = tensor.detach().to(torch::kCPU, torch::kFloat32);
    if (t.dim() == 2) t = t.unsqueeze(0);
    if (t.dim() != 3 || (t.size(0) != 1 && t.size(0) != 3))
        throw std::invalid_argument("tensor shape is not [C,H,W] with C = 1 or 3");
    const int ch = int(t.size(0));
    auto hwc = t.permute({1, 2, 0}).contiguous();
    // Wrap the tensor's storage only for the duration of the copy.
    cv::Mat view(int(hwc.size(0)), int(hwc.size(1)), CV_32FC(ch), hwc.data_ptr<float>());
    return view.clone();
}

std::vector<cv::Mat> batchToMats(const at::Tensor& batch) {
    if (!batch.defined() || batch.dim() != 4) throw std::invalid_argument("tensor shape is not [N,C,H,W]");
    std::vector<cv::Mat> out;
    out.reserve(size_t(batch.size(0)));
    for (int64_t i = 0; i < batch.size(0); ++i) out.push_back(tensorToMat(batch[i]));
    return out;
}

cv::Mat roundTripThroughTensor(const cv::Mat& image) {
    return tensorToMat(matToTensor(image));
}

std::vector<float> planarValues(const cv::Mat& image) {
    auto t = matToTensor(image);
    const float* p = t.data_ptr<float>();
    return std::vector<float>(p, p + t.numel());
}

} // namespace faultline::ml
