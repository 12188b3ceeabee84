#pragma once
// A tiny MVTec-style dataset for the CLI tests: 40 train normals of sine stripes, 6 test normals
// and 6 test images with a bright 10 x 10 square (with its ground-truth mask). 32 x 32 grey, seeded.
#include <QDir>
#include <QString>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <random>

namespace faultline::testing {

constexpr int kStripesSide = 32; // every image of the set is this square side

inline cv::Mat stripes(std::mt19937& rng, bool defect, cv::Mat* mask) {
    std::uniform_real_distribution<float> u(0.f, 1.f);
    cv::Mat img(32, 32, CV_8UC1);
    const float phase = u(rng) * 6.28f;
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x) img.at<uchar>(y, x) = cv::saturate_cast<uchar>(128 + 100 * std::sin(0.5f * x + phase));
    if (mask) *mask = cv::Mat::zeros(32, 32, CV_8UC1);
    if (defect) {
        const cv::Rect r(int(u(rng) * 22), int(u(rng) * 22), 10, 10);
        img(r).setTo(255);
        (*mask)(r).setTo(255);
    }
    return img;
}

inline void makeStripesDataset(const QString& root) {
    std::mt19937 rng(4);
    QDir().mkpath(root + "/train/good");
    QDir().mkpath(root + "/test/good");
    QDir().mkpath(root + "/test/square");
    QDir().mkpath(root + "/ground_truth/square");
    const auto name = [&](const char* folder, int i, const char* suffix = "") {
        return QStringLiteral("%1/%2/%3%4.png").arg(root, QLatin1String(folder)).arg(i, 3, 10, QLatin1Char('0'))
            .arg(QLatin1String(suffix)).toStdString();
    };
    for (int i = 0; i < 40; ++i) cv::imwrite(name("train/good", i), stripes(rng, false, nullptr));
    cv::Mat mask;
    for (int i = 0; i < 6; ++i) {
        cv::imwrite(name("test/good", i), stripes(rng, false, &mask));
        const cv::Mat bad = stripes(rng, true, &mask);
        cv::imwrite(name("test/square", i), bad);
        cv::imwrite(name("ground_truth/square", i, "_mask"), mask);
    }
}

} // namespace faultline::testing
