#pragma once
// Measures what this machine's LibTorch delivers on a large 3x3 convolution, the yardstick the
// training throughput is compared with. Takes about a second; sets LibTorch's thread count.

namespace faultline::ml {

struct ConvProbeResult {
    double forwardGflops = 0.0;   // forward convolution, float32
    double trainingGflops = 0.0;  // forward + backward (input and weight gradients)
};

ConvProbeResult probeConvolution(int threads, int repeats = 5);

} // namespace faultline::ml
