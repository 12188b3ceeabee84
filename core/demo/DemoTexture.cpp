#include "core/demo/DemoTexture.h"

#include "core/demo/DemoRandom.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <vector>

namespace faultline::core {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kPeriod = 8.0;        // pixels per thread
constexpr double kMaxTiltDeg = 2.0;    // the web is never perfectly aligned with the camera
constexpr double kMeander = 1.1;       // pixels a thread wanders sideways
constexpr double kMeanderStep = 28.0;  // pixels between the meander's control points
constexpr double kThreadSpread = 0.035; // thread-to-thread brightness variation (std, cut at 2.5)
constexpr double kFibre = 0.05;        // fibre grain amplitude
constexpr double kIllumination = 0.05; // low-frequency lighting drift amplitude
constexpr double kSensorNoise = 0.012; // camera noise (std)

// A smooth 1-D random function (cosine interpolation between random control points),
// tabulated per pixel so the texture loop only interpolates.
class Meander {
public:
    Meander(DemoRandom& r, int length) : m_table(static_cast<size_t>(length) + 2) {
        std::vector<double> points(size_t(length / kMeanderStep) + 4);
        for (double& p : points) p = r.uniform(-1.0, 1.0) * kMeander;
        for (size_t t = 0; t < m_table.size(); ++t) {
            const double s = double(t) / kMeanderStep;
            const auto i = std::min(size_t(s), points.size() - 2);
            const double f = (1.0 - std::cos((s - double(i)) * kPi)) * 0.5;
            m_table[t] = float(points[i] * (1.0 - f) + points[i + 1] * f);
        }
    }
    double operator()(double t) const {
        const double s = std::clamp(t, 0.0, double(m_table.size() - 2));
        const auto i = size_t(s);
        return m_table[i] + (m_table[i + 1] - m_table[i]) * (s - double(i));
    }

private:
    std::vector<float> m_table;
};

// Thread profiles, tabulated over the position inside a cell: brightness across a thread
// (dark in the gaps between threads) and along a float (dimmer where it dives under).
constexpr int kSteps = 256;
struct Profiles {
    float cross[kSteps + 1];
    float along[2 * kSteps + 1];
    Profiles() {
        for (int k = 0; k <= kSteps; ++k) cross[k] = float(0.45 + 0.55 * std::pow(std::sin(kPi * k / kSteps), 0.7));
        for (int k = 0; k <= 2 * kSteps; ++k) along[k] = float(0.8 + 0.2 * std::sin(kPi * k / (2.0 * kSteps)));
    }
};

cv::Mat noiseField(quint64 seed, int size, cv::Size blur) {
    cv::Mat n(size, size, CV_32F);
    cv::RNG rng(seed);
    rng.fill(n, cv::RNG::UNIFORM, -std::sqrt(3.0), std::sqrt(3.0)); // unit variance; the blur makes it near-Gaussian
    cv::Mat out;
    cv::blur(n, out, blur, cv::Point(-1, -1), cv::BORDER_REFLECT);
    return out * std::sqrt(double(blur.area())); // back to unit variance
}

} // namespace

cv::Mat demoTexture(quint64 seed, int size) {
    static const Profiles profiles;
    DemoRandom r(seed);
    const double period = kPeriod * r.uniform(0.985, 1.015);
    const double tilt = r.uniform(-kMaxTiltDeg, kMaxTiltDeg) * kPi / 180.0;
    const double c = std::cos(tilt), s = std::sin(tilt);
    const double phaseU = r.uniform(0.0, 4.0 * period), phaseV = r.uniform(0.0, 4.0 * period);

    // Thread indices reach from about -size/period to 2*size/period after tilt and phase.
    const int offset = int(size / period) + 8;
    const int threads = 3 * offset + 16;
    std::vector<float> warp(static_cast<size_t>(threads)), weft(static_cast<size_t>(threads));
    for (float& w : warp) w = float(0.66 + kThreadSpread * std::clamp(r.gaussian(), -2.5, 2.5));
    for (float& w : weft) w = float(0.56 + kThreadSpread * std::clamp(r.gaussian(), -2.5, 2.5));
    const Meander meanderU(r, 3 * size), meanderV(r, 3 * size);

    // Fibres run along their thread: warp grain is stretched vertically, weft grain horizontally.
    const cv::Mat warpGrain = noiseField(r.next(), size, cv::Size(1, 9));
    const cv::Mat weftGrain = noiseField(r.next(), size, cv::Size(9, 1));

    cv::Mat light(5, 5, CV_32F);
    for (int i = 0; i < 25; ++i) light.at<float>(i / 5, i % 5) = float(r.uniform(-1.0, 1.0));
    cv::resize(light, light, cv::Size(size, size), 0, 0, cv::INTER_CUBIC);

    cv::Mat out(size, size, CV_32F);
    for (int y = 0; y < size; ++y) {
        float* row = out.ptr<float>(y);
        const float* warpRow = warpGrain.ptr<float>(y);
        const float* weftRow = weftGrain.ptr<float>(y);
        const float* lightRow = light.ptr<float>(y);
        for (int x = 0; x < size; ++x) {
            const double u0 = c * x + s * y + phaseU, v0 = -s * x + c * y + phaseV;
            const double u = (u0 + meanderU(v0 + size)) / period, v = (v0 + meanderV(u0 + size)) / period;
            const double iuF = std::floor(u), ivF = std::floor(v);
            const double fu = u - iuF, fv = v - ivF;
            const int iu = int(iuF), iv = int(ivF);
            const int m = (((iu - iv) % 4) + 4) % 4; // 2/2 twill: warp floats over two wefts
            const int ku = int(fu * kSteps), kv = int(fv * kSteps);
            double value;
            if (m < 2) {
                value = warp[size_t(std::clamp(iu + offset, 0, threads - 1))] * profiles.cross[ku] *
                            profiles.along[(1 - m) * kSteps + kv] + kFibre * warpRow[x];
            } else {
                value = weft[size_t(std::clamp(iv + offset, 0, threads - 1))] * profiles.cross[kv] *
                            profiles.along[(m - 2) * kSteps + ku] + kFibre * weftRow[x];
            }
            row[x] = float(value * (1.0 + kIllumination * lightRow[x]));
        }
    }
    cv::Mat noise(size, size, CV_32F);
    cv::RNG(r.next()).fill(noise, cv::RNG::UNIFORM, -std::sqrt(3.0) * kSensorNoise, std::sqrt(3.0) * kSensorNoise);
    out += noise;
    cv::min(out, 1.0, out);
    cv::max(out, 0.0, out);
    return out;
}

} // namespace faultline::core
