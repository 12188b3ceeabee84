#include "core/eval/PerDefect.h"

#include <map>

namespace faultline::core {

QVector<DefectGroupRates> perDefectRates(const QVector<ScoreRecord>& records, double threshold) {
    std::map<QString, DefectGroupRates> groups;
    for (const ScoreRecord& r : records) {
        if (r.label == GroundTruth::Unknown) continue;
        const QString name = r.defect.isEmpty() ? QStringLiteral("(none)") : r.defect;
        DefectGroupRates& g = groups[name];
        g.defect = name;
        const bool flagged = r.score >= threshold;
        if (r.label == GroundTruth::Anomalous) {
            ++g.anomalous;
            if (flagged) ++g.detected;
        } else {
            ++g.normal;
            if (flagged) ++g.falseAlarms;
        }
    }
    QVector<DefectGroupRates> out;
    out.reserve(int(groups.size()));
    for (auto& [name, g] : groups) out.append(g);
    return out;
}

} // namespace faultline::core
