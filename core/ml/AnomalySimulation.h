#pragma once
// The synthetic anomalies the `restore` model trains on, as plain images: what a user (or a
// test) can look at to see what the training teaches. Plain C++; thread-safe (no shared state).
// The tensor-level version the trainer uses is core/ml/internal/AnomalySimulator.h.

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <vector>

namespace faultline::ml {

struct SimulatedImages {
    std::vector<cv::Mat> images; // CV_32FC1/CV_32FC3 in [0,1], same size and order as the input
    std::vector<cv::Mat> masks;  // CV_8UC1, 255 exactly where the image was changed, else 0
};

// Corrupts about half of the images (same size and channels, pixels in [0,1] or 8-bit); the
// other images come back unchanged with an empty mask. The fill of an image may come from the
// other images, so the result depends on the whole list. Same images and seed: same result.
// Throws std::invalid_argument for images that differ in size or channels.
SimulatedImages simulateAnomalyImages(const std::vector<cv::Mat>& clean, uint64_t seed);

} // namespace faultline::ml
