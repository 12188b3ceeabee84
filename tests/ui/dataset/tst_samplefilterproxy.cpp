#include "ui/dataset/SampleFilterProxy.h"

#include <QAbstractItemModelTester>
#include <QtTest>

#include <cmath>

using namespace faultline;
using faultline::core::GroundTruth;
using faultline::ui::SampleFilterProxy;
using faultline::ui::SampleRow;
using faultline::ui::SampleTableModel;

namespace {
// Ten rows: scores 0.0, 0.1, ... 0.8 and one unscored; defects alternate; two labels.
QVector<SampleRow> makeRows() {
    QVector<SampleRow> rows;
    for (int i = 0; i < 10; ++i) {
        SampleRow r;
        r.id = i + 1;
        r.name = QStringLiteral("%1/img_%2.png").arg(i % 2 ? "scratch" : "good").arg(i);
        r.path = QStringLiteral("/d/") + r.name;
        r.split = i < 3 ? core::Split::Train : core::Split::Test;
        r.defect = i % 2 ? QStringLiteral("scratch") : QStringLiteral("good");
        if (i != 9) r.score = i / 10.0;
        rows << r;
    }
    rows[1].label = GroundTruth::Anomalous;
    rows[4].label = GroundTruth::Normal;
    return rows;
}

QStringList names(const SampleFilterProxy& proxy) {
    QStringList out;
    for (int r = 0; r < proxy.rowCount(); ++r) out << proxy.index(r, 0).data(SampleTableModel::NameRole).toString();
    return out;
}

QVector<int> sourceRows(const SampleFilterProxy& proxy) {
    QVector<int> out;
    for (int r = 0; r < proxy.rowCount(); ++r) out << proxy.sourceRowAt(r);
    return out;
}
} // namespace

class TestSampleFilterProxy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        model = new SampleTableModel(this);
        model->setSamples(makeRows());
        model->setDecisionRule(core::DecisionRule(0.45));
        proxy = new SampleFilterProxy(this);
        proxy->setSourceModel(model);
        tester = new QAbstractItemModelTester(proxy, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    }
    void cleanup() {
        delete tester;
        delete proxy;
        delete model;
    }

    void filtersBySplitLabelDefectAndText() {
        proxy->setSplitFilter(int(core::Split::Train));
        QCOMPARE(sourceRows(*proxy), (QVector<int>{0, 1, 2}));
        proxy->setSplitFilter(SampleFilterProxy::kAnySplit);
        proxy->setLabelFilter(SampleFilterProxy::LabelFilter::Labelled);
        QCOMPARE(sourceRows(*proxy), (QVector<int>{1, 4}));
        proxy->setLabelFilter(SampleFilterProxy::LabelFilter::Anomalous);
        QCOMPARE(sourceRows(*proxy), (QVector<int>{1}));
        proxy->setLabelFilter(SampleFilterProxy::LabelFilter::Unlabelled);
        QCOMPARE(proxy->rowCount(), 8);
        proxy->setLabelFilter(SampleFilterProxy::LabelFilter::Any);
        proxy->setDefectFilter(QStringLiteral("scratch"));
        QCOMPARE(sourceRows(*proxy), (QVector<int>{1, 3, 5, 7, 9}));
        proxy->setTextFilter(QStringLiteral("IMG_7"));
        QCOMPARE(names(*proxy), QStringList{QStringLiteral("scratch/img_7.png")});
    }

    void filtersByScoreRangeAndVerdict() {
        proxy->setScoreRange(0.2, 0.5);
        QCOMPARE(sourceRows(*proxy), (QVector<int>{2, 3, 4, 5}));
        proxy->setScoreRange(NAN, 0.15);
        QCOMPARE(sourceRows(*proxy), (QVector<int>{0, 1}));
        proxy->setScoreRange(NAN, NAN);
        proxy->setVerdictFilter(int(SampleTableModel::Verdict::Fail));
        QCOMPARE(sourceRows(*proxy), (QVector<int>{5, 6, 7, 8}));
        // The verdict filter follows the threshold without being asked, once the move rests.
        model->setDecisionRule(core::DecisionRule(0.75));
        QTRY_COMPARE(sourceRows(*proxy), (QVector<int>{8}));
        proxy->setVerdictFilter(int(SampleTableModel::Verdict::Unscored));
        QCOMPARE(sourceRows(*proxy), (QVector<int>{9}));
    }

    void labelFilterFollowsNewLabels() {
        proxy->setLabelFilter(SampleFilterProxy::LabelFilter::Unlabelled);
        QCOMPARE(proxy->rowCount(), 8);
        model->setUserLabels({0, 2}, GroundTruth::Normal);
        QCOMPARE(proxy->rowCount(), 6);
    }

    // The training-set check: suspects not yet held, the held ones, and the most suspect first.
    void filtersAndSortsByTheTrainingSetCheck() {
        QVector<core::SuspectEntry> check = {{1, 1, 0.5, 0.4, false}, {2, 1, 9.0, 1.0, true}, {3, 1, 7.0, 0.995, true}};
        model->setSuspects(check);
        QCOMPARE(model->suspectCount(), 2);
        proxy->setCheckFilter(SampleFilterProxy::CheckFilter::Suspects);
        proxy->sort(SampleTableModel::CheckColumn, Qt::DescendingOrder);
        QCOMPARE(sourceRows(*proxy), (QVector<int>{1, 2}));
        model->setHeld({1}, true);  // follows at once: a held suspect leaves the list
        QCOMPARE(sourceRows(*proxy), (QVector<int>{2}));
        proxy->setCheckFilter(SampleFilterProxy::CheckFilter::Held);
        QCOMPARE(sourceRows(*proxy), (QVector<int>{1}));
        QCOMPARE(model->index(1, SampleTableModel::CheckColumn).data().toString(), QStringLiteral("held for review (100.0%)"));
        QCOMPARE(model->index(2, SampleTableModel::CheckColumn).data().toString(), QStringLiteral("suspect (99.5%)"));
        QCOMPARE(model->index(0, SampleTableModel::CheckColumn).data().toString(), QStringLiteral("ok (40.0%)"));
        QVERIFY(model->index(5, SampleTableModel::CheckColumn).data().toString().isEmpty());  // not checked
        proxy->setCheckFilter(SampleFilterProxy::CheckFilter::Any);
        QCOMPARE(proxy->rowCount(), 10);
        // Unchecked rows sort after every checked one.
        QCOMPARE(sourceRows(*proxy).mid(0, 3), (QVector<int>{1, 2, 0}));
    }

    void sortsByScoreWithUnscoredLast() {
        proxy->sort(SampleTableModel::ScoreColumn, Qt::DescendingOrder);
        QCOMPARE(sourceRows(*proxy), (QVector<int>{8, 7, 6, 5, 4, 3, 2, 1, 0, 9}));
        proxy->sort(SampleTableModel::ScoreColumn, Qt::AscendingOrder);
        QCOMPARE(sourceRows(*proxy), (QVector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        proxy->sort(SampleTableModel::DefectColumn, Qt::AscendingOrder);
        QCOMPARE(proxy->index(0, 0).data(SampleTableModel::DefectRole).toString(), QStringLiteral("good"));
    }

    void reviewQueueStartsClosestToTheThreshold() {
        model->setDecisionRule(core::DecisionRule(0.42));
        proxy->setReviewQueue(true);
        QCOMPARE(sourceRows(*proxy).mid(0, 4), (QVector<int>{4, 5, 3, 6}));
        QCOMPARE(sourceRows(*proxy).last(), 9);  // unscored: nothing to review against
        model->setDecisionRule(core::DecisionRule(0.08));
        QTRY_COMPARE(sourceRows(*proxy).mid(0, 2), (QVector<int>{1, 0}));
        proxy->setReviewQueue(false);
        QVERIFY(!proxy->reviewQueue());
    }

    void hundredThousandRows() {
        QVector<SampleRow> rows;
        for (int i = 0; i < 100000; ++i) {
            SampleRow r;
            r.id = i + 1;
            r.name = QStringLiteral("img_%1.png").arg(i);
            r.score = std::fmod(i * 0.618033988749, 1.0);
            rows << r;
        }
        model->setSamples(rows);
        proxy->sort(SampleTableModel::ScoreColumn, Qt::DescendingOrder);
        double previous = 2.0;
        for (int r = 0; r < proxy->rowCount(); r += 997) {
            const double s = proxy->index(r, 0).data(SampleTableModel::ScoreRole).toDouble();
            QVERIFY(s <= previous);
            previous = s;
        }
        proxy->setScoreRange(0.9, NAN);
        QVERIFY(proxy->rowCount() > 9000 && proxy->rowCount() < 11000);
    }

private:
    SampleTableModel* model = nullptr;
    SampleFilterProxy* proxy = nullptr;
    QAbstractItemModelTester* tester = nullptr;
};

QTEST_MAIN(TestSampleFilterProxy)
#include "tst_samplefilterproxy.moc"
