// The lot drift banner in the workbench: a lot of demo fabric normals scored with a model trained
// on other demo normals shows no banner; the same lot 20% darker shows one naming what moved,
// with the two score histograms, and the banner wraps instead of widening the panel.
#include "tests/DemoLot.h"
#include "tests/cli/CliRun.h"
#include "tests/ui/IsolatedAppData.h"
#include "ui/threshold/DriftBinding.h"
#include "ui/threshold/DriftView.h"
#include "ui/threshold/ThresholdPanel.h"
#include "ui/window/MainWindow.h"
#include "ui/window/Workspace.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace faultline;
using ui::MainWindow;

namespace {
constexpr int kSide = 64;  // demo image side in pixels
}

class TestDriftBanner : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_bundle, m_same, m_dark;

    // Opens the lot as a project, scores it with the bundle and waits for the drift check.
    void openScoredLot(MainWindow& w, const QString& lot, bool* drift) {
        QSignalSpy imported(w.workspace(), &ui::Workspace::importFinished);
        QVERIFY(w.openPath(lot));
        QVERIFY(imported.wait(20000));
        QVERIFY2(imported[0][0].toBool(), qPrintable(imported[0][1].toString()));
        QSignalSpy checked(w.driftBinding(), &ui::DriftBinding::checked);
        QSignalSpy scored(w.workspace(), &ui::Workspace::scoringFinished);
        QVERIFY(w.scoreWithBundle(m_bundle));
        QVERIFY(scored.wait(60000));
        QVERIFY2(scored[0][0].toBool(), qPrintable(scored[0][1].toString()));
        QVERIFY(checked.count() == 1 || checked.wait(60000));
        *drift = checked[0][0].toBool();
    }

private Q_SLOTS:
    void initTestCase() {
        testing::isolateAppData(QStringLiteral("tst_driftbanner"));
        const QString set = m_tmp.filePath(QStringLiteral("fabric"));
        QCOMPARE(demolot::writeLot(set + "/train/good", 100, 60, kSide).size(), 60);
        QCOMPARE(demolot::writeLot(set + "/test/good", 900, 4, kSide).size(), 4);
        m_bundle = m_tmp.filePath(QStringLiteral("model.flmodel"));
        const testing::CliRun train = testing::runCli({"train", "--data", set, "--out", m_bundle, "--size", "16",
                                                       "--epochs", "1", "--batch", "16", "--threads", "2", "--device",
                                                       "cpu", "--val-fraction", "0.5"});
        QVERIFY2(train.code == 0, train.err.constData());
        // Lots in the plain layout: every image under unlabeled/ is a test sample of unknown label.
        m_same = m_tmp.filePath(QStringLiteral("lot-same"));
        m_dark = m_tmp.filePath(QStringLiteral("lot-dark"));
        QCOMPARE(demolot::writeLot(m_same + "/unlabeled", 3000, 30, kSide).size(), 30);
        QCOMPARE(demolot::writeLot(m_dark + "/unlabeled", 3000, 30, kSide, 0.8).size(), 30);
    }
    void init() { QDir(ui::Workspace::dataFolder()).removeRecursively(); }

    void unchangedLotShowsNoBanner() {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        bool drift = true;
        openScoredLot(w, m_same, &drift);
        ui::DriftView* view = w.thresholdPanel()->driftView();
        QVERIFY(!drift);
        QVERIFY(view->hasResult());
        QVERIFY(!view->bannerShown());
        QCOMPARE(view->report().find(QStringLiteral("score"))->lotCount, 30);
        QVERIFY(view->findChild<QWidget*>(QStringLiteral("driftPlot"))->isVisibleTo(view));
    }

    void darkerLotShowsTheBanner() {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        ui::ThresholdPanel* panel = w.thresholdPanel();
        const int widthBefore = panel->minimumSizeHint().width();
        bool drift = false;
        openScoredLot(w, m_dark, &drift);
        ui::DriftView* view = panel->driftView();
        QVERIFY(drift);
        QVERIFY(view->bannerShown());
        QVERIFY2(view->bannerText().contains(QStringLiteral("Mean brightness")), qPrintable(view->bannerText()));
        QVERIFY(view->findChild<QWidget*>(QStringLiteral("driftPlot"))->isVisibleTo(view));
        // A long banner wraps: the panel asks for no more width than before it appeared.
        QCOMPARE(panel->minimumSizeHint().width(), widthBefore);
    }
};

QTEST_MAIN(TestDriftBanner)
#include "tst_driftbanner.moc"
