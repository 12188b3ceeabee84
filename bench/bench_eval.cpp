// Evaluation engine benchmark: curve build and threshold queries at n = 1,000,000, label edits,
// pixel-metric streaming, bootstrap and CSV parsing. Prints a Markdown table.
// Usage: bench_eval [n]   (default n = 1000000)
#include "core/eval/Bootstrap.h"
#include "core/eval/PixelMetrics.h"
#include "core/eval/ScoreCurve.h"
#include "core/eval/ScoreHistogram.h"
#include "core/eval/ScoresCsv.h"

#include <QByteArray>
#include <QCoreApplication>

#include <opencv2/core.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

using namespace faultline::core;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// Median of `reps` timings of f(), in seconds.
template <typename F>
double medianTime(int reps, F&& f) {
    std::vector<double> t;
    for (int i = 0; i < reps; ++i) {
        const auto a = Clock::now();
        f();
        t.push_back(seconds(a, Clock::now()));
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

void makeScores(std::size_t n, int distinct, std::vector<double>* s, std::vector<GroundTruth>* y) {
    std::mt19937_64 rng(1);
    std::normal_distribution<double> normal(0.0, 1.0), anomalous(1.5, 1.0);
    s->resize(n);
    y->resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const bool a = rng() % 10 == 0; // 10% anomalous
        double v = a ? anomalous(rng) : normal(rng);
        if (distinct > 0) v = std::round(v * distinct / 10.0) / (distinct / 10.0);
        (*s)[i] = v;
        (*y)[i] = a ? GroundTruth::Anomalous : GroundTruth::Normal;
    }
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    const std::size_t n = argc > 1 ? std::size_t(std::atoll(argv[1])) : 1000000;
    double sink = 0;

    std::printf("| measure | n | result |\n|---|---|---|\n");

    std::vector<double> s;
    std::vector<GroundTruth> y;
    makeScores(n, 0, &s, &y);
    ScoreCurve curve;
    const double build = medianTime(5, [&] { curve = ScoreCurve(s, y); });
    sink += curve.auroc().value_or(0);
    std::printf("| curve build (sort, cumulative counts, AUROC, AP, F1-max), distinct scores | %zu | %.1f ms |\n", n, build * 1e3);
    const double plainSort = medianTime(5, [&] {
        std::vector<double> copy = s;
        std::sort(copy.begin(), copy.end());
        sink += copy[0];
    });
    std::printf("| for scale: std::sort of the same doubles | %zu | %.1f ms (curve build = %.1fx) |\n", n, plainSort * 1e3,
                build / plainSort);

    std::vector<double> sTies;
    std::vector<GroundTruth> yTies;
    makeScores(n, 1000, &sTies, &yTies);
    ScoreCurve tied;
    const double buildTies = medianTime(5, [&] { tied = ScoreCurve(sTies, yTies); });
    std::printf("| curve build, ~1000 distinct scores (heavy ties) | %zu | %.1f ms |\n", n, buildTies * 1e3);

    constexpr int kQueries = 2000000; // threshold queries timed together
    std::vector<double> queries(kQueries);
    std::mt19937_64 rng(2);
    std::uniform_real_distribution<double> u(-4.0, 6.0);
    for (double& q : queries) q = u(rng);
    const double queryTime = medianTime(3, [&] {
        qint64 acc = 0;
        for (double q : queries) acc += curve.confusionAt(q).tp;
        sink += double(acc);
    });
    std::printf("| confusion at a threshold (O(log n) query), mean of %d | %zu | %.3f us |\n", kQueries, n,
                queryTime / kQueries * 1e6);

    constexpr int kEdits = 20; // single label changes timed one by one
    const double edit = medianTime(kEdits, [&] {
        const int i = int(rng() % n);
        curve.setLabel(i, curve.label(i) == GroundTruth::Anomalous ? GroundTruth::Normal : GroundTruth::Anomalous);
    });
    std::printf("| one label change (re-derive curve and metrics, no sort) | %zu | %.1f ms |\n", n, edit * 1e3);
    const double editTies = medianTime(kEdits, [&] {
        const int i = int(rng() % n);
        tied.setLabel(i, tied.label(i) == GroundTruth::Anomalous ? GroundTruth::Normal : GroundTruth::Anomalous);
    });
    std::printf("| one label change, ~1000 distinct scores | %zu | %.3f ms |\n", n, editTies * 1e3);

    const double roc = medianTime(5, [&] { sink += double(curve.rocCurve(1000).size()); });
    std::printf("| ROC curve downsampled to 1000 points | %zu | %.1f ms |\n", n, roc * 1e3);
    const double hist = medianTime(5, [&] { sink += double(buildScoreHistogram(s, y, 200).maxBinTotal()); });
    std::printf("| score histogram, 200 bins by label | %zu | %.1f ms |\n", n, hist * 1e3);

    const double boot = medianTime(5, [&] { sink += bootstrapRates(curve.confusionAt(1.0), {1000, 0.95, 1}).recall.low; });
    std::printf("| bootstrap intervals, 1000 resamples | %zu | %.2f ms |\n", n, boot * 1e3);

    // CSV parse: 100k rows.
    constexpr int kRows = 100000;
    QByteArray csv = "path,split,defect,label,score\n";
    for (int i = 0; i < kRows; ++i)
        csv += "test/crack/" + QByteArray::number(i) + ".png,test,crack," + (i % 2 ? "1" : "0") + "," +
               QByteArray::number(s[std::size_t(i)], 'g', 17) + "\n";
    const double parse = medianTime(3, [&] { sink += parseScoresCsv(csv, QStringLiteral("bench.csv")).records.size(); });
    std::printf("| scores CSV parse | %d rows | %.0f ms (%.2f us/row) |\n", kRows, parse * 1e3, parse / kRows * 1e6);

    // Pixel metrics: 100 maps of 256x256 with one square defect each.
    constexpr int kMaps = 100;
    std::vector<cv::Mat> maps(kMaps), masks(kMaps);
    cv::RNG cvrng(3);
    for (int i = 0; i < kMaps; ++i) {
        maps[std::size_t(i)].create(256, 256, CV_32F);
        cvrng.fill(maps[std::size_t(i)], cv::RNG::NORMAL, 0.0, 1.0);
        masks[std::size_t(i)] = cv::Mat::zeros(256, 256, CV_8U);
        masks[std::size_t(i)](cv::Rect(40 + i % 100, 60, 30, 20)).setTo(255);
        maps[std::size_t(i)].setTo(2.0, masks[std::size_t(i)]);
    }
    PixelMetricsResult pix;
    const double pixel = medianTime(3, [&] {
        PixelMetricsAccumulator acc;
        for (int i = 0; i < kMaps; ++i) acc.add(maps[std::size_t(i)], masks[std::size_t(i)], nullptr);
        pix = acc.result();
    });
    const double mpix = double(kMaps) * 256 * 256 / 1e6;
    std::printf("| pixel AUROC + AUPRO streaming, %d maps of 256x256 | %.1f Mpixel | %.0f ms (%.1f Mpixel/s) |\n", kMaps,
                mpix, pixel * 1e3, mpix / pixel);
    std::printf("| pixel metric error bounds (65536 bins) | | AUROC +-%.1e, AUPRO +-%.1e |\n", pix.aurocErrorBound,
                pix.auproErrorBound);
    std::fprintf(stderr, "(checksum %g)\n", sink);
    return 0;
}
