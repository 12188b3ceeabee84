// The training-set check as a person uses it in the window: train, Edit > Check Training Set
// for Defects, the browser lists the suspects, R holds one for review (Ctrl+Z gives it back),
// the next training run leaves the held images out, and all of it is still there after the
// project is opened again. A model scored from outside the project is recorded as an import.
#include "tests/ml/SyntheticImages.h"
#include "tests/ui/IsolatedAppData.h"
#include "core/project/ProjectStore.h"
#include "ui/dataset/DatasetBrowser.h"
#include "ui/dataset/DatasetFilterBar.h"
#include "ui/dataset/SampleFilterProxy.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/training/TrainingPanel.h"
#include "ui/window/AuditTrailDialog.h"
#include "ui/window/MainWindow.h"
#include "ui/window/Workspace.h"

#include <QComboBox>
#include <QHeaderView>
#include <QCryptographicHash>
#include <QLabel>
#include <QMenuBar>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace faultline;
using ui::MainWindow;

namespace {
constexpr int kSide = 32;
constexpr int kTrain = 40;
constexpr int kTimeoutMs = 180000;  // training and the check on a shared machine
const int kPlantedAt[] = {5, 16, 27};

QAction* findAction(const MainWindow& w, const QString& text) {
    for (QAction* a : w.menuBar()->findChildren<QAction*>())
        if (a->text() == text) return a;
    return nullptr;
}

// Stripe normals of which three training images carry the bright square, clean validation
// normals and a few anomalous test images.
QVector<core::Sample> plantedDataset(const QString& dir, QStringList* planted) {
    QVector<core::Sample> samples = testing::writeSyntheticSet(dir, kSide, kTrain, 8, 4, /*seed=*/3);
    std::mt19937 rng(11);
    for (int i : kPlantedAt) {
        cv::imwrite(samples[i].path.toStdString(), testing::stripeImage(kSide, rng, /*anomalous=*/true));
        *planted << samples[i].path;
    }
    return samples;
}

void setUpTraining(ui::TrainingPanel* panel) {
    panel->findChild<QSpinBox*>(QStringLiteral("size"))->setValue(kSide);
    panel->findChild<QSpinBox*>(QStringLiteral("epochs"))->setValue(1);
    panel->findChild<QSpinBox*>(QStringLiteral("batch"))->setValue(8);
    panel->findChild<QSpinBox*>(QStringLiteral("threads"))->setValue(2);
}

QStringList pathsShown(const ui::DatasetBrowser* browser) {
    QStringList paths;
    const ui::SampleFilterProxy* proxy = browser->proxy();
    for (int r = 0; r < proxy->rowCount(); ++r) paths << proxy->index(r, 0).data(ui::SampleTableModel::PathRole).toString();
    return paths;
}

QString sha256Of(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
}
} // namespace

class TestTrainingSetCheck : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase() { testing::isolateAppData(QStringLiteral("tst_trainingsetcheck")); }

    void suspectsAreFoundHeldAndLeftOutOfTraining() {
        QStringList planted;
        const QString project = m_tmp.filePath(QStringLiteral("line.faultline"));
        QString firstBundle;
        {
            MainWindow w;
            w.resize(1600, 1000);
            w.show();
            QVERIFY(w.newProject(project));
            const QString root = m_tmp.filePath(QStringLiteral("data"));
            QVERIFY(w.workspace()->store()->replaceDataset(root, plantedDataset(root, &planted)));
            QVERIFY(w.openProject(project));
            ui::Workspace* ws = w.workspace();
            ui::TrainingPanel* panel = w.trainingPanel();

            // Before a model exists the check says what it needs.
            QAction* check = findAction(w, MainWindow::tr("Check &Training Set for Defects"));
            QVERIFY(check);
            check->trigger();
            QVERIFY2(w.lastError().contains(QStringLiteral("train or choose a run")), qPrintable(w.lastError()));

            setUpTraining(panel);
            QSignalSpy trained(panel, &ui::TrainingPanel::runFinished);
            panel->startTraining();
            QTRY_COMPARE_WITH_TIMEOUT(trained.count(), 1, kTimeoutMs);
            QTRY_VERIFY_WITH_TIMEOUT(ws->activeRunId() > 0 && !ws->isBusy(), kTimeoutMs);
            firstBundle = ws->activeBundlePath();
            QCOMPARE(trained[0][0].value<ui::TrainingRunRecord>().result.trainImages, kTrain);

            QSignalSpy checked(ws, &ui::Workspace::suspectCheckFinished);
            check->trigger();
            QVERIFY(ws->isCheckingTrainingSet());
            QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, kTimeoutMs);
            QVERIFY2(checked[0][0].toBool(), qPrintable(checked[0][1].toString()));
            const int flagged = checked[0][2].toInt();
            QVERIFY2(flagged >= 3 && flagged < kTrain / 4, qPrintable(checked[0][1].toString()));

            // The browser now lists the suspects, most suspect first: the planted three lead.
            ui::DatasetBrowser* browser = w.browser();
            QCOMPARE(browser->proxy()->checkFilter(), ui::SampleFilterProxy::CheckFilter::Suspects);
            // The table shows the check next to the name while it lists suspects.
            QCOMPARE(browser->tableView()->horizontalHeader()->logicalIndex(1), int(ui::SampleTableModel::CheckColumn));
            QStringList shown = pathsShown(browser);
            QCOMPARE(shown.size(), flagged);
            QStringList top = shown.mid(0, 3);
            top.sort();
            planted.sort();
            QCOMPARE(top, planted);
            QCOMPARE(int(ws->store()->suspects().size()), kTrain);  // every training image, stored

            // R on the first suspect holds it for review: stored, shown, left out of training.
            browser->setCurrentSourceRow(ws->model()->rowForPath(shown.first()));
            QTest::keyClick(browser->tableView(), Qt::Key_R);
            const int heldRow = ws->model()->rowForPath(shown.first());
            QVERIFY(ws->model()->sampleAt(heldRow).held);
            QCOMPARE(ws->store()->holds().size(), 1);
            QCOMPARE(pathsShown(browser).size(), flagged - 1);  // gone from the suspects list
            QCOMPARE(panel->heldOut(), 1);
            QVERIFY(panel->findChild<QLabel*>(QStringLiteral("heldOut"))->isVisibleTo(panel));
            QVERIFY(ws->model()->index(heldRow, ui::SampleTableModel::CheckColumn).data().toString().startsWith("held"));

            // Undo gives it back; redo holds it again.
            ws->undoStack()->undo();
            QVERIFY(!ws->model()->sampleAt(heldRow).held);
            QVERIFY(ws->store()->holds().isEmpty());
            QCOMPARE(panel->heldOut(), 0);
            ws->undoStack()->redo();
            QCOMPARE(ws->store()->holds().size(), 1);

            // Hold the rest of the suspects at once, then retrain: the held images are left out.
            browser->tableView()->setFocus();
            browser->tableView()->selectAll();
            QTest::keyClick(browser->tableView(), Qt::Key_R);
            QCOMPARE(ws->store()->holds().size(), flagged);
            QVERIFY(pathsShown(browser).isEmpty());
            browser->filterBar()->splitCombo()->setCurrentIndex(
                browser->filterBar()->splitCombo()->findData(ui::DatasetFilterBar::kHeldEntry));
            QCOMPARE(pathsShown(browser).size(), flagged);
            QCOMPARE(panel->heldOut(), flagged);

            trained.clear();
            panel->startTraining();
            QTRY_COMPARE_WITH_TIMEOUT(trained.count(), 1, kTimeoutMs);
            QCOMPARE(trained[0][0].value<ui::TrainingRunRecord>().result.trainImages, kTrain - flagged);
            QTRY_VERIFY_WITH_TIMEOUT(!ws->isBusy() && ws->activeBundlePath() != firstBundle, kTimeoutMs);

            // The audit trail names every hold and the release.
            int holds = 0, releases = 0;
            for (const core::AuditEvent& e : ws->store()->events()) {
                holds += e.kind == QLatin1String("training-hold");
                releases += e.kind == QLatin1String("training-release");
            }
            QCOMPARE(holds, flagged + 1);
            QCOMPARE(releases, 1);
        }

        // Opened again, the check and the holds are still there.
        MainWindow w;
        w.show();
        QVERIFY(w.openProject(project));
        const ui::SampleTableModel* model = w.workspace()->model();
        QCOMPARE(model->heldCount(), int(w.workspace()->store()->holds().size()));
        QVERIFY(model->suspectCount() >= 3);
        for (const QString& p : planted) QVERIFY(model->sampleAt(model->rowForPath(p)).held);
        QCOMPARE(w.trainingPanel()->heldOut(), model->heldCount());
        w.browser()->filterBar()->showSuspects();  // held suspects are not listed again
        QVERIFY(pathsShown(w.browser()).isEmpty());

        // A model from outside this project: scoring with it is an import on the record.
        const QString elsewhere = m_tmp.filePath(QStringLiteral("elsewhere.flmodel"));
        QVERIFY(QFile::copy(firstBundle, elsewhere));
        QSignalSpy scored(w.workspace(), &ui::Workspace::scoringFinished);
        QVERIFY(w.scoreWithBundle(elsewhere));
        QTRY_COMPARE_WITH_TIMEOUT(scored.count(), 1, kTimeoutMs);
        QVERIFY2(scored[0][0].toBool(), qPrintable(scored[0][1].toString()));
        const QVector<core::AuditEvent> events = w.workspace()->store()->events();
        QCOMPARE(events.last().kind, QStringLiteral("model-import"));
        QCOMPARE(events.last().runId, w.workspace()->activeRunId());
        QVERIFY(events.last().detail.contains(elsewhere));
        QVERIFY(events.last().detail.contains(sha256Of(elsewhere)));
        QAction* audit = findAction(w, MainWindow::tr("&Audit Trail…"));
        QVERIFY(audit);
        audit->trigger();
        auto* dialog = w.findChild<ui::AuditTrailDialog*>(QStringLiteral("auditTrailDialog"));
        QVERIFY(dialog);
        QTableWidget* t = dialog->table();
        QCOMPARE(t->item(0, ui::AuditTrailDialog::MethodColumn)->text(), QStringLiteral("model imported"));
        QVERIFY(t->item(0, ui::AuditTrailDialog::NoteColumn)->text().contains(QStringLiteral("elsewhere.flmodel")));
    }
};

QTEST_MAIN(TestTrainingSetCheck)
#include "tst_trainingsetcheck.moc"
