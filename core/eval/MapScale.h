#pragma once
// A fixed colour scale for anomaly maps, learnt from the validation normals' maps: 0 at the
// median of their pixels, 1 at their 99.9th percentile. On that scale a normal surface sits
// near 0 and only the rarest thousandth of normal pixels reaches 1, whatever the score's units,
// so heatmaps of different images (and of different scores) read the same way.
// MapScaleAccumulator takes maps one at a time with bounded memory: at most kPixelsPerMap
// pixels per map (a regular grid) and kCapacity in all (seeded reservoir sampling, so the same
// maps give the same scale). Plain value types, no threads of their own.

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <random>
#include <vector>

namespace faultline::core {

struct MapScale {
    double zero = 0.0;        // map value drawn as 0: median of the normal pixels
    double one = 1.0;         // map value drawn as 1: their 99.9th percentile
    int maps = 0;             // validation maps it was learnt from
    std::int64_t pixels = 0;  // pixels it was computed over (after sampling)
    bool valid() const { return maps > 0 && one > zero; }
    double toScale(double value) const { return (value - zero) / (one - zero); }  // 0 at zero, 1 at one
};

class MapScaleAccumulator {
public:
    static constexpr int kPixelsPerMap = 16384;          // grid sample of each map
    static constexpr std::size_t kCapacity = 1u << 21;   // pixels kept in all (8 MiB)
    static constexpr double kOneQuantile = 0.999;        // the quantile drawn as 1

    // A CV_32FC1 map; other types and empty maps are ignored (false).
    bool add(const cv::Mat& map);
    MapScale result() const;
    int maps() const { return m_maps; }

private:
    std::vector<float> m_values;
    std::uint64_t m_seen = 0;
    int m_maps = 0;
    std::mt19937_64 m_rng{20240611};
};

// Linear-interpolated quantile (numpy's default), q in [0,1]; NaN for an empty list. Reorders values.
double quantileInPlace(std::vector<float>& values, double q);

} // namespace faultline::core
