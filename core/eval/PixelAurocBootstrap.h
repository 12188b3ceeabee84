#pragma once
// A bootstrap interval for pixel AUROC, resampling images rather than pixels: the pixels of one
// image are not independent (a defect is a region, a map is smooth), so the unit a new lot
// varies by is the image. Stratified like CurveBootstrap: each resample draws the images with
// a defect and the images without one with replacement, class sizes fixed.
//
// add() keeps each map and mask reduced to at most kSide x kSide pixels (area-averaged map;
// a reduced pixel is anomalous when most of it is), fewer when many images would pass
// kMaxKeptPixels. result() bins every kept pixel on the maps' common range, sums per-image
// histograms per resample and reads the AUROC of each (ties in a bin count half). The interval
// is the percentile interval of those resampled AUROCs, shifted by the difference between the
// full-resolution estimate the caller passes (PixelMetricsAccumulator's) and the same statistic
// on the reduced maps, so it stays centred where the reported figure is. Seeded: the same inputs
// give the same interval. Cost O(resamples * images * kBins). Not thread-safe; one per pass.

#include "core/eval/Bootstrap.h"

#include <opencv2/core/mat.hpp>

#include <vector>

namespace faultline::core {

class PixelAurocBootstrap {
public:
    static constexpr int kSide = 64;
    static constexpr int kBins = 1024;
    static constexpr qint64 kMaxKeptPixels = qint64(16) << 20;

    // expectedImages sizes the reduction (kept pixels stay under kMaxKeptPixels).
    explicit PixelAurocBootstrap(int expectedImages = 0);

    // map: single channel, any depth, finite. mask: single channel, non-zero = anomalous, same
    // size; empty = every pixel normal. Returns false (nothing kept) for mismatched or
    // multi-channel input and for a map with a non-finite value.
    bool add(const cv::Mat& map, const cv::Mat& mask);

    // Undefined (note says why) without both anomalous and normal pixels.
    RateInterval result(double fullResolutionEstimate, const BootstrapOptions& options = {}) const;

    int images() const { return int(m_maps.size()); }

private:
    int m_side = kSide;
    std::vector<cv::Mat> m_maps;   // CV_32FC1, reduced
    std::vector<cv::Mat> m_masks;  // CV_8UC1 0/1, reduced
};

} // namespace faultline::core
