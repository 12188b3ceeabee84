#include "core/eval/LiveScoreCurve.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace faultline::core {

LiveScoreCurve::LiveScoreCurve(const std::vector<double>& scores, const std::vector<GroundTruth>& labels) {
    const std::size_t n = std::min(scores.size(), labels.size());
    m_labels.assign(labels.begin(), labels.begin() + std::ptrdiff_t(n));
    m_groupOf.assign(n, -1);
    std::vector<std::pair<double, std::int32_t>> order;
    order.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        if (std::isfinite(scores[i]))
            order.emplace_back(scores[i], std::int32_t(i));
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

    std::vector<qint64> unl;
    for (const auto& [score, index] : order) {
        if (m_groupScore.empty() || m_groupScore.back() != score) {
            m_groupScore.push_back(score);
            groupPos_.push_back(0);
            m_groupNeg.push_back(0);
            unl.push_back(0);
        }
        const std::size_t g = m_groupScore.size() - 1;
        m_groupOf[std::size_t(index)] = std::int32_t(g);
        switch (m_labels[std::size_t(index)]) {
        case GroundTruth::Anomalous: ++groupPos_[g]; break;
        case GroundTruth::Normal: ++m_groupNeg[g]; break;
        case GroundTruth::Unknown: ++unl[g]; break;
        }
    }
    const std::size_t groups = m_groupScore.size();
    std::vector<qint64> pos(groups), neg(groups), labelled(groups);
    qint64 tpAbove = 0;
    for (std::size_t g = groups; g-- > 0;) {
        pos[g] = groupPos_[g];
        neg[g] = m_groupNeg[g];
        labelled[g] = (pos[g] + neg[g]) > 0;
        if (pos[g] > 0)
            m_positiveGroups.insert(std::int32_t(g));
        // Each normal in g sits below every anomalous score above g and ties with those in g.
        m_twiceArea += __int128(neg[g]) * (2 * tpAbove + pos[g]);
        tpAbove += pos[g];
    }
    pos_ = FenwickTree(pos);
    neg_ = FenwickTree(neg);
    m_unl = FenwickTree(unl);
    m_levels = FenwickTree(labelled);
}

bool LiveScoreCurve::setLabel(int index, GroundTruth label) {
    if (index < 0 || std::size_t(index) >= m_labels.size() || m_groupOf[std::size_t(index)] < 0)
        return false;
    GroundTruth& current = m_labels[std::size_t(index)];
    if (current == label)
        return true;
    const std::size_t g = std::size_t(m_groupOf[std::size_t(index)]);
    const bool wasLabelled = groupPos_[g] + m_groupNeg[g] > 0;
    // Mann-Whitney pairs of this sample, counted with the group's other samples as they are.
    const auto normalsBelow = [&] { return neg_.prefix(g); };
    const auto anomaliesAbove = [&] { return pos_.total() - pos_.prefix(g + 1); };
    switch (current) {
    case GroundTruth::Anomalous:
        --groupPos_[g];
        pos_.add(g, -1);
        m_twiceArea -= 2 * normalsBelow() + m_groupNeg[g];
        if (groupPos_[g] == 0)
            m_positiveGroups.erase(std::int32_t(g));
        break;
    case GroundTruth::Normal:
        --m_groupNeg[g];
        neg_.add(g, -1);
        m_twiceArea -= 2 * anomaliesAbove() + groupPos_[g];
        break;
    case GroundTruth::Unknown: m_unl.add(g, -1); break;
    }
    switch (label) {
    case GroundTruth::Anomalous:
        m_twiceArea += 2 * normalsBelow() + m_groupNeg[g];
        ++groupPos_[g];
        pos_.add(g, 1);
        m_positiveGroups.insert(std::int32_t(g));
        break;
    case GroundTruth::Normal:
        m_twiceArea += 2 * anomaliesAbove() + groupPos_[g];
        ++m_groupNeg[g];
        neg_.add(g, 1);
        break;
    case GroundTruth::Unknown: m_unl.add(g, 1); break;
    }
    current = label;
    const bool labelled = groupPos_[g] + m_groupNeg[g] > 0;
    if (labelled != wasLabelled)
        m_levels.add(g, labelled ? 1 : -1);
    m_pr.reset();
    return true;
}

std::size_t LiveScoreCurve::firstGroupAtOrAbove(double threshold) const {
    if (std::isnan(threshold))  // flags nothing, as ScoreCurve
        return m_groupScore.size();
    return std::size_t(std::lower_bound(m_groupScore.begin(), m_groupScore.end(), threshold) - m_groupScore.begin());
}

Confusion LiveScoreCurve::confusionAt(double threshold) const {
    const std::size_t g = firstGroupAtOrAbove(threshold);
    Confusion c;
    c.tp = pos_.total() - pos_.prefix(g);
    c.fp = neg_.total() - neg_.prefix(g);
    c.fn = pos_.total() - c.tp;
    c.tn = neg_.total() - c.fp;
    return c;
}

qint64 LiveScoreCurve::unlabelledAtOrAbove(double threshold) const {
    return m_unl.total() - m_unl.prefix(firstGroupAtOrAbove(threshold));
}

LiveScoreCurve::Cumulative LiveScoreCurve::level(int k) const {
    const std::size_t g = m_levels.lowerBound(m_levels.total() - k);
    return {pos_.total() - pos_.prefix(g), neg_.total() - neg_.prefix(g), m_groupScore[g]};
}

std::optional<double> LiveScoreCurve::auroc() const {
    const qint64 p = positives(), n = negatives();
    if (p == 0 || n == 0)
        return std::nullopt;
    return double(m_twiceArea) / (2.0 * double(p) * double(n));
}

template <typename Point>
std::vector<CurvePoint> LiveScoreCurve::curve(int maxPoints, CurvePoint start, Point point) const {
    const std::size_t size = std::size_t(levelCount()) + 1;  // the start point, then every level
    std::vector<CurvePoint> out;
    if (maxPoints <= 0 || size <= std::size_t(maxPoints)) {
        // Every level: one walk down the groups, no tree queries.
        out.reserve(size);
        out.push_back(start);
        Cumulative c;
        for (std::size_t g = m_groupScore.size(); g-- > 0;) {
            if (groupPos_[g] + m_groupNeg[g] == 0)
                continue;
            c.tp += groupPos_[g];
            c.fp += m_groupNeg[g];
            c.score = m_groupScore[g];
            out.push_back(point(c));
        }
        return out;
    }
    const auto at = [&](std::size_t index) { return index == 0 ? start : point(level(int(index) - 1)); };
    if (maxPoints == 1)
        return {at(size - 1)};
    // ScoreCurve::downsample's choice of indices, evaluated only where it lands.
    out.reserve(std::size_t(maxPoints));
    const double step = double(size - 1) / double(maxPoints - 1);
    for (int i = 0; i < maxPoints; ++i)
        out.push_back(at(std::min(size - 1, std::size_t(std::llround(i * step)))));
    return out;
}

std::vector<CurvePoint> LiveScoreCurve::rocCurve(int maxPoints) const {
    const qint64 p = positives(), n = negatives();
    if (p == 0 || n == 0)
        return {};
    return curve(maxPoints, {0.0, 0.0, std::numeric_limits<double>::infinity()}, [p, n](const Cumulative& c) {
        return CurvePoint{double(c.fp) / double(n), double(c.tp) / double(p), c.score};
    });
}

std::vector<CurvePoint> LiveScoreCurve::prCurve(int maxPoints) const {
    const qint64 p = positives();
    if (p == 0)
        return {};
    return curve(maxPoints, {0.0, 1.0, std::numeric_limits<double>::infinity()}, [p](const Cumulative& c) {
        return CurvePoint{double(c.tp) / double(p), double(c.tp) / double(c.tp + c.fp), c.score};
    });
}

void LiveScoreCurve::computePrFigures() const {
    if (m_pr)
        return;
    m_pr.emplace();
    const qint64 pos = positives(), neg = negatives();
    if (pos == 0)
        return;
    // Only levels that add recall change AP, the trapezoid area or the F1 maximum (a level of
    // normals alone keeps TP and adds FP), so walking the anomalous groups, highest first, sums
    // the same terms in the same order as ScoreCurve's walk over every level.
    double ap = 0.0, trapezoid = 0.0;
    F1Max best;
    best.f1 = -1.0;
    qint64 tp = 0;
    for (auto it = m_positiveGroups.rbegin(); it != m_positiveGroups.rend(); ++it) {
        const std::size_t g = std::size_t(*it);
        const qint64 prevTp = tp;
        tp += groupPos_[g];
        const qint64 fp = neg - neg_.prefix(g);
        const qint64 prevFp = fp - m_groupNeg[g];
        // The level before this one, or the (0, 1) start point when nothing labelled is above.
        const double prevRecall = prevTp + prevFp == 0 ? 0.0 : double(prevTp) / double(pos);
        const double prevPrecision = prevTp + prevFp == 0 ? 1.0 : double(prevTp) / double(prevTp + prevFp);
        const double recall = double(tp) / double(pos);
        const double precision = double(tp) / double(tp + fp);
        ap += (recall - prevRecall) * precision;
        trapezoid += (recall - prevRecall) * (precision + prevPrecision) * 0.5;
        const double f1 = 2.0 * double(tp) / double(tp + fp + pos);
        if (f1 > best.f1) {
            best.f1 = f1;
            best.threshold = m_groupScore[g];
            best.confusion.tp = tp;
            best.confusion.fp = fp;
            best.confusion.fn = pos - tp;
            best.confusion.tn = neg - fp;
        }
    }
    m_pr->ap = ap;
    m_pr->trapezoid = trapezoid;
    m_pr->f1Max = best;
}

std::optional<double> LiveScoreCurve::averagePrecision() const {
    computePrFigures();
    return m_pr->ap;
}

std::optional<double> LiveScoreCurve::auprTrapezoid() const {
    computePrFigures();
    return m_pr->trapezoid;
}

std::optional<F1Max> LiveScoreCurve::f1Max() const {
    computePrFigures();
    return m_pr->f1Max;
}

} // namespace faultline::core
