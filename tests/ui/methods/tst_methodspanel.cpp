// The Methods panel: Compare scores the project's labelled images with every method of the
// active run's bundle in the background (progress, Cancel), the table sorts by value, and a
// clicked row becomes the active score: the threshold panel's scores, the exported threshold's
// method and the marked row follow, and going back to a method already scored reuses its run.
#include "core/ml/ModelBundle.h"
#include "core/ml/Scorer.h"
#include "core/threshold/ThresholdSession.h"
#include "tests/ui/IsolatedAppData.h"
#include "tests/ui/ScratchProject.h"
#include "ui/methods/MethodTableModel.h"
#include "ui/methods/MethodsBinding.h"
#include "ui/methods/MethodsPanel.h"
#include "ui/window/MainWindow.h"
#include "ui/window/Workspace.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QHeaderView>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace faultline;
using ui::MainWindow;
using ui::MethodTableModel;

namespace {
// The proxy row of the table that shows this method.
int tableRowOf(const QTableView* table, const QString& method) {
    const QAbstractItemModel* m = table->model();
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, 0).data(MethodTableModel::MethodRole).toString() == method) return r;
    return -1;
}

void clickRow(QTableView* table, int row) {
    const QModelIndex at = table->model()->index(row, MethodTableModel::Method);
    table->scrollTo(at);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(at).center());
}

ml::ComparisonRow row(const QString& method, std::optional<double> auroc, double speed) {
    ml::ComparisonRow r;
    r.bundle = QStringLiteral("/tmp/m.flmodel");
    r.model = QStringLiteral("ae");
    r.method = method;
    r.images = 10;
    r.anomalous = 5;
    if (auroc) {
        r.image.auroc.defined = true;
        r.image.auroc.estimate = *auroc;
        r.image.auroc.low = *auroc - 0.05;
        r.image.auroc.high = std::min(1.0, *auroc + 0.05);
    }
    r.imagesPerSecond = speed;
    return r;
}
} // namespace

class TestMethodsPanel : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;
    QString dataset, bundle;

    void openScored(MainWindow& w) { testing::openAndScore(w, dataset, bundle); }

private Q_SLOTS:
    void initTestCase() {
        testing::isolateAppData(QStringLiteral("tst_methodspanel"));
        dataset = testing::makeScratchDataset(tmp.filePath(QStringLiteral("tiles")));
        bundle = tmp.filePath(QStringLiteral("model.flmodel"));
        testing::trainScratchBundle(dataset, bundle);
    }
    void init() { QDir(ui::Workspace::dataFolder()).removeRecursively(); }

    // Sorting is by value, best first by default, and a method without a figure never leads.
    void tableSortsByValue() {
        MethodTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows({row("mse", 0.60, 300), row("knn", 0.99, 50), row("vae", std::nullopt, 120), row("ssim", 0.75, 80)}, 0.01);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(1, MethodTableModel::ImageAuroc).data().toString(), QStringLiteral("0.990 [0.940–1.000]"));
        QCOMPARE(model.index(2, MethodTableModel::ImageAuroc).data().toString(), QStringLiteral("–"));
        QCOMPARE(model.headerData(MethodTableModel::RecallAtFpr, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QStringLiteral("Recall @ 1% FPR"));
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(MethodTableModel::SortRole);
        proxy.sort(MethodTableModel::ImageAuroc, Qt::DescendingOrder);
        QStringList order;
        for (int r = 0; r < proxy.rowCount(); ++r) order << proxy.index(r, 0).data(MethodTableModel::MethodRole).toString();
        QCOMPARE(order, (QStringList{"knn", "ssim", "mse", "vae"}));
        proxy.sort(MethodTableModel::Speed, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0).data(MethodTableModel::MethodRole).toString(), QStringLiteral("mse"));
        model.setActive(QStringLiteral("/tmp/m.flmodel"), QStringLiteral("ssim"));
        QCOMPARE(model.activeRow(), 3);
        QVERIFY(model.index(3, 0).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!model.index(0, 0).data(Qt::FontRole).isValid());
    }

    // The whole flow in the window, as a user does it.
    void clickingARowMakesItTheActiveScore() {
        MainWindow w;
        w.show();
        openScored(w);
        if (QTest::currentTestFailed()) return;
        ui::MethodsPanel* panel = w.methodsPanel();
        QVERIFY(panel);
        w.dock(MainWindow::Panel::Methods)->show();
        w.dock(MainWindow::Panel::Methods)->raise();
        QVERIFY(panel->compareButton()->isEnabled());
        const qint64 firstRun = w.workspace()->activeRunId();
        const std::vector<double> before = w.thresholdSession()->scores().scores;
        QVERIFY(!before.empty());

        QSignalSpy progress(panel->findChild<QProgressBar*>(), &QProgressBar::valueChanged);
        QTest::mouseClick(panel->compareButton(), Qt::LeftButton);
        QVERIFY(w.methodsBinding()->isComparing());
        QVERIFY(panel->cancelButton()->isVisible());
        QVERIFY(w.runningWork().contains(QStringLiteral("the method comparison")));
        QTRY_VERIFY_WITH_TIMEOUT(!w.methodsBinding()->isComparing(), 120000);
        QVERIFY(!panel->cancelButton()->isVisible());
        QVERIFY(progress.count() > 0);

        // One row per method the bundle supports, judged on the 6 labelled test images and the
        // validation normals; the bundle's default is the active (bold) row.
        ml::BundleMetadata meta;
        ml::BundleCalibration cal;
        QString error;
        QVERIFY2(ml::ModelBundle::loadHeader(bundle, &meta, &cal, &error), qPrintable(error));
        MethodTableModel* model = panel->model();
        QCOMPARE(model->rowCount(), int(cal.methods.size()));
        QVERIFY2(model->rowCount() >= 10, qPrintable(panel->statusText()));
        QVERIFY(model->activeRow() >= 0);
        QCOMPARE(model->rows()[model->activeRow()].method, meta.defaultScore);
        for (const ml::ComparisonRow& r : model->rows()) {
            QCOMPARE(r.anomalous, 3);
            QVERIFY(r.image.auroc.defined);
            QVERIFY(r.imagesPerSecond > 0);
        }

        // Click a method that is not the default: every sample is scored with it, a new run
        // becomes active, and the threshold panel's scores are that method's.
        const QString chosen = meta.defaultScore == QLatin1String("pixel-l2-mean") ? QStringLiteral("mse")
                                                                                     : QStringLiteral("pixel-l2-mean");
        const int at = tableRowOf(panel->table(), chosen);
        QVERIFY2(at >= 0, qPrintable(chosen));
        QSignalSpy scored(w.workspace(), &ui::Workspace::scoringFinished);
        clickRow(panel->table(), at);
        QVERIFY(scored.wait(60000));
        QVERIFY2(scored[0][0].toBool(), qPrintable(scored[0][1].toString()));
        const qint64 chosenRun = w.workspace()->activeRunId();
        QVERIFY(chosenRun != firstRun);
        QCOMPARE(w.workspace()->activeScoreMethod(), chosen);
        const std::vector<double> after = w.thresholdSession()->scores().scores;
        QCOMPARE(after.size(), before.size());
        QVERIFY(after != before);
        QCOMPARE(model->rows()[model->activeRow()].method, chosen);

        // The session holds exactly what the scorer gives for that method.
        ml::Scorer scorer;
        ml::ScoreOptions so;
        so.method = chosen;
        so.wantMap = false;
        so.threads = 2;
        QVERIFY2(scorer.load(bundle, so, &error), qPrintable(error));
        const QStringList names = w.thresholdSession()->scores().names;
        const int i = names.indexOf(QRegularExpression(QStringLiteral(".*scratch/001.png")));
        QVERIFY(i >= 0);
        const ml::ImageScore expected = scorer.scoreFile(dataset + QStringLiteral("/test/scratch/001.png"));
        QVERIFY(expected.ok);
        QCOMPARE(after[size_t(i)], expected.score);

        // Back to the default: its run is reused at once, nothing is scored again.
        const int back = tableRowOf(panel->table(), meta.defaultScore);
        clickRow(panel->table(), back);
        QCOMPARE(w.workspace()->activeRunId(), firstRun);
        QVERIFY(!w.workspace()->isScoring());
        QCOMPARE(w.thresholdSession()->scores().scores, before);
        clickRow(panel->table(), tableRowOf(panel->table(), chosen));
        QCOMPARE(w.workspace()->activeRunId(), chosenRun);
        QVERIFY(!w.workspace()->isScoring());

        // A threshold committed now belongs to the chosen method, and the exported bundle says so
        // (faultline-cli score then scores with that method).
        w.thresholdSession()->commit(QStringLiteral("set on ") + chosen);
        QTRY_VERIFY(w.workspace()->store()->latestThreshold(chosenRun).has_value());
        const QString exported = tmp.filePath(QStringLiteral("exported.flmodel"));
        QVERIFY2(w.workspace()->exportModelBundle(exported), qPrintable(w.workspace()->lastError()));
        ml::BundleMetadata exportedMeta;
        ml::BundleCalibration exportedCal;
        QVERIFY2(ml::ModelBundle::loadHeader(exported, &exportedMeta, &exportedCal, &error), qPrintable(error));
        QCOMPARE(exportedCal.thresholdMethod, chosen);

        // The choice is on the audit trail.
        bool recorded = false;
        for (const core::AuditEvent& e : w.workspace()->store()->events())
            recorded = recorded || (e.kind == QLatin1String("score-method") && e.runId == chosenRun && e.detail.contains(chosen));
        QVERIFY(recorded);
    }

    // Cancel stops the comparison at its next batch; the table keeps what it had (nothing here).
    void cancelStopsTheComparison() {
        MainWindow w;
        w.show();
        openScored(w);
        if (QTest::currentTestFailed()) return;
        ui::MethodsPanel* panel = w.methodsPanel();
        QTest::mouseClick(panel->compareButton(), Qt::LeftButton);
        QVERIFY(w.methodsBinding()->isComparing());
        QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!w.methodsBinding()->isComparing(), 30000);
        QCOMPARE(panel->model()->rowCount(), 0);
        QVERIFY2(panel->statusText().contains(QLatin1String("cancelled")), qPrintable(panel->statusText()));
        QVERIFY(panel->compareButton()->isEnabled());
    }

    // Without a model there is nothing to compare, and the panel says what to do.
    void withoutAModelItSaysWhatToDo() {
        MainWindow w;
        w.show();
        QSignalSpy imported(w.workspace(), &ui::Workspace::importFinished);
        QVERIFY(w.openPath(dataset));
        QVERIFY(imported.wait(20000));
        ui::MethodsPanel* panel = w.methodsPanel();
        QVERIFY(!panel->compareButton()->isEnabled());
        QVERIFY2(panel->statusText().contains(QLatin1String("Train a model")), qPrintable(panel->statusText()));
        QVERIFY(!w.methodsBinding()->compare(false));
        QVERIFY(w.methodsBinding()->comparisonOptions(false).bundles.isEmpty());
    }
};

QTEST_MAIN(TestMethodsPanel)
#include "tst_methodspanel.moc"
