#include "ui/threshold/DriftBinding.h"

#include "ui/dataset/SampleTableModel.h"
#include "ui/threshold/DriftView.h"
#include "ui/window/Workspace.h"

#include <cmath>

namespace faultline::ui {

DriftBinding::DriftBinding(Workspace* workspace, DriftView* view, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_view(view) {
    connect(m_workspace, &Workspace::activeRunChanged, this, &DriftBinding::check);
    connect(&m_task, &BackgroundTaskBase::finished, this, &DriftBinding::finished);
}

void DriftBinding::check() {
    DriftCheckInput input;
    input.bundlePath = m_workspace->activeBundlePath();
    for (const SampleRow& row : m_workspace->model()->samples()) {
        if (row.split != core::Split::Test || !std::isfinite(row.score)) continue;
        input.paths << row.path;
        input.scores.push_back(row.score);
    }
    if (m_view) m_view->clear();
    // Scores imported from a CSV have no bundle, hence no reference; an unscored run has no lot.
    if (input.bundlePath.isEmpty() || input.paths.isEmpty()) {
        m_task.cancel();
        return;
    }
    m_task.start(checkLotDrift, input);
}

void DriftBinding::finished() {
    if (!m_task.hasResult() || !m_view) return;  // cancelled before it finished, or no view to show it
    const DriftCheckResult result = m_task.result();
    m_view->setResult(result);
    if (!result.ok) {
        Q_EMIT errorOccurred(result.error);
        return;
    }
    Q_EMIT checked(result.report.drift);
}

} // namespace faultline::ui
