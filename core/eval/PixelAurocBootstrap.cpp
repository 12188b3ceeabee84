#include "core/eval/PixelAurocBootstrap.h"

#include "core/threshold/NormalThresholds.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>

namespace faultline::core {

namespace {

struct Histogram {
    std::vector<qint64> normal, anomalous;
    explicit Histogram(int bins = 0) : normal(size_t(bins), 0), anomalous(size_t(bins), 0) {}
    void add(const Histogram& h) {
        for (size_t b = 0; b < normal.size(); ++b) {
            normal[b] += h.normal[b];
            anomalous[b] += h.anomalous[b];
        }
    }
};

// The probability that an anomalous pixel ranks above a normal one, ties in a bin counting half.
std::optional<double> aurocOf(const Histogram& h) {
    double negatives = 0.0, positives = 0.0, sum = 0.0;
    for (size_t b = 0; b < h.normal.size(); ++b) {
        sum += double(h.anomalous[b]) * (negatives + 0.5 * double(h.normal[b]));
        negatives += double(h.normal[b]);
        positives += double(h.anomalous[b]);
    }
    if (positives <= 0.0 || negatives <= 0.0) return std::nullopt;
    return sum / (positives * negatives);
}

} // namespace

PixelAurocBootstrap::PixelAurocBootstrap(int expectedImages) {
    if (expectedImages > 0) {
        const double side = std::sqrt(double(kMaxKeptPixels) / double(expectedImages));
        m_side = std::clamp(int(side), 4, kSide);
    }
}

bool PixelAurocBootstrap::add(const cv::Mat& map, const cv::Mat& mask) {
    if (map.empty() || map.channels() != 1) return false;
    if (!mask.empty() && (mask.channels() != 1 || mask.size() != map.size())) return false;
    cv::Mat m;
    map.convertTo(m, CV_32F);
    if (!cv::checkRange(m)) return false;  // NaN or infinity: no bin holds it
    cv::Mat truth = mask.empty() ? cv::Mat::zeros(map.size(), CV_32F) : cv::Mat();
    if (!mask.empty()) {
        cv::Mat ones = mask != 0;  // 255 where anomalous
        ones.convertTo(truth, CV_32F, 1.0 / 255.0);
    }
    const double scale = std::min(1.0, double(m_side) / double(std::max(map.cols, map.rows)));
    const cv::Size reduced(std::max(1, int(std::lround(map.cols * scale))), std::max(1, int(std::lround(map.rows * scale))));
    if (reduced != map.size()) {
        cv::resize(m, m, reduced, 0, 0, cv::INTER_AREA);
        cv::resize(truth, truth, reduced, 0, 0, cv::INTER_AREA);
    }
    cv::Mat binary;
    cv::compare(truth, 0.5, binary, cv::CMP_GT);
    binary /= 255;
    m_maps.push_back(m);
    m_masks.push_back(binary);
    return true;
}

RateInterval PixelAurocBootstrap::result(double fullResolutionEstimate, const BootstrapOptions& options) const {
    RateInterval out;
    double lo = 0.0, hi = 0.0;
    bool first = true;
    for (const cv::Mat& m : m_maps) {
        double a = 0.0, b = 0.0;
        cv::minMaxLoc(m, &a, &b);
        lo = first ? a : std::min(lo, a);
        hi = first ? b : std::max(hi, b);
        first = false;
    }
    // Per image: its histogram, and which stratum it is in (any anomalous pixel).
    std::vector<Histogram> perImage;
    std::vector<size_t> withDefect, without;
    const double width = hi > lo ? (hi - lo) / kBins : 1.0;
    Histogram all(kBins);
    for (size_t i = 0; i < m_maps.size(); ++i) {
        Histogram h(kBins);
        bool defect = false;
        for (int y = 0; y < m_maps[i].rows; ++y) {
            const float* v = m_maps[i].ptr<float>(y);
            const uchar* t = m_masks[i].ptr<uchar>(y);
            for (int x = 0; x < m_maps[i].cols; ++x) {
                const int bin = std::clamp(int((double(v[x]) - lo) / width), 0, kBins - 1);
                if (t[x]) {
                    ++h.anomalous[size_t(bin)];
                    defect = true;
                } else {
                    ++h.normal[size_t(bin)];
                }
            }
        }
        all.add(h);
        (defect ? withDefect : without).push_back(perImage.size());
        perImage.push_back(std::move(h));
    }
    const std::optional<double> reducedEstimate = aurocOf(all);
    if (!reducedEstimate) {
        out.note = withDefect.empty() ? QStringLiteral("undefined: no image has anomalous pixels")
                                      : QStringLiteral("undefined: there are no normal pixels");
        return out;
    }
    std::mt19937_64 rng(options.seed);
    std::vector<double> draws;
    const int resamples = std::max(1, options.resamples);
    draws.reserve(size_t(resamples));
    for (int r = 0; r < resamples; ++r) {
        Histogram sum(kBins);
        for (const std::vector<size_t>* stratum : {&withDefect, &without}) {
            if (stratum->empty()) continue;
            std::uniform_int_distribution<size_t> pick(0, stratum->size() - 1);
            for (size_t k = 0; k < stratum->size(); ++k) sum.add(perImage[(*stratum)[pick(rng)]]);
        }
        if (const auto a = aurocOf(sum)) draws.push_back(*a);
    }
    std::sort(draws.begin(), draws.end());
    const double alpha = 1.0 - std::clamp(options.confidence, 0.0, 1.0);
    const double shift = fullResolutionEstimate - *reducedEstimate;
    out.defined = true;
    out.estimate = fullResolutionEstimate;
    out.low = std::clamp(quantileSorted(draws, alpha / 2.0) + shift, 0.0, 1.0);
    out.high = std::clamp(quantileSorted(draws, 1.0 - alpha / 2.0) + shift, 0.0, 1.0);
    if (withDefect.size() < 2)
        out.note = QStringLiteral("one image with a defect: the interval shows the normal images' spread only");
    return out;
}

} // namespace faultline::core
