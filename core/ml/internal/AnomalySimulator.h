#pragma once
// Private to faultline_ml. Synthetic anomalies for training the restoration model from normal
// images only: a region shaped by thresholded smooth noise is filled with foreign appearance
// made from what the batch holds (another image turned and flipped, the image's own patches
// shuffled and rotated, an intensity or colour change, a procedural noise texture) and blended
// in. Nothing here knows any real defect kind, so every defect met at test time is unseen.

// Internal to faultline_ml: include only from core/ml/*.cpp, after <torch/torch.h>.

#include <cstdint>

namespace faultline::ml {

struct SimulatedBatch {
    torch::Tensor images; // [N,C,H,W] in [0,1]: the corrupted batch (unchanged where masks is 0)
    torch::Tensor masks;  // [N,1,H,W], 1 where the image was changed, else 0
};

// Corrupts about half of the images of `clean` ([N,C,H,W] in [0,1], any device); the rest pass
// unchanged with an empty mask. Every random draw comes from `gen` (a CPU generator), so a
// seeded generator repeats the batch exactly. Runs on the CPU and returns on clean's device.
SimulatedBatch simulateAnomalies(const torch::Tensor& clean, at::Generator gen);

// Smooth noise [H,W] in roughly [-1,1]: random values on a coarse grid of `cellsY` x `cellsX`
// cells plus a finer octave at half the weight, interpolated bicubically (value noise, a cheap
// relative of Perlin noise). Thresholding it gives blob-shaped regions of every size.
torch::Tensor smoothNoise(int64_t h, int64_t w, int64_t cellsY, int64_t cellsX, at::Generator gen);

} // namespace faultline::ml
