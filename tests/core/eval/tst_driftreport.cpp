#include "core/eval/DriftReport.h"

#include "../../DemoLot.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace faultline::core;

namespace {

constexpr int kImages = 40;  // per lot
constexpr int kSide = 64;    // pixels

DriftSample imagesOf(const QStringList& paths) {
    DriftSample s;
    QStringList problems;
    s.images = imageStatisticsOfFiles(paths, &problems);
    return s;
}

} // namespace

class TestDriftReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ruleNeedsSignificanceAndSize() {
        // Disjoint scores (D = 1) in samples large enough for p < 0.01 and an empty-bin PSI: drift.
        DriftSample ref, lot;
        for (int i = 0; i < 30; ++i) {
            ref.scores.push_back(i);
            lot.scores.push_back(100 + i);
        }
        ref.imagesUnavailable = QStringLiteral("the model bundle stores no image statistics");
        DriftReport r = compareLot(ref, lot, QStringLiteral("knn"));
        const DriftFigure* score = r.find(QStringLiteral("score"));
        QVERIFY(score && score->available);
        QCOMPARE(score->ks, 1.0);
        QVERIFY(score->pValue < 1e-6);
        QVERIFY(score->psi > 0.25);
        QVERIFY(score->drift);
        QVERIFY(r.drift);
        QCOMPARE(score->label, QStringLiteral("Score (knn)"));
        QVERIFY(score->explanation.contains(QStringLiteral("drift (p < 0.01 and PSI > 0.25)")));
        // Image statistics are reported as unavailable with the reason, not as "no drift".
        const DriftFigure* brightness = r.find(QStringLiteral("brightness"));
        QVERIFY(brightness && !brightness->available);
        QVERIFY(brightness->unavailable.contains(QStringLiteral("stores no image statistics")));
        QVERIFY(std::isnan(brightness->pValue));
        QCOMPARE(r.figures.size(), 6);

        // The same gap in three values each is not significant (D = 1 but p = 0.033): no drift,
        // although PSI is large.
        DriftSample few, fewLot;
        few.scores = {1, 2, 3};
        fewLot.scores = {11, 12, 13};
        r = compareLot(few, fewLot, QString());
        score = r.find(QStringLiteral("score"));
        QVERIFY(score->pValue > 0.01);
        QVERIFY(score->shifted);
        QVERIFY(!score->significant);
        QVERIFY(!r.drift);
        QVERIFY(score->explanation.contains(QStringLiteral("by chance")));
    }

    void alphaIsTheCallers() {
        DriftSample few, fewLot;
        few.scores = {1, 2, 3, 4};
        fewLot.scores = {11, 12, 13, 14};
        DriftOptions loose;
        loose.alpha = 0.05;
        QVERIFY(!compareLot(few, fewLot, QString()).drift);  // p = 0.011 at alpha 0.01
        QVERIFY(compareLot(few, fewLot, QString(), loose).drift);
    }

    void darkerLotIsFlaggedUnchangedLotIsNot() {
        QTemporaryDir dir;
        const QStringList reference = demolot::writeLot(dir.filePath(QStringLiteral("ref")), 1000, kImages, kSide);
        const QStringList same = demolot::writeLot(dir.filePath(QStringLiteral("same")), 2000, kImages, kSide);
        const QStringList darker = demolot::writeLot(dir.filePath(QStringLiteral("dark")), 2000, kImages, kSide, 0.8);
        QCOMPARE(reference.size(), kImages);
        QCOMPARE(darker.size(), kImages);
        const DriftSample ref = imagesOf(reference);
        QCOMPARE(ref.images.size(), kImages);

        const DriftReport unchanged = compareLot(ref, imagesOf(same), QString());
        QVERIFY2(!unchanged.drift, qPrintable(unchanged.summary()));
        for (const DriftFigure& f : unchanged.figures) {
            if (f.key == QLatin1String("score")) {
                QVERIFY(!f.available);  // no scores in this comparison
                continue;
            }
            QVERIFY2(f.available && !f.drift, qPrintable(f.explanation));
        }
        QCOMPARE(unchanged.find(QStringLiteral("width"))->ks, 0.0);

        const DriftReport dark = compareLot(ref, imagesOf(darker), QString());
        QVERIFY(dark.drift);
        const DriftFigure* brightness = dark.find(QStringLiteral("brightness"));
        QVERIFY2(brightness->drift, qPrintable(brightness->explanation));
        QVERIFY(std::abs(brightness->lotMedian / brightness->referenceMedian - 0.8) < 0.03);
        QVERIFY(dark.driftingLabels().contains(QStringLiteral("Mean brightness")));
        QVERIFY(!dark.find(QStringLiteral("width"))->drift);
        QVERIFY(dark.summary().startsWith(QStringLiteral("Drift in ")));

        const QJsonObject json = driftReportToJson(dark);
        QCOMPARE(json.value(QStringLiteral("drift")).toBool(), true);
        QCOMPARE(json.value(QStringLiteral("alpha")).toDouble(), 0.01);
        QCOMPARE(json.value(QStringLiteral("figures")).toArray().size(), 6);
        QVERIFY(json.value(QStringLiteral("rule")).toString().contains(QStringLiteral("below 0.01")));
    }

    void sizeChangeIsFlagged() {
        QTemporaryDir dir;
        const DriftSample ref = imagesOf(demolot::writeLot(dir.filePath(QStringLiteral("ref")), 1000, 20, kSide));
        const DriftReport r = compareLot(ref, imagesOf(demolot::writeLot(dir.filePath(QStringLiteral("big")), 1000, 20, 2 * kSide)), QString());
        QVERIFY(r.find(QStringLiteral("width"))->drift);
        QVERIFY(r.find(QStringLiteral("height"))->drift);
    }
};

QTEST_GUILESS_MAIN(TestDriftReport)
#include "tst_driftreport.moc"
