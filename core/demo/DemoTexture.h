#pragma once
// The clean material of the demo dataset: a 2/2 twill-woven fabric seen by a monochrome
// inspection camera. Threads vary in brightness, meander, carry fibre grain, and the
// illumination drifts across the field, so no two images are alike and a detector has to
// learn the weave rather than a fixed picture. Pure function, safe from any thread.

#include <QtGlobal>

#include <opencv2/core.hpp>

namespace faultline::core {

// A size x size CV_32FC1 image, values in [0,1], fully determined by seed.
cv::Mat demoTexture(quint64 seed, int size);

} // namespace faultline::core
