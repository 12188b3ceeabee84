#include "core/project/ProjectStore.h"
#include "core/eval/ScoresCsv.h"
#include "tests/ui/IsolatedAppData.h"
#include "ui/dataset/DatasetBrowser.h"
#include "ui/dataset/DatasetFilterBar.h"
#include "ui/inspection/InspectionView.h"
#include "ui/window/MainWindow.h"
#include "ui/dataset/SampleFilterProxy.h"
#include "ui/dataset/SampleTableModel.h"
#include "core/ml/TrainConfig.h"
#include "ui/plot/LossPlot.h"
#include "ui/training/TrainingPanel.h"
#include "ui/window/NextStepBanner.h"
#include "ui/window/WelcomePage.h"
#include "ui/window/Workspace.h"

#include <QDockWidget>
#include <QDropEvent>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QListView>
#include <QTableView>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace faultline;
using core::GroundTruth;
using ui::MainWindow;
using ui::SampleTableModel;

namespace {
// A small dataset in MVTec AD layout: 6 train normals, 3 test normals, 3 scratches with masks.
QString makeDataset(const QString& root) {
    auto write = [&](const QString& rel, int shade) {
        QDir().mkpath(QFileInfo(root + '/' + rel).absolutePath());
        QImage img(32, 32, QImage::Format_Grayscale8);
        img.fill(shade);
        img.save(root + '/' + rel);
    };
    for (int i = 0; i < 6; ++i) write(QStringLiteral("train/good/%1.png").arg(i, 3, 10, QLatin1Char('0')), 100 + i);
    for (int i = 0; i < 3; ++i) write(QStringLiteral("test/good/%1.png").arg(i, 3, 10, QLatin1Char('0')), 110 + i);
    for (int i = 0; i < 3; ++i) {
        write(QStringLiteral("test/scratch/%1.png").arg(i, 3, 10, QLatin1Char('0')), 200);
        write(QStringLiteral("ground_truth/scratch/%1_mask.png").arg(i, 3, 10, QLatin1Char('0')), 255);
    }
    return root;
}

QMessageBox* visibleError(const MainWindow& w) {
    for (QMessageBox* box : w.findChildren<QMessageBox*>(QStringLiteral("errorMessage")))
        if (box->isVisible()) return box;
    return nullptr;
}

GroundTruth storedLabel(const QString& project, const QString& relativePath) {
    core::ProjectStore store;
    if (!store.open(project)) return GroundTruth::Unknown;
    for (const core::ProjectSample& s : store.samples())
        if (s.relativePath == relativePath) {
            const auto l = store.label(s.id);
            return l ? l->label : GroundTruth::Unknown;
        }
    return GroundTruth::Unknown;
}

void clickRow(ui::DatasetBrowser* browser, int proxyRow, Qt::KeyboardModifiers mods = {}) {
    QListView* grid = browser->gridView();
    const QModelIndex index = browser->proxy()->index(proxyRow, 0);
    // The grid lays items out in batches after a reset; wait until this one has its place.
    QTRY_VERIFY(grid->visualRect(index).isValid());
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, mods, grid->visualRect(index).center());
}
} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp;
    QString dataset;

    // Imports the dataset the way a person does: drop the folder onto the window.
    void dropFolder(MainWindow& w, const QString& folder) {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(folder)});
        const QPoint pos = w.rect().center();
        QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &drop);
    }

    void importAndWait(MainWindow& w) {
        QSignalSpy done(w.workspace(), &ui::Workspace::importFinished);
        dropFolder(w, dataset);
        QVERIFY(done.wait(20000));
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
    }

    // Writes a scores CSV for every sample (score from `score`) and imports it as the active run.
    template <typename ScoreFn>
    void importScores(MainWindow& w, const QString& name, ScoreFn score) {
        QVector<core::ScoreRecord> records;
        for (const ui::SampleRow& r : w.workspace()->model()->samples()) {
            core::ScoreRecord rec;
            rec.path = r.name;
            rec.split = r.split;
            rec.defect = r.defect;
            rec.score = score(r);
            records << rec;
        }
        const QString in = tmp.filePath(name);
        QString error;
        QVERIFY2(core::writeScoresCsv(in, records, &error), qPrintable(error));
        QVERIFY(w.importScores(in));
        QVERIFY(w.workspace()->activeRunId() > 0);
    }

private Q_SLOTS:
    void initTestCase() {
        testing::isolateAppData(QStringLiteral("tst_mainwindow"));
        dataset = makeDataset(tmp.filePath(QStringLiteral("bottle")));
    }
    void init() { QDir(ui::Workspace::dataFolder()).removeRecursively(); }

    void damagedProjectShowsAnErrorInsteadOfCrashing() {
        const QString path = tmp.filePath(QStringLiteral("damaged.faultline"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, '\x5a'));
        f.close();
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(!w.openProject(path));
        QVERIFY2(w.lastError().contains(path) && w.lastError().contains(QStringLiteral("damaged")), qPrintable(w.lastError()));
        QMessageBox* box = visibleError(w);
        QVERIFY(box);
        QVERIFY(box->text().contains(path));
        QVERIFY(!box->isModal());
        QCOMPARE(static_cast<QStackedWidget*>(w.centralWidget())->currentWidget(), w.welcomePage());
        box->close();
        // The window still works: a good project opens afterwards.
        QVERIFY(w.newProject(tmp.filePath(QStringLiteral("fresh.faultline"))));
        QVERIFY(static_cast<QStackedWidget*>(w.centralWidget())->currentWidget()->isAncestorOf(w.inspectionView()));
    }

    void droppingAFolderImportsIt() {
        MainWindow w;
        w.show();
        importAndWait(w);
        QCOMPARE(w.workspace()->model()->rowCount(), 12);
        QVERIFY(w.workspace()->projectPath().startsWith(ui::Workspace::dataFolder()));
        QCOMPARE(QDir(w.workspace()->store()->datasetRoot()), QDir(dataset));
        QCOMPARE(w.browser()->proxy()->rowCount(), 12);
        QVERIFY(static_cast<QStackedWidget*>(w.centralWidget())->currentWidget()->isAncestorOf(w.inspectionView()));
        QVERIFY(w.browser()->isVisible());
        QVERIFY(!visibleError(w));
    }

    void droppingAMissingFolderReportsIt() {
        MainWindow w;
        w.show();
        QVERIFY(!w.openPath(tmp.filePath(QStringLiteral("no such folder"))));
        QVERIFY(visibleError(w));
    }

    void labellingKeysPersistAndSurviveReopening() {
        QString project;
        QString first, second;
        {
            MainWindow w;
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            importAndWait(w);
            project = w.workspace()->projectPath();
            ui::DatasetBrowser* b = w.browser();
            clickRow(b, 0);
            first = b->proxy()->index(0, 0).data(SampleTableModel::NameRole).toString();
            second = b->proxy()->index(1, 0).data(SampleTableModel::NameRole).toString();
            QTest::keyClick(b->gridView(), Qt::Key_A);   // labels row 0, moves on to row 1
            QCOMPARE(storedLabel(project, first), GroundTruth::Anomalous);
            QCOMPARE(b->currentSourceRow(), b->proxy()->sourceRowAt(1));
            QTest::keyClick(b->gridView(), Qt::Key_N);
            QCOMPARE(storedLabel(project, second), GroundTruth::Normal);
            QTest::keyClick(b->gridView(), Qt::Key_Left);  // arrows move like in any view
            QTest::keyClick(b->gridView(), Qt::Key_Left);
            QCOMPARE(b->currentSourceRow(), b->proxy()->sourceRowAt(0));
        }
        MainWindow again;
        QVERIFY(again.openProject(project));
        const SampleTableModel* model = again.workspace()->model();
        QCOMPARE(model->sampleAt(model->rowForPath(QDir(dataset).filePath(first))).label, GroundTruth::Anomalous);
        QCOMPARE(model->sampleAt(model->rowForPath(QDir(dataset).filePath(second))).label, GroundTruth::Normal);
        // Clear with U, from the table view this time.
        ui::DatasetBrowser* b = again.browser();
        b->setCurrentSourceRow(model->rowForPath(QDir(dataset).filePath(first)));
        QTest::keyClick(b->tableView(), Qt::Key_U);
        QCOMPARE(storedLabel(project, first), GroundTruth::Unknown);
    }

    void undoRestoresTheOldLabelInTheDatabase() {
        MainWindow w;
        w.show();
        importAndWait(w);
        const QString project = w.workspace()->projectPath();
        ui::DatasetBrowser* b = w.browser();
        clickRow(b, 2);
        const QString name = b->proxy()->index(2, 0).data(SampleTableModel::NameRole).toString();
        QTest::keyClick(b->gridView(), Qt::Key_N);
        b->setCurrentSourceRow(b->proxy()->sourceRowAt(2));
        QTest::keyClick(b->gridView(), Qt::Key_A);
        QCOMPARE(storedLabel(project, name), GroundTruth::Anomalous);
        w.undoAction()->trigger();
        QCOMPARE(storedLabel(project, name), GroundTruth::Normal);
        QTest::keySequence(&w, QKeySequence::Undo);
        QCOMPARE(storedLabel(project, name), GroundTruth::Unknown);
        w.redoAction()->trigger();
        QCOMPARE(storedLabel(project, name), GroundTruth::Normal);
    }

    void bulkLabelIsOneUndoStep() {
        MainWindow w;
        w.show();
        importAndWait(w);
        const QString project = w.workspace()->projectPath();
        ui::DatasetBrowser* b = w.browser();
        // In the table, as a person selects a run of rows: click, then shift-click.
        b->viewTabs()->setCurrentWidget(b->tableView());
        QTableView* table = b->tableView();
        const auto rowCentre = [&](int r) { return table->visualRect(b->proxy()->index(r, 0)).center(); };
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rowCentre(1));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ShiftModifier, rowCentre(4));
        QCOMPARE(b->selectedSourceRows().size(), 4);
        QTest::keyClick(table, Qt::Key_A);
        QCOMPARE(w.workspace()->undoStack()->count(), 1);
        for (int r = 1; r <= 4; ++r)
            QCOMPARE(storedLabel(project, b->proxy()->index(r, 0).data(SampleTableModel::NameRole).toString()),
                     GroundTruth::Anomalous);
        w.undoAction()->trigger();
        for (int r = 1; r <= 4; ++r)
            QCOMPARE(storedLabel(project, b->proxy()->index(r, 0).data(SampleTableModel::NameRole).toString()),
                     GroundTruth::Unknown);
    }

    void typingInTheFilterNarrowsTheView() {
        MainWindow w;
        w.show();
        importAndWait(w);
        ui::DatasetBrowser* b = w.browser();
        QTest::keyClicks(b->filterBar()->searchEdit(), QStringLiteral("scratch"));
        QCOMPARE(b->proxy()->rowCount(), 3);
        b->filterBar()->searchEdit()->clear();
        QCOMPARE(b->proxy()->rowCount(), 12);
    }

    // With images and no scores the window says what to do next and opens the training panel;
    // once a run gives the images scores, the banner goes.
    void nextStepBannerGuidesANewcomer() {
        MainWindow w;
        w.show();
        ui::NextStepBanner* banner = w.nextStepBanner();
        QVERIFY(banner && !banner->isVisible());
        importAndWait(w);
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QLatin1String("12 images have no scores yet")), qPrintable(banner->text()));
        w.dock(MainWindow::Panel::Training)->hide();
        QTest::mouseClick(banner->trainButton(), Qt::LeftButton);
        QVERIFY(w.dock(MainWindow::Panel::Training)->isVisible());

        importScores(w, QStringLiteral("banner-scores.csv"), [](const ui::SampleRow&) { return 0.5; });
        QVERIFY(!banner->isVisible());
    }

    // Importing a second dataset opens its own project: the training panel forgets the first
    // project's runs and loss curve (Use selected run used to score the new project with the old
    // model), and reopening the first project brings its stored runs back.
    void secondProjectStartsWithItsOwnRuns() {
        MainWindow w;
        w.show();
        importAndWait(w);
        const QString first = w.workspace()->projectPath();
        core::ProjectStore* store = w.workspace()->store();
        ml::TrainConfig config;
        config.model = QStringLiteral("ae");
        const QString bundle = tmp.filePath(QStringLiteral("first-run.flmodel"));
        config.epochs = 7;
        const qint64 id = store->addRun(ml::trainConfigToJson(config), bundle);
        const QJsonArray history{QJsonObject{{"epoch", 1}, {"trainLoss", 0.4}, {"valLoss", 0.5}, {"seconds", 1.0}},
                                 QJsonObject{{"epoch", 2}, {"trainLoss", 0.2}, {"valLoss", 0.3}, {"seconds", 1.0}}};
        QVERIFY(id > 0 && store->setRunResult(id, QJsonObject{{"ok", true}, {"history", history}}, bundle));
        ui::TrainingPanel* panel = w.trainingPanel();
        ui::TrainingRunRecord shown;
        shown.name = QStringLiteral("run %1").arg(id);
        shown.bundlePath = bundle;
        shown.config = config;
        panel->addRun(shown);
        panel->findChild<ui::LossPlot*>()->addTrainPoint(0, 0.5);
        QCOMPARE(panel->runs().size(), 1);

        const QString second = makeDataset(tmp.filePath(QStringLiteral("second-line")));
        QSignalSpy done(w.workspace(), &ui::Workspace::importFinished);
        QVERIFY(w.importFolder(second));
        QVERIFY(done.wait(20000));
        QVERIFY(w.workspace()->projectPath() != first);
        QVERIFY(panel->runs().isEmpty());
        QCOMPARE(panel->findChild<ui::LossPlot*>()->trainPointCount(), 0);

        QVERIFY(w.openProject(first));
        QCOMPARE(panel->runs().size(), 1);
        QCOMPARE(panel->runs().first().bundlePath, bundle);
        // Where the user left off: the run's settings and its loss curve from the project.
        QCOMPARE(panel->findChild<QSpinBox*>(QStringLiteral("epochs"))->value(), 7);
        QCOMPARE(panel->findChild<ui::LossPlot*>()->validationPointCount(), 2);
    }

    void scoresImportAndVerdictExport() {
        MainWindow w;
        w.show();
        importAndWait(w);
        importScores(w, QStringLiteral("scores.csv"),
                     [](const ui::SampleRow& r) { return r.defect == QLatin1String("scratch") ? 0.9 : 0.1; });
        w.workspace()->model()->setDecisionRule(core::DecisionRule(0.5));
        const QString out = tmp.filePath(QStringLiteral("out/verdicts.csv"));
        QDir().mkpath(QFileInfo(out).absolutePath());
        QVERIFY(w.exportCsv(out));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 13);
        QCOMPARE(lines[0], QByteArray("path,split,defect,label,score,verdict"));
        int fails = 0;
        for (const QByteArray& l : lines.mid(1)) fails += l.endsWith(",fail");
        QCOMPARE(fails, 3);
        // The exported file reads back with the project's own scores reader.
        const core::ScoresReadResult back = core::readScoresCsv(out);
        QVERIFY(back.ok);
        QCOMPARE(back.records.size(), 12);
        QVERIFY(back.problems.isEmpty());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
