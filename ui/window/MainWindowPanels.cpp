// MainWindow: the panels (docks and the central inspection) and how they follow the project.
#include "ui/window/MainWindow.h"

#include "core/threshold/ThresholdSession.h"
#include "ui/dataset/DatasetBrowser.h"
#include "ui/dataset/SampleFilterProxy.h"
#include "ui/inspection/InspectionLoader.h"
#include "ui/inspection/InspectionView.h"
#include "ui/methods/MethodsBinding.h"
#include "ui/methods/MethodsPanel.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/threshold/DriftBinding.h"
#include "ui/threshold/ThresholdBinding.h"
#include "ui/threshold/ThresholdPanel.h"
#include "ui/training/TrainingBinding.h"
#include "ui/training/TrainingPanel.h"
#include "ui/window/Workspace.h"

namespace faultline::ui {

void MainWindow::createPanels() {
    m_session = new core::ThresholdSession(this);
    m_binding = new ThresholdBinding(m_workspace, m_session, this);
    m_thresholdPanel = new ThresholdPanel(m_session);
    m_thresholdPanel->setUndoStack(m_workspace->undoStack());   // threshold moves undo like labels
    setPanel(Panel::Threshold, m_thresholdPanel);
    connect(m_binding, &ThresholdBinding::errorOccurred, this, &MainWindow::showError);
    connect(m_binding, &ThresholdBinding::defaultThresholdApplied, m_thresholdPanel, &ThresholdPanel::showMethodExplanation);
    // A lot that drifted from the bundle's validation normals gets a banner above the plots.
    m_driftBinding = new DriftBinding(m_workspace, m_thresholdPanel->driftView(), this);
    connect(m_driftBinding, &DriftBinding::errorOccurred, this, &MainWindow::showStatus);
    connect(m_thresholdPanel, &ThresholdPanel::sampleActivated, this,
            [this](int index) { m_browser->setCurrentSourceRow(m_binding->rowForIndex(index)); });

    // The panel asks the workspace to score (through its binding); the threshold binding above
    // feeds the session from the model, so labels and verdicts stay in one place.
    m_trainingPanel = new TrainingPanel;
    setPanel(Panel::Training, m_trainingPanel);
    m_trainingBinding = new TrainingBinding(m_workspace, m_trainingPanel, this);
    connect(m_trainingBinding, &TrainingBinding::errorOccurred, this, &MainWindow::showError);
    connect(m_trainingBinding, &TrainingBinding::statusMessage, this, &MainWindow::showStatus);

    // Every score of the model side by side; a row clicked becomes the active score through
    // the workspace, and the threshold binding and the inspection follow the active run.
    m_methodsPanel = new MethodsPanel;
    setPanel(Panel::Methods, m_methodsPanel);
    m_methodsBinding = new MethodsBinding(m_workspace, m_methodsPanel, this);
    connect(m_methodsBinding, &MethodsBinding::errorOccurred, this, &MainWindow::showError);
    connect(m_methodsBinding, &MethodsBinding::statusMessage, this, &MainWindow::showStatus);

    // The inspection view itself is the central widget (made with the window).
    m_inspectionLoader = new InspectionLoader(this);
    connect(m_browser, &DatasetBrowser::currentSampleChanged, this, &MainWindow::showSample);
    connect(m_inspectionLoader, &InspectionLoader::loaded, m_inspection, &InspectionView::setImages);
    connect(m_inspectionLoader, &InspectionLoader::previewReady, m_inspection, &InspectionView::setImages);
    connect(m_inspectionLoader, &InspectionLoader::mapScaleReady, m_inspection, &InspectionView::setMapScale);
    connect(m_inspection, &InspectionView::nextRequested, this, [this] { m_browser->moveCurrent(+1); });
    connect(m_inspection, &InspectionView::previousRequested, this, [this] { m_browser->moveCurrent(-1); });
    connect(m_workspace, &Workspace::activeRunChanged, this, &MainWindow::activeRunChanged);
}

void MainWindow::activeRunChanged() {
    // The binding has already followed the model's new scores; the inspection needs the bundle.
    m_inspectionLoader->setBundle(m_workspace->activeBundlePath(), m_workspace->model()->samples(),
                                  m_workspace->activeScoreMethod());
    showSample(m_browser->currentSourceRow());
}

void MainWindow::showSample(int sourceRow) {
    if (sourceRow < 0 || sourceRow >= m_workspace->model()->rowCount()) {
        m_inspection->clear();
        return;
    }
    const SampleTableModel* model = m_workspace->model();
    const SampleRow row = model->sampleAt(sourceRow);
    m_inspectionLoader->request(row.sample(), row.name);
    // The samples J/K (or the arrows) go to next, in the browser's current order.
    QVector<QPair<core::Sample, QString>> neighbours;
    const SampleFilterProxy* proxy = m_browser->proxy();
    const QModelIndex at = proxy->mapFromSource(model->index(sourceRow, 0));
    if (at.isValid())
        for (int step : {1, -1, 2}) {
            const int r = at.row() + step;
            if (r < 0 || r >= proxy->rowCount()) continue;
            const SampleRow& n = model->sampleAt(proxy->sourceRowAt(r));
            neighbours.push_back({n.sample(), n.name});
        }
    m_inspectionLoader->prefetch(neighbours);
}

bool MainWindow::scoreWithBundle(const QString& bundlePath) {
    if (!m_workspace->startScoring(bundlePath)) return false;
    showStatus(tr("Scoring the dataset with %1…").arg(bundlePath));
    return true;
}

} // namespace faultline::ui
