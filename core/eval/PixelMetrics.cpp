#include "core/eval/PixelMetrics.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace faultline::core {

PixelMetricsAccumulator::PixelMetricsAccumulator(int bins) {
    bins = std::max(2, bins + (bins & 1)); // even, so that pairs of bins merge cleanly
    m_normal.assign(std::size_t(bins), 0);
    m_anomalous.assign(std::size_t(bins), 0);
    m_regionWeight.assign(std::size_t(bins), 0.0);
}

void PixelMetricsAccumulator::widenRight() {
    const std::size_t n = m_normal.size();
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t to = i / 2;
        if (to == i) continue;
        m_normal[to] += m_normal[i];
        m_anomalous[to] += m_anomalous[i];
        m_regionWeight[to] += m_regionWeight[i];
        m_normal[i] = 0;
        m_anomalous[i] = 0;
        m_regionWeight[i] = 0.0;
    }
    m_width *= 2.0;
}

void PixelMetricsAccumulator::widenLeft() {
    // The old range becomes the upper half of the new one: old bin i -> (n + i) / 2.
    const std::size_t n = m_normal.size();
    for (std::size_t k = n; k-- > 0;) {
        const std::size_t to = (n + k) / 2;
        if (to == k) continue;
        m_normal[to] += m_normal[k];
        m_anomalous[to] += m_anomalous[k];
        m_regionWeight[to] += m_regionWeight[k];
        m_normal[k] = 0;
        m_anomalous[k] = 0;
        m_regionWeight[k] = 0.0;
    }
    m_low -= double(n) * m_width;
    m_width *= 2.0;
}

void PixelMetricsAccumulator::cover(double lo, double hi) {
    const double n = double(m_normal.size());
    if (!m_hasRange) {
        m_low = lo;
        // A little headroom so that hi itself falls inside; a constant map gets a tiny width.
        const double span = hi - lo;
        m_width = span > 0.0 ? span / (n - 1.0) : std::max(std::abs(lo), 1.0) * 1e-9;
        m_hasRange = true;
        return;
    }
    while (lo < m_low) widenLeft();
    while (hi >= m_low + n * m_width) widenRight();
}

bool PixelMetricsAccumulator::add(const cv::Mat& map, const cv::Mat& mask, QString* error) {
    auto fail = [&](const QString& why) {
        if (error) *error = why;
        return false;
    };
    if (map.empty()) return fail(QStringLiteral("the anomaly map is empty"));
    if (map.channels() != 1) return fail(QStringLiteral("the anomaly map has %1 channels, expected 1").arg(map.channels()));
    if (!mask.empty() && mask.channels() != 1)
        return fail(QStringLiteral("the mask has %1 channels, expected 1").arg(mask.channels()));
    if (!mask.empty() && mask.size() != map.size())
        return fail(QStringLiteral("the mask is %1x%2 but the anomaly map is %3x%4")
                        .arg(mask.cols).arg(mask.rows).arg(map.cols).arg(map.rows));

    cv::Mat values;
    map.convertTo(values, CV_64F);
    if (!cv::checkRange(values)) return fail(QStringLiteral("the anomaly map holds a NaN or infinite value"));
    double lo = 0.0, hi = 0.0;
    cv::minMaxLoc(values, &lo, &hi);
    cover(lo, hi);

    cv::Mat labels;
    cv::Mat stats;
    int labelCount = 1;
    if (!mask.empty()) {
        cv::Mat centroids;
        const cv::Mat binary = mask != 0;
        labelCount = cv::connectedComponentsWithStats(binary, labels, stats, centroids, /*connectivity=*/8, CV_32S);
    }
    std::vector<double> weight(std::size_t(labelCount), 0.0);
    for (int r = 1; r < labelCount; ++r) weight[std::size_t(r)] = 1.0 / stats.at<int>(r, cv::CC_STAT_AREA);

    const int last = binCount() - 1;
    for (int y = 0; y < values.rows; ++y) {
        const double* v = values.ptr<double>(y);
        const int* l = labels.empty() ? nullptr : labels.ptr<int>(y);
        for (int x = 0; x < values.cols; ++x) {
            const std::size_t bin = std::size_t(std::clamp(int((v[x] - m_low) / m_width), 0, last));
            const int region = l ? l[x] : 0;
            if (region == 0) {
                ++m_normal[bin];
            } else {
                ++m_anomalous[bin];
                m_regionWeight[bin] += weight[std::size_t(region)];
            }
        }
    }
    ++m_images;
    m_regions += labelCount - 1;
    return true;
}

PixelMetricsResult PixelMetricsAccumulator::result(double fprLimit) const {
    PixelMetricsResult r;
    r.images = m_images;
    r.regions = m_regions;
    r.fprLimit = fprLimit;
    for (std::size_t b = 0; b < m_normal.size(); ++b) {
        r.normalPixels += m_normal[b];
        r.anomalousPixels += m_anomalous[b];
    }
    const double P = double(r.anomalousPixels);
    const double N = double(r.normalPixels);
    if (r.anomalousPixels == 0 || r.normalPixels == 0) {
        r.note = r.images == 0 ? QStringLiteral("undefined: no anomaly maps were added")
                 : r.anomalousPixels == 0 ? QStringLiteral("undefined: no ground-truth mask marks any pixel anomalous")
                                          : QStringLiteral("undefined: every pixel is marked anomalous");
        return r;
    }

    // Walk thresholds from the top bin's lower edge downwards.
    __int128 twiceArea = 0;
    __int128 sameBinPairs = 0;
    qint64 cumPos = 0, cumNeg = 0;
    for (std::size_t b = m_normal.size(); b-- > 0;) {
        const qint64 pos = m_anomalous[b];
        const qint64 neg = m_normal[b];
        twiceArea += __int128(neg) * (2 * cumPos + pos);
        sameBinPairs += __int128(neg) * pos;
        cumPos += pos;
        cumNeg += neg;
    }
    r.auroc = double(twiceArea) / (2.0 * P * N);
    r.aurocErrorBound = double(sameBinPairs) / (2.0 * P * N);

    if (!(fprLimit > 0.0 && fprLimit <= 1.0)) {
        r.note = QStringLiteral("undefined: the AUPRO FPR limit must be in (0, 1]");
        return r;
    }
    double area = 0.0, bound = 0.0;
    double prevFpr = 0.0, prevPro = 0.0, cumWeight = 0.0;
    qint64 negSoFar = 0;
    for (std::size_t b = m_normal.size(); b-- > 0;) {
        negSoFar += m_normal[b];
        cumWeight += m_regionWeight[b];
        const double fpr = double(negSoFar) / N;
        const double pro = std::min(1.0, cumWeight / m_regions);
        if (fpr >= fprLimit) {
            const double t = fpr > prevFpr ? (fprLimit - prevFpr) / (fpr - prevFpr) : 1.0;
            const double proAtLimit = prevPro + t * (pro - prevPro);
            area += (fprLimit - prevFpr) * (prevPro + proAtLimit) / 2.0;
            bound += (fprLimit - prevFpr) * (pro - prevPro);
            break;
        }
        area += (fpr - prevFpr) * (prevPro + pro) / 2.0;
        bound += (fpr - prevFpr) * (pro - prevPro) / 2.0;
        prevFpr = fpr;
        prevPro = pro;
    }
    r.aupro = area / fprLimit;
    r.auproErrorBound = bound / fprLimit;
    return r;
}

} // namespace faultline::core
