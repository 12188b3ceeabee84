#include "core/project/ProjectStore.h"
#include "ui/dataset/SampleTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace faultline;
using faultline::core::GroundTruth;
using faultline::ui::SampleRow;
using faultline::ui::SampleTableModel;

namespace {
QVector<SampleRow> makeRows(int n) {
    QVector<SampleRow> rows;
    rows.reserve(n);
    for (int i = 0; i < n; ++i) {
        SampleRow r;
        r.id = i + 1;
        r.name = QStringLiteral("test/%1/%2.png").arg(i % 3 ? "good" : "crack").arg(i, 6, 10, QLatin1Char('0'));
        r.path = QStringLiteral("/data/") + r.name;
        r.split = i % 5 == 0 ? core::Split::Train : core::Split::Test;
        r.truth = i % 3 ? GroundTruth::Normal : GroundTruth::Anomalous;
        r.defect = i % 3 ? QStringLiteral("good") : QStringLiteral("crack");
        if (i % 7 != 0) r.score = double(i % 1000) / 1000.0;  // every 7th unscored
        rows.push_back(r);
    }
    return rows;
}
} // namespace

class TestSampleTableModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hundredThousandRowsPassTheModelTester() {
        SampleTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSamples(makeRows(100000));
        QCOMPARE(model.rowCount(), 100000);
        model.setDecisionRule(core::DecisionRule(0.25));
        model.setDecisionRule(core::DecisionRule::withReviewBand(0.2, 0.3));
        model.setUserLabels({5, 99999}, GroundTruth::Anomalous);
        QHash<qint64, double> scores;
        for (int i = 0; i < 100000; i += 2) scores.insert(i + 1, 0.5);
        model.setScores(scores);
        QCOMPARE(model.data(model.index(0, 0), SampleTableModel::ScoreRole).toDouble(), 0.5);
        QVERIFY(!model.data(model.index(1, 0), SampleTableModel::ScoreRole).isValid());
    }

    void rolesAndDisplay() {
        SampleTableModel model;
        model.setSamples(makeRows(10));
        const QModelIndex i3 = model.index(3, SampleTableModel::ScoreColumn);
        QCOMPARE(model.data(i3, SampleTableModel::ScoreRole).toDouble(), 0.003);
        QCOMPARE(model.data(i3, SampleTableModel::PathRole).toString(), QStringLiteral("/data/test/crack/000003.png"));
        QCOMPARE(model.data(i3, SampleTableModel::DefectRole).toString(), QStringLiteral("crack"));
        QCOMPARE(model.data(i3, SampleTableModel::SplitRole).toInt(), int(core::Split::Test));
        QCOMPARE(model.data(i3, SampleTableModel::SampleIdRole).toLongLong(), 4);
        QCOMPARE(model.data(model.index(3, SampleTableModel::TruthColumn)).toString(), QStringLiteral("anomalous"));
        QCOMPARE(model.data(model.index(0, SampleTableModel::VerdictColumn)).toString(), QString());  // unscored
        QCOMPARE(model.rowForId(4), 3);
        QCOMPARE(model.rowForPath(QStringLiteral("/data/test/crack/000003.png")), 3);
        QVERIFY(!model.headerData(SampleTableModel::ScoreColumn, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
    }

    void verdictFollowsThresholdAndBand() {
        SampleTableModel model;
        model.setSamples(makeRows(10));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setDecisionRule(core::DecisionRule(0.005));
        // One signal over the rows whose verdict changed (5, 6, 8, 9 fail now; 7 is unscored),
        // every column: the grid's thumbnail frames are painted from column 0.
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].value<QModelIndex>().row(), 5);
        QCOMPARE(changed[0][0].value<QModelIndex>().column(), 0);
        QCOMPARE(changed[0][1].value<QModelIndex>().row(), 9);
        QCOMPARE(changed[0][1].value<QModelIndex>().column(), int(SampleTableModel::ColumnCount) - 1);
        QCOMPARE(model.verdictAt(4), SampleTableModel::Verdict::Pass);   // 0.004
        QCOMPARE(model.verdictAt(5), SampleTableModel::Verdict::Fail);   // 0.005: >= fails
        QCOMPARE(model.verdictAt(7), SampleTableModel::Verdict::Unscored);
        QCOMPARE(model.data(model.index(5, SampleTableModel::VerdictColumn)).toString(), QStringLiteral("fail"));
        model.setDecisionRule(core::DecisionRule::withReviewBand(0.003, 0.006));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed[1][0].value<QModelIndex>().row(), 3);  // 3, 4 review now; 5 review, no longer fail
        QCOMPARE(changed[1][1].value<QModelIndex>().row(), 5);
        QCOMPARE(model.verdictAt(2), SampleTableModel::Verdict::Pass);
        QCOMPARE(model.verdictAt(4), SampleTableModel::Verdict::Review);
        QCOMPARE(model.verdictAt(6), SampleTableModel::Verdict::Fail);
        QCOMPARE(model.data(model.index(4, 0), SampleTableModel::VerdictRole).toInt(),
                 int(SampleTableModel::Verdict::Review));
        // The same rule again changes nothing, and says so with no signal.
        model.setDecisionRule(core::DecisionRule::withReviewBand(0.003, 0.006));
        QCOMPARE(changed.size(), 2);
    }

    void labelsEmitOneSignalForABulkEdit() {
        SampleTableModel model;
        model.setSamples(makeRows(100));
        QSignalSpy labels(&model, &SampleTableModel::userLabelsChanged);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setUserLabels({10, 20, 30}, GroundTruth::Normal);
        QCOMPARE(labels.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(labels[0][0].value<QVector<int>>(), (QVector<int>{10, 20, 30}));
        QCOMPARE(model.data(model.index(20, SampleTableModel::LabelColumn)).toString(), QStringLiteral("normal"));
        QCOMPARE(model.data(model.index(20, 0), SampleTableModel::EffectiveTruthRole).toInt(), int(GroundTruth::Normal));
        QCOMPARE(model.data(model.index(21, 0), SampleTableModel::LabelRole).toInt(), int(GroundTruth::Unknown));
    }

    void readsRowsFromAProject() {
        QTemporaryDir dir;
        core::ProjectStore store;
        QVERIFY(store.open(dir.filePath("p.faultline"), core::ProjectStore::CreateIfMissing));
        QVector<core::Sample> samples;
        for (int i = 0; i < 4; ++i) {
            core::Sample s;
            s.path = dir.filePath(QStringLiteral("test/good/%1.png").arg(i));
            s.split = core::Split::Test;
            s.truth = GroundTruth::Normal;
            s.defect = QStringLiteral("good");
            samples << s;
        }
        QVERIFY(store.replaceDataset(dir.path(), samples));
        const auto stored = store.samples();
        QVERIFY(store.setLabel(stored[2].id, GroundTruth::Anomalous));
        const qint64 run = store.addRun(QJsonObject{});
        QVERIFY(store.setScores(run, {{stored[1].id, 0.75}}));
        SampleTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSamples(SampleTableModel::rowsFromProject(store, run));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.sampleAt(1).score, 0.75);
        QVERIFY(std::isnan(model.sampleAt(0).score));
        QCOMPARE(model.sampleAt(2).label, GroundTruth::Anomalous);
        QCOMPARE(model.sampleAt(3).path, dir.filePath("test/good/3.png"));
        QCOMPARE(model.sampleAt(3).name, QStringLiteral("test/good/3.png"));
    }
};

QTEST_MAIN(TestSampleTableModel)
#include "tst_sampletablemodel.moc"
