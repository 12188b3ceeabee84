#pragma once
// Tiny seeded image sets written to disk for the ML tests: smooth stripes as normals, the same
// with a bright square as anomalies. Header-only, shared by tests/ml.

#include "core/dataset/Sample.h"

#include <QDir>
#include <QString>
#include <QVector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <random>

namespace faultline::testing {

inline cv::Mat stripeImage(int size, std::mt19937& rng, bool anomalous, bool sparse = false) {
    std::uniform_real_distribution<float> u(0.f, 1.f);
    cv::Mat img(size, size, CV_8UC1, cv::Scalar(0));
    if (sparse) {
        // A stroke on black, like a thin digit: mostly zeros.
        const int x = 2 + int(u(rng) * (size - 6)), y = 1 + int(u(rng) * (size / 2 - 2));
        img(cv::Rect(x, y, 2, size / 2)).setTo(255);
    } else {
        const float phase = u(rng) * 6.28f, freq = 0.4f + 0.2f * u(rng);
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x)
                img.at<uchar>(y, x) = cv::saturate_cast<uchar>(127.5f + 100.f * std::sin(freq * x + phase) + 10.f * u(rng));
    }
    if (anomalous) {
        const int s = std::max(3, size / 4);
        const int x = int(u(rng) * (size - s)), y = int(u(rng) * (size - s));
        img(cv::Rect(x, y, s, s)).setTo(255);
    }
    return img;
}

// Writes `normals` training images, `val` validation images and `anomalies` anomalous test
// images under dir; returns the samples as a dataset scan would.
inline QVector<core::Sample> writeSyntheticSet(const QString& dir, int size, int normals, int val, int anomalies,
                                               unsigned seed = 1, bool sparse = false) {
    std::mt19937 rng(seed);
    QVector<core::Sample> samples;
    QDir().mkpath(dir);
    auto add = [&](const QString& name, core::Split split, bool anomalous) {
        const QString path = dir + QLatin1Char('/') + name;
        cv::imwrite(path.toStdString(), stripeImage(size, rng, anomalous, sparse));
        core::Sample s;
        s.path = path;
        s.split = split;
        s.truth = anomalous ? core::GroundTruth::Anomalous : core::GroundTruth::Normal;
        s.defect = anomalous ? QStringLiteral("square") : QStringLiteral("good");
        samples.append(s);
    };
    for (int i = 0; i < normals; ++i) add(QStringLiteral("train_%1.png").arg(i), core::Split::Train, false);
    for (int i = 0; i < val; ++i) add(QStringLiteral("val_%1.png").arg(i), core::Split::Val, false);
    for (int i = 0; i < anomalies; ++i) add(QStringLiteral("bad_%1.png").arg(i), core::Split::Test, true);
    return samples;
}

// A seeded random surface of any shape: Gaussian noise blurred by `grain` pixels, about 0.5 mean
// and 0.08 spread, 8-bit. Coarse grain survives shrinking; fine defects on it do not.
inline cv::Mat grainTexture(cv::Size size, double grain, unsigned seed) {
    cv::Mat noise(size, CV_32F);
    cv::RNG rng(seed);
    rng.fill(noise, cv::RNG::NORMAL, 0.0, 1.0);
    cv::GaussianBlur(noise, noise, cv::Size(0, 0), grain);
    cv::Scalar mean, spread;
    cv::meanStdDev(noise, mean, spread);
    cv::Mat out;
    noise.convertTo(out, CV_8U, 255.0 * 0.08 / std::max(1e-9, spread[0]), 255.0 * (0.5 - 0.08 * mean[0] / std::max(1e-9, spread[0])));
    return out;
}

// `count` images of grainTexture under dir, as samples of one split (normal).
inline QVector<core::Sample> writeGrainImages(const QString& dir, const QString& prefix, core::Split split, int count,
                                              cv::Size size, double grain, unsigned seed) {
    QVector<core::Sample> samples;
    QDir().mkpath(dir);
    for (int i = 0; i < count; ++i) {
        core::Sample s;
        s.path = dir + QStringLiteral("/%1_%2.png").arg(prefix).arg(i);
        cv::imwrite(s.path.toStdString(), grainTexture(size, grain, seed + unsigned(i)));
        s.split = split;
        s.truth = core::GroundTruth::Normal;
        s.defect = QStringLiteral("good");
        samples.append(s);
    }
    return samples;
}

} // namespace faultline::testing
