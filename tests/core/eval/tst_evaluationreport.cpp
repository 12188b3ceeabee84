#include "core/eval/EvaluationReport.h"

#include <QJsonArray>
#include <QtTest>

using namespace faultline::core;

namespace {

ScoreRecord rec(Split split, const char* defect, GroundTruth label, double score) {
    return {QStringLiteral("img.png"), split, QLatin1String(defect), label, score};
}

// Validation normals 1..5 (percentile 99 = 4.96); test: normals 1, 2, 3; anomalies 4 (crack),
// 6 (crack), 2.5 (scratch); one unlabelled test row, one train row, one anomalous val row.
QVector<ScoreRecord> sample() {
    return {
        rec(Split::Val, "good", GroundTruth::Unknown, 1), rec(Split::Val, "good", GroundTruth::Normal, 2),
        rec(Split::Val, "good", GroundTruth::Unknown, 3), rec(Split::Val, "good", GroundTruth::Unknown, 4),
        rec(Split::Val, "good", GroundTruth::Unknown, 5), rec(Split::Val, "crack", GroundTruth::Anomalous, 9),
        rec(Split::Train, "good", GroundTruth::Normal, 0.5),
        rec(Split::Test, "good", GroundTruth::Normal, 1), rec(Split::Test, "good", GroundTruth::Normal, 2),
        rec(Split::Test, "good", GroundTruth::Normal, 3), rec(Split::Test, "crack", GroundTruth::Anomalous, 4),
        rec(Split::Test, "crack", GroundTruth::Anomalous, 6), rec(Split::Test, "scratch", GroundTruth::Anomalous, 2.5),
        rec(Split::Test, "good", GroundTruth::Unknown, 100),
    };
}

} // namespace

class TestEvaluationReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void routesRowsBySplit() {
        const EvaluationReport r = evaluateScores(sample(), {});
        QCOMPARE(r.rows, 14);
        QCOMPARE(r.valNormal, 5);
        QCOMPARE(r.valAnomalous, 1);
        QCOMPARE(r.trainRows, 1);
        QCOMPARE(r.testUnlabelled, 1);
        QCOMPARE(r.n, qint64(6));
        QCOMPARE(r.nAnomalous, qint64(3));
        // Anomalies 4, 6, 2.5 vs normals 1, 2, 3: wins 3 + 3 + 2 = 8 of 9.
        QCOMPARE(*r.auroc, 8.0 / 9.0);
        // Default: 99th percentile of the validation normals 1..5: 1 + 4 * 0.99 = 4.96.
        QVERIFY(!r.chosenByUser);
        QCOMPARE(r.chosen.method, QStringLiteral("percentile:99"));
        QVERIFY(qAbs(r.chosen.value - 4.96) < 1e-12);
        QCOMPARE(r.atThreshold.tp, qint64(1));
        QCOMPARE(r.atThreshold.fp, qint64(0));
        QCOMPARE(r.atThreshold.fn, qint64(2));
        QCOMPARE(r.perDefect.size(), 3);
        QCOMPARE(r.perDefect[0].defect, QStringLiteral("crack"));
        QCOMPARE(r.perDefect[0].detected, qint64(1));
        QCOMPARE(r.intervals.recall.estimate, 1.0 / 3.0);
    }

    void chosenThreshold() {
        EvaluationOptions options;
        options.threshold = ThresholdSpec{ThresholdMethod::Fixed, 2.5};
        const EvaluationReport r = evaluateScores(sample(), options);
        QVERIFY(r.chosenByUser);
        QCOMPARE(r.atThreshold.tp, qint64(3));
        QCOMPARE(r.atThreshold.fp, qint64(1));
        QCOMPARE(r.thresholds.last().method, QStringLiteral("value:2.5")); // appended, not a standard method
    }

    // A validation set with no scores and test rows without anomalies.
    void degenerateInputsAreExplained() {
        const QVector<ScoreRecord> records = {rec(Split::Test, "good", GroundTruth::Normal, 0.1),
                                              rec(Split::Test, "good", GroundTruth::Normal, 0.2)};
        const EvaluationReport r = evaluateScores(records, {});
        QVERIFY(!r.auroc);
        QVERIFY(!r.chosen.defined);
        const QJsonObject json = r.toJson();
        QVERIFY(json.value(QStringLiteral("image_auroc")).isNull());
        QVERIFY(json.value(QStringLiteral("at_threshold")).isNull());
        QVERIFY(json.value(QStringLiteral("thresholds_undefined")).toObject().value(QStringLiteral("fpr:0.01")).toString().contains(QStringLiteral("already normal")));
        const QJsonObject undefined = json.value(QStringLiteral("thresholds_undefined")).toObject();
        QVERIFY(undefined.value(QStringLiteral("max-f1")).toString().contains(QStringLiteral("none of the 2 labelled scores is anomalous")));
        QVERIFY(undefined.value(QStringLiteral("percentile:99")).toString().contains(QStringLiteral("no normal validation scores")));
    }

    void jsonFields() {
        EvaluationReport r = evaluateScores(sample(), {});
        PixelMetricsResult pixel;
        pixel.auroc = 0.9;
        pixel.aupro = 0.8;
        r.pixel = pixel;
        const QJsonObject json = r.toJson();
        for (const char* key : {"n", "n_anomalous", "image_auroc", "image_ap", "image_aupr_trapezoid", "f1_max",
                                "f1_max_threshold", "thresholds", "at_threshold", "per_defect", "pixel_auroc", "aupro",
                                "review_band"})
            QVERIFY2(json.contains(QLatin1String(key)), key);
        QCOMPARE(json.value(QStringLiteral("n")).toInt(), 6);
        QCOMPARE(json.value(QStringLiteral("pixel_auroc")).toDouble(), 0.9);
        const QJsonObject at = json.value(QStringLiteral("at_threshold")).toObject();
        QCOMPARE(at.value(QStringLiteral("tp")).toInt(), 1);
        QVERIFY(at.value(QStringLiteral("recall_ci")).toObject().contains(QStringLiteral("low")));
        const QJsonObject p99 = json.value(QStringLiteral("thresholds")).toObject().value(QStringLiteral("percentile:99")).toObject();
        QVERIFY(p99.value(QStringLiteral("explanation")).toString().startsWith(QStringLiteral("99th percentile of 5 normal validation scores")));
        QCOMPARE(json.value(QStringLiteral("per_defect")).toArray().size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestEvaluationReport)
#include "tst_evaluationreport.moc"
