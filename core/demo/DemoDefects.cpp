#include "core/demo/DemoDefects.h"

#include "core/demo/DemoRandom.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <vector>

namespace faultline::core {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kShift = 4;              // sub-pixel bits for OpenCV drawing
constexpr float kMinCoverage = 0.2f;   // antialiased fringe below this is dropped: mask == changed pixels
constexpr double kFaintShare = 0.25;   // share of defects drawn faint (strength below 0.35)

cv::Point sub(double x, double y) { return {int(std::lround(x * (1 << kShift))), int(std::lround(y * (1 << kShift)))}; }

// Strength in [0,1]: mostly clear defects, some faint ones near the limit of what a person sees.
double drawStrength(DemoRandom& r) { return r.chance(kFaintShare) ? r.uniform(0.1, 0.35) : r.uniform(0.35, 1.0); }

// A defect centre far enough from the border for a shape of the given radius.
cv::Point2d centre(DemoRandom& r, int size, double radius) {
    const double m = std::min(radius + 4.0, size / 2.0 - 1.0);
    return {r.uniform(m, size - m), r.uniform(m, size - m)};
}

// Antialiased coverage canvas (CV_8U) to float coverage in [0,1].
cv::Mat coverageOf(const cv::Mat& canvas, double softenSigma = 0.0) {
    cv::Mat c;
    canvas.convertTo(c, CV_32F, 1.0 / 255.0);
    if (softenSigma > 0) cv::GaussianBlur(c, c, cv::Size(), softenSigma);
    return c;
}

// out = clean + coverage * opacity * (replacement - clean), only where coverage >= kMinCoverage.
DefectedImage compose(const cv::Mat& clean, cv::Mat coverage, const cv::Mat& replacement, double opacity, double strength) {
    cv::threshold(coverage, coverage, kMinCoverage, 0.0, cv::THRESH_TOZERO);
    DefectedImage out;
    out.strength = strength;
    out.image = clean + coverage.mul(replacement - clean) * opacity;
    cv::min(out.image, 1.0, out.image);
    cv::max(out.image, 0.0, out.image);
    out.mask = coverage > 0.0f; // solid region as a person would annotate it; nothing outside it changed
    return out;
}

// A gently curved stroke of the given length centred on c.
std::vector<cv::Point> bezier(DemoRandom& r, cv::Point2d c, double length) {
    const double a = r.uniform(0.0, 2.0 * kPi), bend = r.uniform(-0.3, 0.3);
    const cv::Point2d d(std::cos(a), std::sin(a)), n(-d.y, d.x);
    const cv::Point2d p0 = c - d * (length / 2), p3 = c + d * (length / 2);
    const cv::Point2d p1 = p0 + d * (length / 3) + n * (bend * length);
    const cv::Point2d p2 = p0 + d * (2 * length / 3) + n * (r.uniform(-0.3, 0.3) * length);
    std::vector<cv::Point> pts;
    for (int i = 0; i <= 48; ++i) {
        const double t = i / 48.0, u = 1 - t;
        const cv::Point2d p = p0 * (u * u * u) + p1 * (3 * u * u * t) + p2 * (3 * u * t * t) + p3 * (t * t * t);
        pts.push_back(sub(p.x, p.y));
    }
    return pts;
}

DefectedImage scratch(const cv::Mat& clean, DemoRandom& r) {
    const int size = clean.rows;
    const double strength = drawStrength(r);
    const double length = r.uniform(0.15, 0.55) * size;
    const cv::Point2d c = centre(r, size, length / 2);
    cv::Mat canvas = cv::Mat::zeros(clean.size(), CV_8U);
    cv::polylines(canvas, bezier(r, c, length), false, 255, r.integer(2, 3), cv::LINE_AA, kShift);
    // Abraded fibres: the weave flattens towards a shiny (or, in a groove, dark) level.
    const double level = r.chance(0.6) ? r.uniform(0.85, 0.97) : r.uniform(0.08, 0.2);
    const cv::Mat replacement = clean * 0.3 + level * 0.7;
    return compose(clean, coverageOf(canvas), replacement, 0.4 + 0.6 * strength, strength);
}

std::vector<cv::Point> blobOutline(DemoRandom& r, cv::Point2d c, double radius, double roughness) {
    double amp[4], phase[4];
    for (int k = 0; k < 4; ++k) {
        amp[k] = r.uniform(0.0, roughness) / (k + 1);
        phase[k] = r.uniform(0.0, 2 * kPi);
    }
    const double aspect = r.uniform(0.6, 1.0), rot = r.uniform(0.0, kPi);
    std::vector<cv::Point> pts;
    for (int i = 0; i < 64; ++i) {
        const double t = 2 * kPi * i / 64;
        double rr = radius;
        for (int k = 0; k < 4; ++k) rr *= 1.0 + amp[k] * std::sin((k + 2) * t + phase[k]);
        const double x = rr * std::cos(t), y = rr * std::sin(t) * aspect;
        pts.push_back(sub(c.x + x * std::cos(rot) - y * std::sin(rot), c.y + x * std::sin(rot) + y * std::cos(rot)));
    }
    return pts;
}

DefectedImage spot(const cv::Mat& clean, DemoRandom& r) {
    const double strength = drawStrength(r);
    const double radius = r.uniform(5.0, 15.0);
    cv::Mat canvas = cv::Mat::zeros(clean.size(), CV_8U);
    cv::fillPoly(canvas, std::vector<std::vector<cv::Point>>{blobOutline(r, centre(r, clean.rows, radius), radius, 0.35)},
                 255, cv::LINE_AA, kShift);
    const bool dark = r.chance(0.7); // stains are mostly darker than the fabric
    const double level = dark ? r.uniform(0.08, 0.25) : r.uniform(0.85, 0.97);
    const cv::Mat replacement = clean * 0.35 + level * 0.65; // the weave still shows through
    return compose(clean, coverageOf(canvas, 0.7), replacement, 0.5 + 0.45 * strength, strength);
}

DefectedImage cut(const cv::Mat& clean, DemoRandom& r) {
    const double strength = drawStrength(r);
    const double length = r.uniform(14.0, 60.0);
    const cv::Point2d c = centre(r, clean.rows, length / 2);
    const double a = r.uniform(0.0, kPi), width = 1.0 + 2.5 * strength + r.uniform(0.0, 1.0);
    const cv::Point2d d(std::cos(a), std::sin(a)), n(-d.y, d.x);
    std::vector<cv::Point> left, right;
    for (int i = 0; i <= 16; ++i) {
        const double t = (i / 16.0 - 0.5) * length;
        const double taper = std::sqrt(std::max(0.0, 1.0 - std::pow(2.0 * t / length, 2.0))); // closes at the ends
        const cv::Point2d p = c + d * t;
        const cv::Point2d l = p + n * (width / 2 * taper + r.uniform(0.0, 0.6));
        const cv::Point2d q = p - n * (width / 2 * taper + r.uniform(0.0, 0.6));
        left.push_back(sub(l.x, l.y));
        right.push_back(sub(q.x, q.y));
    }
    left.insert(left.end(), right.rbegin(), right.rend());
    cv::Mat canvas = cv::Mat::zeros(clean.size(), CV_8U);
    cv::fillPoly(canvas, std::vector<std::vector<cv::Point>>{left}, 255, cv::LINE_AA, kShift);
    cv::Mat hole(clean.size(), CV_32F);
    cv::RNG(r.next()).fill(hole, cv::RNG::NORMAL, 0.07, 0.02); // the dark backing seen through the cut
    return compose(clean, coverageOf(canvas), hole, 1.0, strength);
}

DefectedImage contamination(const cv::Mat& clean, DemoRandom& r) {
    const int size = clean.rows;
    const double strength = drawStrength(r);
    const double radius = r.uniform(10.0, 30.0);
    const cv::Point2d c = centre(r, size, radius);
    // Shape: smooth noise pushed down with distance from the centre, then thresholded.
    cv::Mat field(clean.size(), CV_32F);
    cv::RNG rng(r.next());
    rng.fill(field, cv::RNG::NORMAL, 0.0, 1.0);
    cv::GaussianBlur(field, field, cv::Size(), radius / 4.0);
    cv::normalize(field, field, 0.0, 1.0, cv::NORM_MINMAX);
    cv::Mat canvas(clean.size(), CV_8U);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double dist = std::hypot(x - c.x, y - c.y) / radius;
            canvas.at<uchar>(y, x) = (dist < 1.2 && field.at<float>(y, x) * 0.8 + (1.0 - dist) > 0.75) ? 255 : 0;
        }
    // Foreign material: blotchy and isotropic, no weave: dark grease or light fluff.
    cv::Mat material(clean.size(), CV_32F);
    rng.fill(material, cv::RNG::NORMAL, 0.0, 1.0);
    cv::GaussianBlur(material, material, cv::Size(), 1.5);
    material = material * 0.15 + (r.chance(0.6) ? r.uniform(0.15, 0.32) : r.uniform(0.7, 0.85));
    return compose(clean, coverageOf(canvas, 0.8), material, 0.55 + 0.4 * strength, strength);
}

DefectedImage blur(const cv::Mat& clean, DemoRandom& r) {
    const double strength = drawStrength(r);
    const double radius = r.uniform(9.0, 26.0);
    cv::Mat canvas = cv::Mat::zeros(clean.size(), CV_8U);
    cv::fillPoly(canvas, std::vector<std::vector<cv::Point>>{blobOutline(r, centre(r, clean.rows, radius), radius, 0.15)},
                 255, cv::LINE_AA, kShift);
    cv::Mat smeared;
    cv::GaussianBlur(clean, smeared, cv::Size(), 1.2 + 2.0 * strength); // felted, out-of-focus patch
    return compose(clean, coverageOf(canvas, 1.5), smeared, 1.0, strength);
}

} // namespace

QString demoDefectName(DemoDefect defect) {
    switch (defect) {
    case DemoDefect::Scratch: return QStringLiteral("scratch");
    case DemoDefect::Spot: return QStringLiteral("spot");
    case DemoDefect::Cut: return QStringLiteral("cut");
    case DemoDefect::Contamination: return QStringLiteral("contamination");
    case DemoDefect::Blur: return QStringLiteral("blur");
    }
    return {};
}

const std::array<DemoDefect, 5>& allDemoDefects() {
    static const std::array<DemoDefect, 5> all = {DemoDefect::Scratch, DemoDefect::Spot, DemoDefect::Cut,
                                                  DemoDefect::Contamination, DemoDefect::Blur};
    return all;
}

DefectedImage applyDemoDefect(const cv::Mat& clean, DemoDefect defect, quint64 seed) {
    DemoRandom r(seed);
    switch (defect) {
    case DemoDefect::Scratch: return scratch(clean, r);
    case DemoDefect::Spot: return spot(clean, r);
    case DemoDefect::Cut: return cut(clean, r);
    case DemoDefect::Contamination: return contamination(clean, r);
    case DemoDefect::Blur: return blur(clean, r);
    }
    return {};
}

} // namespace faultline::core
