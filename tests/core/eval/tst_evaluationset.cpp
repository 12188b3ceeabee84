// buildEvaluationSet: which rows are judged (test), which calibrate (val normals and
// unlabelled val), which are left out (train, val anomalies, unscored), and the row map back.
#include "core/eval/EvaluationReport.h"
#include "core/eval/EvaluationSet.h"

#include <QtTest>

#include <limits>

using namespace faultline::core;

namespace {
ScoreRecord rec(const char* path, Split split, GroundTruth label, double score, const char* defect = "good") {
    ScoreRecord r;
    r.path = QString::fromLatin1(path);
    r.split = split;
    r.label = label;
    r.score = score;
    r.defect = QString::fromLatin1(defect);
    return r;
}
constexpr GroundTruth A = GroundTruth::Anomalous;
constexpr GroundTruth N = GroundTruth::Normal;
constexpr GroundTruth U = GroundTruth::Unknown;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

QVector<ScoreRecord> mixed() {
    return {rec("train/a", Split::Train, N, 0.01),  rec("val/b", Split::Val, N, 0.2),
            rec("val/c", Split::Val, U, 0.3),       rec("val/d", Split::Val, A, 0.9, "crack"),
            rec("test/e", Split::Test, N, 0.25),    rec("test/f", Split::Test, A, 0.8, "crack"),
            rec("test/g", Split::Test, U, 0.5, ""), rec("test/h", Split::Test, N, kNaN)};
}
} // namespace

class TestEvaluationSet : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void splitsDecideTheRole() {
        const EvaluationSet set = buildEvaluationSet(mixed());
        QCOMPARE(set.rows, 8);
        QCOMPARE(set.trainRows, 1);
        QCOMPARE(set.valNormal, 2);
        QCOMPARE(set.valAnomalous, 1);
        QCOMPARE(set.testUnlabelled, 1);
        QCOMPARE(set.unscored, 1);
        QCOMPARE(set.judged.calibration, (std::vector<double>{0.2, 0.3}));
        QCOMPARE(set.judged.scores, (std::vector<double>{0.25, 0.8, 0.5}));
        QCOMPARE(set.judged.truths, (std::vector<GroundTruth>{N, A, U}));
        QCOMPARE(set.judged.names, (QStringList{"test/e", "test/f", "test/g"}));
        QCOMPARE(set.judged.defects, (QStringList{"good", "crack", ""}));
        QCOMPARE(set.judgedRows, (QVector<int>{4, 5, 6}));
    }

    void emptyInput() {
        const EvaluationSet set = buildEvaluationSet({});
        QCOMPARE(set.rows, 0);
        QVERIFY(set.judged.scores.empty());
        QVERIFY(set.judged.calibration.empty());
    }

    // The CLI's report counts what the set says.
    void reportFollowsTheSet() {
        QVector<ScoreRecord> records = mixed();
        records.removeLast();  // CSV scores are always finite
        const EvaluationReport report = evaluateScores(records, {});
        QCOMPARE(report.trainRows, 1);
        QCOMPARE(report.valNormal, 2);
        QCOMPARE(report.valAnomalous, 1);
        QCOMPARE(report.testUnlabelled, 1);
        QCOMPARE(report.n, qint64(2));
        QCOMPARE(report.nAnomalous, qint64(1));
    }
};

QTEST_GUILESS_MAIN(TestEvaluationSet)
#include "tst_evaluationset.moc"
