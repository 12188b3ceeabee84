// MainWindow: the docks, their default arrangement, Reset Layout and the saved layout.
#include "ui/window/MainWindow.h"

#include "ui/dataset/DatasetBrowser.h"

#include <QDockWidget>
#include <QGuiApplication>
#include <QLabel>
#include <QScreen>
#include <QSettings>
#include <QTabWidget>

#include <algorithm>

namespace faultline::ui {

namespace {
constexpr int kLayoutVersion = 3;          // saveState() of the layout with the inspection in the centre and four docks
constexpr double kDatasetShare = 0.20;     // of the window width, the browser dock by default
constexpr double kPanelShare = 0.30;       // of the window width, the threshold/training docks
constexpr int kDatasetWidth[] = {250, 520};  // px, the browser dock's default width is clamped to this
constexpr int kPanelWidth[] = {360, 900};    // px, the same for the threshold/training docks
constexpr double kFirstStartShare = 0.9;   // of the screen, the window on first start

const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
}

void MainWindow::createDocks() {
    const struct { Panel panel; QString title; QString name; Qt::DockWidgetArea area; QString tip; } docks[] = {
        {Panel::Dataset, tr("Dataset"), QStringLiteral("datasetDock"), Qt::LeftDockWidgetArea,
         tr("Every sample of the project: thumbnails or table, filters and sort; the current one is inspected")},
        {Panel::Threshold, tr("Threshold"), QStringLiteral("thresholdDock"), Qt::RightDockWidgetArea,
         tr("Score histogram, ROC/PR curves and the confusion matrix at the threshold")},
        {Panel::Training, tr("Training"), QStringLiteral("trainingDock"), Qt::RightDockWidgetArea,
         tr("Train a model on the normal images and follow its loss")},
        {Panel::Methods, tr("Methods"), QStringLiteral("methodsDock"), Qt::RightDockWidgetArea,
         tr("Every score method of the model, compared on the labelled images; click one to make it the active score")},
    };
    for (const auto& d : docks) {
        auto* dock = new QDockWidget(d.title, this);
        dock->setObjectName(d.name);
        dock->setToolTip(d.tip);
        // Movable and closable, never floating by accident: a drag that misses a dock area
        // leaves the dock where it was.
        dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
        auto* placeholder = new QLabel(tr("%1 panel").arg(d.title), dock);
        placeholder->setAlignment(Qt::AlignCenter);
        placeholder->setEnabled(false);
        dock->setWidget(placeholder);
        addDockWidget(d.area, dock);
        m_docks[int(d.panel)] = dock;
    }
    m_docks[int(Panel::Dataset)]->setWidget(m_browser);
    setTabPosition(Qt::AllDockWidgetAreas, QTabWidget::North);  // panel tabs on top, where they are seen
    tabifyDockWidget(m_docks[int(Panel::Threshold)], m_docks[int(Panel::Training)]);
    tabifyDockWidget(m_docks[int(Panel::Training)], m_docks[int(Panel::Methods)]);
    m_docks[int(Panel::Threshold)]->raise();
    m_defaultState = saveState(kLayoutVersion);
}

QDockWidget* MainWindow::dock(Panel panel) const { return m_docks[int(panel)]; }

void MainWindow::setPanel(Panel panel, QWidget* widget) {
    QDockWidget* d = m_docks[int(panel)];
    QWidget* old = d->widget();
    d->setWidget(widget);
    if (old && old != widget) old->deleteLater();
}

void MainWindow::applyDefaultDockSizes() {
    const int w = width();
    const int dataset = std::clamp(int(w * kDatasetShare), kDatasetWidth[0], kDatasetWidth[1]);
    const int panels = std::clamp(int(w * kPanelShare), kPanelWidth[0], kPanelWidth[1]);
    resizeDocks({m_docks[int(Panel::Dataset)], m_docks[int(Panel::Threshold)]}, {dataset, panels}, Qt::Horizontal);
}

void MainWindow::resetLayout() {
    restoreState(m_defaultState, kLayoutVersion);
    for (QDockWidget* d : m_docks) {
        d->setFloating(false);
        d->show();
    }
    m_docks[int(Panel::Threshold)]->raise();
    applyDefaultDockSizes();
}

void MainWindow::restoreWindowLayout() {
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        if (const QScreen* screen = QGuiApplication::primaryScreen()) {
            const QSize available = screen->availableSize();
            resize(int(available.width() * kFirstStartShare), int(available.height() * kFirstStartShare));
        }
    }
    // A layout saved by another version (other docks) is ignored: first-start arrangement.
    m_sizeDocksOnShow = !restoreState(settings.value(kStateKey).toByteArray(), kLayoutVersion);
}

void MainWindow::saveWindowLayout() {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kLayoutVersion));
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (m_sizeDocksOnShow) {
        m_sizeDocksOnShow = false;
        applyDefaultDockSizes();  // now the window has the size it opens with
    }
}

} // namespace faultline::ui
