#include "core/eval/MapScale.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace faultline::core {

bool MapScaleAccumulator::add(const cv::Mat& map) {
    if (map.empty() || map.type() != CV_32FC1) return false;
    const std::int64_t total = std::int64_t(map.rows) * map.cols;
    // A regular grid of about kPixelsPerMap pixels: the same step along rows and columns.
    const int step = std::max(1, int(std::ceil(std::sqrt(double(total) / kPixelsPerMap))));
    for (int y = 0; y < map.rows; y += step) {
        const float* row = map.ptr<float>(y);
        for (int x = 0; x < map.cols; x += step) {
            const float v = row[x];
            if (!std::isfinite(v)) continue;
            ++m_seen;
            if (m_values.size() < kCapacity) {
                m_values.push_back(v);
            } else {
                const std::uint64_t slot = std::uniform_int_distribution<std::uint64_t>(0, m_seen - 1)(m_rng);
                if (slot < kCapacity) m_values[slot] = v;
            }
        }
    }
    ++m_maps;
    return true;
}

MapScale MapScaleAccumulator::result() const {
    MapScale s;
    if (m_values.empty()) return s;
    std::vector<float> values = m_values;
    s.zero = quantileInPlace(values, 0.5);
    s.one = quantileInPlace(values, kOneQuantile);
    s.maps = m_maps;
    s.pixels = std::int64_t(values.size());
    return s;
}

double quantileInPlace(std::vector<float>& values, double q) {
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    const double pos = std::clamp(q, 0.0, 1.0) * double(values.size() - 1);
    const std::size_t lo = std::size_t(std::floor(pos));
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(lo), values.end());
    const double a = values[lo];
    if (lo + 1 >= values.size()) return a;
    // The next order statistic is the smallest of the elements after lo.
    const double b = *std::min_element(values.begin() + std::ptrdiff_t(lo) + 1, values.end());
    return a + (pos - double(lo)) * (b - a);
}

} // namespace faultline::core
