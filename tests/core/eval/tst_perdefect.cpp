#include "core/eval/PerDefect.h"

#include <QtTest>

using namespace faultline::core;

class TestPerDefect : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ratesPerGroup() {
        const auto rec = [](const char* defect, GroundTruth label, double score) {
            return ScoreRecord{QStringLiteral("x.png"), Split::Test, QLatin1String(defect), label, score};
        };
        const QVector<ScoreRecord> records = {
            rec("crack", GroundTruth::Anomalous, 0.9), rec("crack", GroundTruth::Anomalous, 0.5),
            rec("crack", GroundTruth::Anomalous, 0.3), rec("scratch", GroundTruth::Anomalous, 0.45),
            rec("scratch", GroundTruth::Anomalous, 0.5), rec("good", GroundTruth::Normal, 0.1),
            rec("good", GroundTruth::Normal, 0.6), rec("good", GroundTruth::Unknown, 0.99),
            rec("", GroundTruth::Anomalous, 0.2),
        };
        const QVector<DefectGroupRates> groups = perDefectRates(records, 0.5);
        QCOMPARE(groups.size(), 4);
        QCOMPARE(groups[0].defect, QStringLiteral("(none)"));
        QCOMPARE(groups[0].detected, qint64(0));
        QCOMPARE(groups[1].defect, QStringLiteral("crack"));
        QCOMPARE(groups[1].anomalous, qint64(3));
        QCOMPARE(groups[1].detected, qint64(2)); // 0.5 >= 0.5 counts
        QCOMPARE(groups[1].recall(), 2.0 / 3.0);
        QVERIFY(!groups[1].hasFpr());
        QCOMPARE(groups[2].defect, QStringLiteral("good"));
        QCOMPARE(groups[2].normal, qint64(2)); // the unlabelled row is not counted
        QCOMPARE(groups[2].falseAlarms, qint64(1));
        QCOMPARE(groups[2].fpr(), 0.5);
        QVERIFY(!groups[2].hasRecall());
        QCOMPARE(groups[3].defect, QStringLiteral("scratch"));
        QCOMPARE(groups[3].recall(), 0.5);
    }

    void emptyInput() { QVERIFY(perDefectRates({}, 0.5).isEmpty()); }
};

QTEST_GUILESS_MAIN(TestPerDefect)
#include "tst_perdefect.moc"
