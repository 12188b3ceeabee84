// Demo dataset: generation time, and how hard it is for two simple reference detectors.
//   bench_demo [--out DIR] [--seed N] [--threads T]
// 1. Times generateDemo (default options) with the given thread count.
// 2. Scores the test set with
//    - "image MSE": mean squared difference to the mean training image (what a per-image
//      reconstruction error sees when the reconstruction is the average normal image), and
//      "blur MSE": mean squared difference to the image's own Gaussian blur (sigma 4);
//    - "local statistics": a Gaussian model (mean, covariance) of per-pixel features (local mean,
//      contrast and gradient energy at three window sizes, contrast at the weave period) fitted
//      on training images; per-pixel Mahalanobis distance, smoothed; image score = its maximum.
//   and prints image AUROC (all three) and pixel AUROC (local statistics).
#include "core/dataset/DatasetScanner.h"
#include "core/demo/DemoGenerator.h"
#include "core/image/ImageLoader.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTextStream>
#include <QThreadPool>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <ctime>
#include <map>
#include <numeric>
#include <vector>

using namespace faultline::core;

namespace {

constexpr int kFeatures = 13;

// Rank-based AUROC with ties counted half (Mann-Whitney U).
double auroc(const std::vector<std::pair<double, int>>& scored) {
    std::vector<std::pair<double, int>> v = scored;
    std::sort(v.begin(), v.end());
    double pos = 0, neg = 0, rankSum = 0;
    for (size_t i = 0; i < v.size();) {
        size_t j = i;
        while (j < v.size() && v[j].first == v[i].first) ++j;
        const double rank = (double(i) + double(j) + 1) / 2.0;
        for (size_t k = i; k < j; ++k)
            if (v[k].second) { rankSum += rank; ++pos; } else ++neg;
        i = j;
    }
    if (pos == 0 || neg == 0) return 0.5;
    return (rankSum - pos * (pos + 1) / 2) / (pos * neg);
}

cv::Mat boxMean(const cv::Mat& m, int w) {
    cv::Mat out;
    cv::blur(m, out, cv::Size(w, w), cv::Point(-1, -1), cv::BORDER_REFLECT);
    return out;
}

// Local statistics in a window: mean, contrast, gradient energy in x and y.
std::vector<cv::Mat> stats(const cv::Mat& img, const cv::Mat& gx, const cv::Mat& gy, int w) {
    const cv::Mat mean = boxMean(img, w);
    cv::Mat var = boxMean(img.mul(img), w) - mean.mul(mean);
    cv::max(var, 0.0, var);
    cv::Mat sd;
    cv::sqrt(var, sd);
    return {mean, sd, boxMean(cv::abs(gx), w), boxMean(cv::abs(gy), w)};
}

// kFeatures channels per pixel.
std::vector<cv::Mat> features(const cv::Mat& img) {
    cv::Mat gx, gy;
    cv::Sobel(img, gx, CV_32F, 1, 0);
    cv::Sobel(img, gy, CV_32F, 0, 1);
    std::vector<cv::Mat> f;
    for (int w : {5, 9, 17})
        for (const cv::Mat& m : stats(img, gx, gy, w)) f.push_back(m);
    cv::Mat shifted; // |I(x) - I(x+8)|: the weave repeats every 8 pixels
    cv::copyMakeBorder(img, shifted, 0, 0, 0, 8, cv::BORDER_REFLECT);
    f.push_back(boxMean(cv::abs(img - shifted(cv::Rect(8, 0, img.cols, img.rows))), 9));
    return f;
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QString out = QDir::tempPath() + "/faultline-bench-demo";
    DemoOptions options;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == "--out" && i + 1 < args.size()) out = args[++i];
        else if (args[i] == "--seed" && i + 1 < args.size()) options.seed = args[++i].toULongLong();
        else if (args[i] == "--threads" && i + 1 < args.size()) QThreadPool::globalInstance()->setMaxThreadCount(args[++i].toInt());
    }
    QTextStream s(stdout);
    QElapsedTimer t;
    t.start();
    const std::clock_t cpu0 = std::clock();
    const DemoResult gen = generateDemo(out, options);
    const double cpu = double(std::clock() - cpu0) / CLOCKS_PER_SEC; // all threads of the process
    if (!gen.ok) { s << gen.error << Qt::endl; return 1; }
    s << "generated " << gen.images << " images + " << gen.masks << " masks in " << t.elapsed() / 1000.0 << " s wall, "
      << cpu << " s CPU, with " << QThreadPool::globalInstance()->maxThreadCount() << " thread(s)" << Qt::endl;

    ScanOptions so;
    so.valFraction = 0;
    const ScanResult scan = scanDataset(out, so);
    if (!scan.ok) { s << scan.error << Qt::endl; return 1; }
    std::vector<cv::Mat> train, test, masks;
    std::vector<int> labels;
    std::vector<QString> defects;
    for (const Sample& smp : scan.dataset.samples) {
        const cv::Mat img = loadImage(smp.path, {0, 1}).image;
        if (smp.split != Split::Test) { train.push_back(img); continue; }
        test.push_back(img);
        labels.push_back(smp.truth == GroundTruth::Anomalous);
        defects.push_back(smp.defect);
        masks.push_back(smp.maskPath.isEmpty() ? cv::Mat::zeros(img.size(), CV_8U) : loadImage(smp.maskPath, {0, 1}).image > 0.5f);
    }

    cv::Mat meanImage = cv::Mat::zeros(train[0].size(), CV_32F);
    for (const cv::Mat& m : train) meanImage += m / double(train.size());

    // Gaussian model of the features over training pixels (every 4th pixel, away from the border).
    cv::Mat samples;
    for (const cv::Mat& m : train) {
        const std::vector<cv::Mat> f = features(m);
        for (int y = 8; y < m.rows - 8; y += 4)
            for (int x = 8; x < m.cols - 8; x += 4) {
                cv::Mat row(1, kFeatures, CV_32F);
                for (int k = 0; k < kFeatures; ++k) row.at<float>(0, k) = f[size_t(k)].at<float>(y, x);
                samples.push_back(row);
            }
    }
    cv::Mat cov, mu;
    cv::calcCovarMatrix(samples, cov, mu, cv::COVAR_NORMAL | cv::COVAR_ROWS | cv::COVAR_SCALE, CV_64F);
    const cv::Mat icov = (cov + cv::Mat::eye(kFeatures, kFeatures, CV_64F) * 1e-9).inv(cv::DECOMP_SVD);

    std::vector<std::pair<double, int>> mseScores, blurScores, statScores, pixelScores;
    std::map<QString, std::vector<std::pair<double, int>>> perDefect;
    for (size_t i = 0; i < test.size(); ++i) {
        const cv::Mat& img = test[i];
        cv::Mat d = img - meanImage;
        mseScores.push_back({cv::mean(d.mul(d))[0], labels[i]});
        cv::Mat blurred;
        cv::GaussianBlur(img, blurred, cv::Size(), 4.0);
        d = img - blurred;
        blurScores.push_back({cv::mean(d.mul(d))[0], labels[i]});

        const std::vector<cv::Mat> f = features(img);
        cv::Mat map(img.size(), CV_32F);
        for (int y = 0; y < img.rows; ++y)
            for (int x = 0; x < img.cols; ++x) {
                double v[kFeatures];
                for (int k = 0; k < kFeatures; ++k) v[k] = f[size_t(k)].at<float>(y, x) - mu.at<double>(0, k);
                double dist = 0;
                for (int a = 0; a < kFeatures; ++a)
                    for (int b = 0; b < kFeatures; ++b) dist += v[a] * icov.at<double>(a, b) * v[b];
                map.at<float>(y, x) = float(std::sqrt(std::max(dist, 0.0)));
            }
        cv::GaussianBlur(map, map, cv::Size(), 2.0);
        double lo, hi; // the border is left out: windows there reach outside the image
        cv::minMaxLoc(map(cv::Rect(8, 8, map.cols - 16, map.rows - 16)), &lo, &hi);
        statScores.push_back({hi, labels[i]});
        if (labels[i]) perDefect[defects[i]].push_back({hi, 1});
        for (int y = 0; y < img.rows; y += 2)
            for (int x = 0; x < img.cols; x += 2) pixelScores.push_back({map.at<float>(y, x), masks[i].at<uchar>(y, x) ? 1 : 0});
    }
    s << "image AUROC, image MSE vs mean image: " << auroc(mseScores) << Qt::endl;
    s << "image AUROC, blur MSE:                " << auroc(blurScores) << Qt::endl;
    s << "image AUROC, local statistics:        " << auroc(statScores) << Qt::endl;
    s << "pixel AUROC, local statistics:        " << auroc(pixelScores) << Qt::endl;
    for (auto& [name, scores] : perDefect) {
        std::vector<std::pair<double, int>> v = scores;
        for (const auto& p : statScores)
            if (!p.second) v.push_back(p);
        s << "  image AUROC, local statistics, " << name << ": " << auroc(v) << Qt::endl;
    }
    return 0;
}
