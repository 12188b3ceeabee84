#include "core/eval/ScoreCurve.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace faultline::core {

ScoreCurve::ScoreCurve(const std::vector<double>& scores, const std::vector<GroundTruth>& labels) {
    const std::size_t n = std::min(scores.size(), labels.size());
    m_labels.assign(labels.begin(), labels.begin() + std::ptrdiff_t(n));
    m_groupOf.assign(n, -1);

    std::vector<std::pair<double, std::int32_t>> order;
    order.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isfinite(scores[i])) order.emplace_back(scores[i], std::int32_t(i));
        else ++m_ignored;
    }
    std::sort(order.begin(), order.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });

    for (const auto& [score, index] : order) {
        if (m_groupScore.empty() || m_groupScore.back() != score) {
            m_groupScore.push_back(score);
            m_groupPos.push_back(0);
            m_groupNeg.push_back(0);
        }
        const std::int32_t g = std::int32_t(m_groupScore.size() - 1);
        m_groupOf[std::size_t(index)] = g;
        if (m_labels[std::size_t(index)] == GroundTruth::Anomalous) ++m_groupPos[std::size_t(g)];
        else if (m_labels[std::size_t(index)] == GroundTruth::Normal) ++m_groupNeg[std::size_t(g)];
    }
    rederive();
}

bool ScoreCurve::setLabel(int index, GroundTruth label) {
    if (index < 0 || std::size_t(index) >= m_labels.size() || m_groupOf[std::size_t(index)] < 0) return false;
    setLabels({{index, label}});
    return true;
}

void ScoreCurve::setLabels(const std::vector<std::pair<int, GroundTruth>>& changes) {
    for (const auto& [index, label] : changes) {
        if (index < 0 || std::size_t(index) >= m_labels.size()) continue;
        const std::int32_t g = m_groupOf[std::size_t(index)];
        if (g < 0) continue;
        GroundTruth& current = m_labels[std::size_t(index)];
        if (current == GroundTruth::Anomalous) --m_groupPos[std::size_t(g)];
        else if (current == GroundTruth::Normal) --m_groupNeg[std::size_t(g)];
        current = label;
        if (label == GroundTruth::Anomalous) ++m_groupPos[std::size_t(g)];
        else if (label == GroundTruth::Normal) ++m_groupNeg[std::size_t(g)];
    }
    rederive();
}

void ScoreCurve::rederive() {
    m_levelScore.clear();
    m_cumPos.clear();
    m_cumNeg.clear();
    qint64 pos = 0;
    qint64 neg = 0;
    for (std::size_t g = 0; g < m_groupScore.size(); ++g) {
        if (m_groupPos[g] == 0 && m_groupNeg[g] == 0) continue; // only unlabelled samples
        pos += m_groupPos[g];
        neg += m_groupNeg[g];
        m_levelScore.push_back(m_groupScore[g]);
        m_cumPos.push_back(pos);
        m_cumNeg.push_back(neg);
    }
    m_positives = pos;
    m_negatives = neg;

    m_auroc.reset();
    m_ap.reset();
    m_auprTrapezoid.reset();
    m_f1Max.reset();

    if (pos > 0 && neg > 0) {
        // Trapezoid sum times 2PN is an integer: sum of dFP * (TP_k + TP_{k-1}). Exact.
        __int128 twiceArea = 0;
        qint64 prevTp = 0, prevFp = 0;
        for (std::size_t k = 0; k < m_levelScore.size(); ++k) {
            twiceArea += __int128(m_cumNeg[k] - prevFp) * (m_cumPos[k] + prevTp);
            prevTp = m_cumPos[k];
            prevFp = m_cumNeg[k];
        }
        m_auroc = double(twiceArea) / (2.0 * double(pos) * double(neg));
    }
    if (pos > 0) {
        double ap = 0.0;
        double trapezoid = 0.0;
        double prevRecall = 0.0;
        double prevPrecision = 1.0;
        F1Max best;
        best.f1 = -1.0;
        for (std::size_t k = 0; k < m_levelScore.size(); ++k) {
            const qint64 tp = m_cumPos[k];
            const qint64 fp = m_cumNeg[k];
            const double recall = double(tp) / double(pos);
            const double precision = double(tp) / double(tp + fp);
            ap += (recall - prevRecall) * precision;
            trapezoid += (recall - prevRecall) * (precision + prevPrecision) * 0.5;
            prevRecall = recall;
            prevPrecision = precision;
            const double f1 = 2.0 * double(tp) / double(tp + fp + pos);
            if (f1 > best.f1) {
                best.f1 = f1;
                best.threshold = m_levelScore[k];
                best.confusion = confusionAtLevel(int(k));
            }
            if (tp == pos) break; // later levels add no recall, so no AP or area, and only lower F1
        }
        m_ap = ap;
        m_auprTrapezoid = trapezoid;
        m_f1Max = best;
    }
}

Confusion ScoreCurve::confusionAtLevel(int k) const {
    Confusion c;
    if (k >= 0 && std::size_t(k) < m_levelScore.size()) {
        c.tp = m_cumPos[std::size_t(k)];
        c.fp = m_cumNeg[std::size_t(k)];
    }
    c.fn = m_positives - c.tp;
    c.tn = m_negatives - c.fp;
    return c;
}

Confusion ScoreCurve::confusionAt(double threshold) const {
    // Levels are descending; count those >= threshold. A NaN threshold flags nothing.
    const auto end = std::partition_point(m_levelScore.begin(), m_levelScore.end(),
                                          [threshold](double s) { return s >= threshold; });
    return confusionAtLevel(int(end - m_levelScore.begin()) - 1);
}

std::vector<CurvePoint> ScoreCurve::rocCurve(int maxPoints) const {
    std::vector<CurvePoint> points;
    if (m_positives == 0 || m_negatives == 0) return points;
    points.reserve(m_levelScore.size() + 1);
    points.push_back({0.0, 0.0, std::numeric_limits<double>::infinity()});
    for (std::size_t k = 0; k < m_levelScore.size(); ++k)
        points.push_back({double(m_cumNeg[k]) / double(m_negatives), double(m_cumPos[k]) / double(m_positives),
                          m_levelScore[k]});
    return downsample(points, maxPoints);
}

std::vector<CurvePoint> ScoreCurve::prCurve(int maxPoints) const {
    std::vector<CurvePoint> points;
    if (m_positives == 0) return points;
    points.push_back({0.0, 1.0, std::numeric_limits<double>::infinity()});
    for (std::size_t k = 0; k < m_levelScore.size(); ++k) {
        const qint64 tp = m_cumPos[k];
        points.push_back({double(tp) / double(m_positives), double(tp) / double(tp + m_cumNeg[k]), m_levelScore[k]});
    }
    return downsample(points, maxPoints);
}

std::vector<CurvePoint> ScoreCurve::downsample(const std::vector<CurvePoint>& points, int maxPoints) {
    if (maxPoints <= 0 || points.size() <= std::size_t(maxPoints)) return points;
    if (maxPoints == 1) return {points.back()};
    std::vector<CurvePoint> out;
    out.reserve(std::size_t(maxPoints));
    const double step = double(points.size() - 1) / double(maxPoints - 1);
    for (int i = 0; i < maxPoints; ++i) {
        const std::size_t index = std::min(points.size() - 1, std::size_t(std::llround(i * step)));
        out.push_back(points[index]);
    }
    return out;
}

} // namespace faultline::core
