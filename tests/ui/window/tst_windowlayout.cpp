// The window at laptop and desktop sizes: nothing a person reads or clicks is cut off by the
// window or by its parent, the inspection panes are large enough to see a defect, the window
// asks for no more than 1280x720, the docks resize and stay docked, and View > Reset Layout
// puts them back after they were moved or closed.
#include "core/eval/ScoresCsv.h"
#include "tests/ui/IsolatedAppData.h"
#include "ui/inspection/InspectionView.h"
#include "ui/inspection/PaneSwitcher.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/threshold/ThresholdPanel.h"
#include "ui/training/TrainingPanel.h"
#include "ui/window/MainWindow.h"
#include "ui/window/Workspace.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QComboBox>
#include <QDockWidget>
#include <QGraphicsView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace faultline;
using ui::MainWindow;

namespace {
constexpr int kMinimumPane = 256;  // px, the smallest inspection pane that shows a defect

// MVTec AD layout, 48x48 greys: 8 train normals, 4 test normals, 4 holes with masks.
void makeDataset(const QString& root) {
    const auto write = [&](const QString& rel, int shade) {
        QDir().mkpath(QFileInfo(root + '/' + rel).absolutePath());
        QImage img(48, 48, QImage::Format_Grayscale8);
        img.fill(shade);
        QVERIFY(img.save(root + '/' + rel));
    };
    for (int i = 0; i < 8; ++i) write(QStringLiteral("train/good/%1.png").arg(i, 3, 10, QLatin1Char('0')), 100 + i);
    for (int i = 0; i < 4; ++i) write(QStringLiteral("test/good/%1.png").arg(i, 3, 10, QLatin1Char('0')), 110 + i);
    for (int i = 0; i < 4; ++i) {
        write(QStringLiteral("test/hole/%1.png").arg(i, 3, 10, QLatin1Char('0')), 30);
        write(QStringLiteral("ground_truth/hole/%1_mask.png").arg(i, 3, 10, QLatin1Char('0')), 255);
    }
}

QString describe(const QWidget* w) {
    QString text;
    if (auto* b = qobject_cast<const QAbstractButton*>(w)) text = b->text();
    else if (auto* l = qobject_cast<const QLabel*>(w)) text = l->text().left(40);
    return QStringLiteral("%1 '%2' \"%3\"").arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(), text);
}

bool isChecked(const QWidget* w) {
    return qobject_cast<const QAbstractButton*>(w) || qobject_cast<const QLabel*>(w) ||
           qobject_cast<const QComboBox*>(w) || qobject_cast<const QAbstractSpinBox*>(w) ||
           qobject_cast<const QLineEdit*>(w);
}

// Every visible, enabled control or label whose rectangle is cut by the window or by one of its
// parents. Inside a scroll area only the width counts (scrolling shows the rest of the height);
// item views' own editors and the parts of compound controls are left to their owners.
QStringList clipped(QWidget* window) {
    QStringList out;
    for (QWidget* w : window->findChildren<QWidget*>()) {
        if (!isChecked(w) || !w->isVisible() || !w->isEnabled() || w->window() != window) continue;
        if (w->objectName().startsWith(QLatin1String("qt_dockwidget_"))) continue;  // Qt draws its dock title bars itself
        // A dock behind another dock's tab is kept "visible" but moved out of the window at whatever
        // size it last had: nobody sees it there. It is checked when its own tab is in front.
        bool behindATab = false;
        for (QWidget* p = w; p && !behindATab; p = p->parentWidget())
            if (auto* dock = qobject_cast<QDockWidget*>(p)) behindATab = dock->visibleRegion().isEmpty();
        if (behindATab) continue;
        if (qobject_cast<QAbstractSpinBox*>(w->parentWidget()) || qobject_cast<QComboBox*>(w->parentWidget())) continue;
        bool inItemView = false;
        for (QWidget* p = w->parentWidget(); p; p = p->parentWidget())
            inItemView |= qobject_cast<QAbstractItemView*>(p) != nullptr;
        if (inItemView) continue;
        QRect r(QPoint(0, 0), w->size());
        QWidget* child = w;
        for (QWidget* p = w->parentWidget(); p; child = p, p = p->parentWidget()) {
            r.translate(child->pos());
            const QScrollArea* scroll = qobject_cast<QScrollArea*>(p->parentWidget());
            const bool scrolled = scroll && scroll->viewport() == p;
            const QRect inside = p->rect();
            const bool fits = scrolled ? (r.left() >= inside.left() && r.right() <= inside.right())
                                       : inside.contains(r);
            if (!fits) {
                out << QStringLiteral("%1 at %2,%3 %4x%5 is cut by %6 (%7x%8)")
                           .arg(describe(w)).arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())
                           .arg(describe(p)).arg(inside.width()).arg(inside.height());
                break;
            }
            if (scrolled) break;  // the scroll area itself is checked as a widget of its own
        }
        // A control narrower than it needs cuts its own text ("Export plo").
        if (!qobject_cast<QLabel*>(w) && (w->width() < w->minimumSizeHint().width() ||
                                          w->height() < w->minimumSizeHint().height()))
            out << QStringLiteral("%1 is %2x%3, needs %4x%5").arg(describe(w)).arg(w->width()).arg(w->height())
                       .arg(w->minimumSizeHint().width()).arg(w->minimumSizeHint().height());
    }
    return out;
}

void settle() {
    for (int i = 0; i < 5; ++i) {
        QCoreApplication::processEvents();
        QTest::qWait(50);  // queued replots and the panels' 40 ms refresh timers
    }
}
} // namespace

class TestWindowLayout : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp;
    QString project;

    void openScoredProject(MainWindow& w) {
        QVERIFY(w.openProject(project));
        QVERIFY(w.workspace()->activeRunId() > 0);
        w.browser();
    }

    void showAt(MainWindow& w, const QSize& size) {
        w.resize(size);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        settle();
        QCOMPARE(w.size(), size);
    }

private Q_SLOTS:
    void initTestCase() {
        testing::isolateAppData(QStringLiteral("tst_windowlayout"));
        const QString dataset = tmp.filePath(QStringLiteral("line"));
        makeDataset(dataset);
        // A project with the dataset imported and a scored run, as a person leaves it.
        MainWindow w;
        QSignalSpy done(w.workspace(), &ui::Workspace::importFinished);
        QVERIFY(w.importFolder(dataset));
        QVERIFY(done.wait(20000));
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        QVector<core::ScoreRecord> records;
        for (const ui::SampleRow& r : w.workspace()->model()->samples()) {
            core::ScoreRecord rec;
            rec.path = r.name;
            rec.split = r.split;
            rec.defect = r.defect;
            rec.score = r.defect == QLatin1String("hole") ? 0.8 + 0.01 * rec.path.size() : 0.1 + 0.001 * rec.path.size();
            records << rec;
        }
        const QString csv = tmp.filePath(QStringLiteral("scores.csv"));
        QString error;
        QVERIFY2(core::writeScoresCsv(csv, records, &error), qPrintable(error));
        QVERIFY(w.importScores(csv));
        project = w.workspace()->projectPath();
    }

    void nothingIsCutOff_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x720") << QSize(1280, 720);
        QTest::newRow("1366x768") << QSize(1366, 768);
        QTest::newRow("1920x1080") << QSize(1920, 1080);
    }
    void nothingIsCutOff() {
        QFETCH(QSize, size);
        MainWindow w;
        openScoredProject(w);
        showAt(w, size);
        for (MainWindow::Panel tab : {MainWindow::Panel::Training, MainWindow::Panel::Methods, MainWindow::Panel::Threshold}) {
            w.dock(tab)->raise();
            settle();
            QVERIFY(w.dock(tab)->widget()->isVisible());
            const QStringList cut = clipped(&w);
            QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
        }
    }

    void inspectionPanesAreLarge_data() { nothingIsCutOff_data(); }
    void inspectionPanesAreLarge() {
        QFETCH(QSize, size);
        MainWindow w;
        openScoredProject(w);
        showAt(w, size);
        QTRY_VERIFY(!w.inspectionView()->images().original.empty());
        int shown = 0;
        for (QGraphicsView* pane : w.inspectionView()->findChildren<QGraphicsView*>()) {
            if (!pane->isVisible()) continue;
            ++shown;
            QVERIFY2(pane->width() >= kMinimumPane && pane->height() >= kMinimumPane,
                     qPrintable(QStringLiteral("%1 is %2x%3").arg(pane->objectName()).arg(pane->width()).arg(pane->height())));
        }
        QVERIFY(shown > 0);
        // The large pane takes most of the window's height: the image is what the window is for.
        QVERIFY(w.inspectionView()->pane(ui::InspectionView::Pane::Original)->height() > size.height() / 2);
    }

    void paneSwitcherPutsAViewInTheLargePane() {
        MainWindow w;
        openScoredProject(w);
        showAt(w, QSize(1280, 720));
        ui::InspectionView* view = w.inspectionView();
        QCOMPARE(view->currentPane(), ui::InspectionView::Pane::Original);
        QTest::mouseClick(view->switcher()->button(int(ui::InspectionView::Pane::Heatmap)), Qt::LeftButton);
        QCOMPARE(view->currentPane(), ui::InspectionView::Pane::Heatmap);
        view->pane(ui::InspectionView::Pane::Heatmap)->setFocus();
        QTest::keyClick(view->pane(ui::InspectionView::Pane::Heatmap), Qt::Key_4);
        QCOMPARE(view->currentPane(), ui::InspectionView::Pane::Overlay);
        QVERIFY(view->switcher()->button(int(ui::InspectionView::Pane::Overlay))->isChecked());
    }

    void windowAsksForAtMost1280x720() {
        MainWindow w;
        openScoredProject(w);
        showAt(w, QSize(1280, 720));
        for (MainWindow::Panel tab : {MainWindow::Panel::Training, MainWindow::Panel::Methods, MainWindow::Panel::Threshold}) {
            w.dock(tab)->raise();
            settle();
            const QSize hint = w.minimumSizeHint().expandedTo(w.minimumSize());
            qInfo("minimum size with the %s tab in front: %dx%d", qPrintable(w.dock(tab)->windowTitle()),
                  hint.width(), hint.height());
            QVERIFY2(hint.width() <= 1280 && hint.height() <= 720,
                     qPrintable(QStringLiteral("minimum %1x%2").arg(hint.width()).arg(hint.height())));
        }
    }

    // A long warning in the training panel wraps inside the panel: the window does not grow and
    // the form beside it keeps its fields readable.
    void longWarningWraps() {
        MainWindow w;
        openScoredProject(w);
        showAt(w, QSize(1280, 720));
        w.dock(MainWindow::Panel::Training)->raise();
        auto* banner = w.trainingPanel()->findChild<QLabel*>(QStringLiteral("warningBanner"));
        QVERIFY(banner);
        banner->setText(QStringLiteral("The model reconstructs every image the same way (collapse): the mean of the "
                                       "training images. Its anomaly maps show the image, not its defects. Train "
                                       "again with more epochs, a lower learning rate or the restore model. ").repeated(3));
        banner->show();
        settle();
        QVERIFY(banner->isVisible());
        QCOMPARE(w.size(), QSize(1280, 720));
        QVERIFY(banner->width() <= w.dock(MainWindow::Panel::Training)->width());
        QVERIFY(banner->height() > banner->fontMetrics().height() * 2);  // wrapped onto several lines
        const QSize hint = w.minimumSizeHint();
        QVERIFY2(hint.width() <= 1280 && hint.height() <= 720, qPrintable(QStringLiteral("%1x%2").arg(hint.width()).arg(hint.height())));
        const QStringList cut = clipped(&w);
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
    }

    // The docks are not pinned by their contents: the threshold dock takes half of a
    // 1920-pixel window or a narrow strip, and a drag never floats a dock.
    void docksResizeAndDoNotFloat() {
        MainWindow w;
        openScoredProject(w);
        showAt(w, QSize(1920, 1080));
        QDockWidget* threshold = w.dock(MainWindow::Panel::Threshold);
        for (MainWindow::Panel p : {MainWindow::Panel::Dataset, MainWindow::Panel::Threshold, MainWindow::Panel::Training}) {
            QVERIFY(!w.dock(p)->features().testFlag(QDockWidget::DockWidgetFloatable));
            QVERIFY(w.dock(p)->features().testFlag(QDockWidget::DockWidgetMovable));
        }
        w.resizeDocks({threshold}, {960}, Qt::Horizontal);
        settle();
        QVERIFY2(threshold->width() >= 900, qPrintable(QString::number(threshold->width())));
        w.resizeDocks({threshold}, {380}, Qt::Horizontal);
        settle();
        QVERIFY2(threshold->width() <= 420, qPrintable(QString::number(threshold->width())));
    }

    void resetLayoutRestoresTheDocks() {
        MainWindow w;
        openScoredProject(w);
        showAt(w, QSize(1600, 900));
        QDockWidget* dataset = w.dock(MainWindow::Panel::Dataset);
        QDockWidget* threshold = w.dock(MainWindow::Panel::Threshold);
        QDockWidget* training = w.dock(MainWindow::Panel::Training);
        const int datasetWidth = dataset->width(), thresholdWidth = threshold->width();
        // Moved, closed and floated, as a person can leave them.
        w.addDockWidget(Qt::BottomDockWidgetArea, dataset);
        training->close();
        threshold->setFloating(true);
        settle();
        QCOMPARE(w.dockWidgetArea(dataset), Qt::BottomDockWidgetArea);
        QVERIFY(!training->isVisible());

        w.resetLayoutAction()->trigger();
        settle();
        QCOMPARE(w.dockWidgetArea(dataset), Qt::LeftDockWidgetArea);
        QCOMPARE(w.dockWidgetArea(threshold), Qt::RightDockWidgetArea);
        QCOMPARE(w.dockWidgetArea(training), Qt::RightDockWidgetArea);
        QVERIFY(!threshold->isFloating() && !dataset->isFloating() && !training->isFloating());
        QVERIFY(w.tabifiedDockWidgets(threshold).contains(training));
        QVERIFY(dataset->isVisible() && threshold->isVisible());  // threshold is the tab in front
        QVERIFY(!training->isHidden());
        QVERIFY(qAbs(dataset->width() - datasetWidth) <= 8);
        QVERIFY(qAbs(threshold->width() - thresholdWidth) <= 8);
        QVERIFY(w.inspectionView()->isVisible());
    }
};

QTEST_MAIN(TestWindowLayout)
#include "tst_windowlayout.moc"
