#pragma once
// Pixel-level AUROC and AUPRO, streamed over (anomaly map, ground-truth mask) pairs with
// bounded memory: three histograms of map values (normal pixel counts, anomalous pixel counts,
// per-region overlap weights), never the pixels themselves.
//
// The histogram covers [low, low + bins * width). Its range follows the data: when a map value
// falls outside, the range doubles (adjacent bins merge), so the final bin width is at most
// 2 * (max - min) / bins over everything seen. Thresholds are taken at bin edges, where the
// histogram counts are exact; the only approximation is inside a bin, and its size is reported
// with every result (see docs/evaluation.md):
//   AUROC: |hist - exact| <= sum_b pos_b * neg_b / (2 P N)   (pairs sharing a bin count as ties)
//   AUPRO: |hist - exact| <= (sum over bins below the FPR limit of dFPR_b * dPRO_b / 2
//                            + dFPR * dPRO of the bin crossing it) / limit
// Not thread-safe: one accumulator per thread.

#include <QString>

#include <opencv2/core/mat.hpp>

#include <optional>
#include <vector>

namespace faultline::core {

struct PixelMetricsResult {
    int images = 0;
    qint64 normalPixels = 0;
    qint64 anomalousPixels = 0;
    int regions = 0;                   // connected ground-truth regions (8-connectivity)
    std::optional<double> auroc;       // undefined without both normal and anomalous pixels
    double aurocErrorBound = 0.0;      // |auroc - exact| is at most this
    std::optional<double> aupro;       // mean per-region overlap, integrated up to fprLimit, / fprLimit
    double auproErrorBound = 0.0;
    double fprLimit = 0.3;
    QString note;                      // why a metric is undefined
};

class PixelMetricsAccumulator {
public:
    static constexpr int kDefaultBins = 1 << 16; // 1.5 MiB of histograms; error bounds ~1e-5 on typical maps

    explicit PixelMetricsAccumulator(int bins = kDefaultBins);

    // map: single channel, any depth (higher = more anomalous). mask: single channel, non-zero
    // = anomalous; an empty mask means every pixel is normal. Sizes must match. Returns false
    // (with *error set, nothing added) for a size mismatch, multi-channel input or a
    // non-finite map value.
    bool add(const cv::Mat& map, const cv::Mat& mask, QString* error);

    PixelMetricsResult result(double fprLimit = 0.3) const;

    int binCount() const { return int(m_normal.size()); }
    double binWidth() const { return m_width; }
    double rangeLow() const { return m_low; }

private:
    void cover(double lo, double hi);
    void widenRight();
    void widenLeft();

    bool m_hasRange = false;
    double m_low = 0.0;
    double m_width = 1.0;
    std::vector<qint64> m_normal;
    std::vector<qint64> m_anomalous;
    std::vector<double> m_regionWeight; // each anomalous pixel adds 1 / (area of its region)
    int m_images = 0;
    int m_regions = 0;
};

} // namespace faultline::core
