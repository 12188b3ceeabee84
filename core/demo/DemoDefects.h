#pragma once
// Paints one defect into a clean demo texture and returns the exact pixel mask of what it
// changed: every pixel outside the mask is left bit-identical, every pixel inside is altered.
// Pure functions, safe from any thread.

#include <QString>

#include <opencv2/core.hpp>

#include <array>

namespace faultline::core {

enum class DemoDefect { Scratch, Spot, Cut, Contamination, Blur };

QString demoDefectName(DemoDefect defect); // folder name: "scratch", "spot", "cut", "contamination", "blur"
const std::array<DemoDefect, 5>& allDemoDefects();

struct DefectedImage {
    cv::Mat image;     // CV_32FC1 in [0,1], same size as the clean image
    cv::Mat mask;      // CV_8UC1, 255 where the defect changed the image, 0 elsewhere
    double strength;   // 0 (faint) .. 1 (obvious): how the contrast and opacity were drawn
};

// clean: CV_32FC1 in [0,1]. The defect's shape, place, size and contrast follow from seed.
DefectedImage applyDemoDefect(const cv::Mat& clean, DemoDefect defect, quint64 seed);

} // namespace faultline::core
