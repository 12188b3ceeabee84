#pragma once
// The one pixel bridge between cv::Mat and LibTorch tensors. Every function returns memory it
// owns: a tensor never aliases a Mat's buffer and a Mat never aliases a tensor's storage, so
// either side may be freed or written right after the call. Thread-safe (no shared state).
//
// Pixel convention (matches core/ImageLoader.h): CV_32FC1 or CV_32FC3 in RGB order, values in
// [0,1]; CV_8UC1/CV_8UC3 are accepted and divided by 255. Tensors are float32 planar: [C,H,W]
// for one image, [N,C,H,W] for a batch.
//
// The tensor side is declared with a forward declaration so this header stays free of
// <torch/...>; only core/ml/*.cpp call those functions. The functions at the bottom are plain
// C++ and go through a tensor internally: they are what code without Torch headers uses.

#include <opencv2/core/mat.hpp>

#include <vector>

namespace at {
class Tensor;
}

namespace faultline::ml {

// HxW (1 channel) or HxWx3 Mat -> [C,H,W] float tensor on the CPU. Throws std::invalid_argument
// for an empty Mat or an unsupported type/channel count.
at::Tensor matToTensor(const cv::Mat& image);

// Same-sized Mats -> [N,C,H,W]. Throws std::invalid_argument when sizes or channels differ.
at::Tensor matsToBatch(const std::vector<cv::Mat>& images);

// [C,H,W] (C = 1 or 3) or [H,W] tensor of any floating type, device and strides -> CV_32FC1 or
// CV_32FC3 Mat. Throws std::invalid_argument for other shapes.
cv::Mat tensorToMat(const at::Tensor& tensor);

// [N,C,H,W] -> N Mats.
std::vector<cv::Mat> batchToMats(const at::Tensor& batch);

// Plain-C++ views of the same conversions.
// Mat -> tensor -> Mat; equal to the input converted to float (RGB kept).
cv::Mat roundTripThroughTensor(const cv::Mat& image);
// The tensor's values in planar C,H,W order (what the networks see).
std::vector<float> planarValues(const cv::Mat& image);

} // namespace faultline::ml
