#include "core/threshold/DecisionRule.h"

#include <algorithm>
#include <cmath>

namespace faultline::core {

QString verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::Unscored: return QString();
    case Verdict::Pass: return QStringLiteral("pass");
    case Verdict::Review: return QStringLiteral("review");
    case Verdict::Fail: return QStringLiteral("fail");
    }
    return QString();
}

DecisionRule::DecisionRule(double threshold) : m_threshold(threshold), m_reviewFrom(threshold) {}

DecisionRule DecisionRule::withReviewBand(double reviewFrom, double threshold) {
    DecisionRule rule(threshold);
    rule.m_band = true;
    rule.m_reviewFrom = std::min(reviewFrom, threshold);
    return rule;
}

Verdict DecisionRule::verdict(double score) const {
    if (std::isnan(score)) return Verdict::Unscored;
    if (score >= m_threshold) return Verdict::Fail;
    if (m_band && score >= m_reviewFrom) return Verdict::Review;
    return Verdict::Pass;
}

bool DecisionRule::operator==(const DecisionRule& o) const {
    return m_threshold == o.m_threshold && m_band == o.m_band && (!m_band || m_reviewFrom == o.m_reviewFrom);
}

} // namespace faultline::core
