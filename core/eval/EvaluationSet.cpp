#include "core/eval/EvaluationSet.h"

#include <cmath>

namespace faultline::core {

EvaluationSet buildEvaluationSet(const QVector<ScoreRecord>& records) {
    EvaluationSet set;
    set.rows = int(records.size());
    for (int i = 0; i < records.size(); ++i) {
        const ScoreRecord& r = records[i];
        if (std::isnan(r.score)) {
            ++set.unscored;
            continue;
        }
        switch (r.split) {
        case Split::Train: ++set.trainRows; break;
        case Split::Val:
            if (r.label == GroundTruth::Anomalous) {
                ++set.valAnomalous;
            } else {
                ++set.valNormal;
                set.judged.calibration.push_back(r.score);
            }
            break;
        case Split::Test:
            if (r.label == GroundTruth::Unknown) ++set.testUnlabelled;
            set.judgedRows.push_back(i);
            set.judged.scores.push_back(r.score);
            set.judged.truths.push_back(r.label);
            set.judged.names << r.path;
            set.judged.defects << r.defect;
            break;
        }
    }
    return set;
}

} // namespace faultline::core
