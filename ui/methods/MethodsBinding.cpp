#include "ui/methods/MethodsBinding.h"

#include "ui/dataset/SampleTableModel.h"
#include "ui/methods/ComparisonTask.h"
#include "ui/methods/MethodsPanel.h"
#include "ui/window/Workspace.h"

#include <QFileInfo>

namespace faultline::ui {

MethodsBinding::MethodsBinding(Workspace* workspace, MethodsPanel* panel, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_panel(panel) {
    connect(m_panel, &MethodsPanel::compareRequested, this, &MethodsBinding::compare);
    connect(m_panel, &MethodsPanel::cancelRequested, this, &MethodsBinding::cancel);
    connect(m_panel, &MethodsPanel::methodChosen, this, &MethodsBinding::choose);
    connect(&m_task, &BackgroundTaskBase::progress, m_panel, &MethodsPanel::setProgress);
    connect(&m_task, &BackgroundTaskBase::finished, this, &MethodsBinding::compared);
    connect(m_workspace, &Workspace::activeRunChanged, this, &MethodsBinding::activeRunChanged);
    connect(m_workspace, &Workspace::projectClosed, this, [this] {
        m_task.cancel();
        activeRunChanged();
    });
    activeRunChanged();
}

ml::ComparisonOptions MethodsBinding::comparisonOptions(bool everyModel) const {
    ml::ComparisonOptions o;
    o.split = QStringLiteral("all");  // the labelled validation and test images
    o.fprLimit = kFprLimit;
    if (!m_workspace->isOpen()) return o;
    if (everyModel) {
        for (const core::TrainingRun& run : m_workspace->store()->runs()) {
            const QString bundle = run.bundlePath.isEmpty() ? QString() : QFileInfo(run.bundlePath).absoluteFilePath();
            if (!bundle.isEmpty() && QFileInfo::exists(bundle) && !o.bundles.contains(bundle)) o.bundles << bundle;
        }
    } else if (const QString active = m_workspace->activeBundlePath(); !active.isEmpty()) {
        o.bundles << QFileInfo(active).absoluteFilePath();
    }
    for (const SampleRow& r : m_workspace->model()->samples()) {
        core::Sample s = r.sample();
        if (r.label != core::GroundTruth::Unknown) s.truth = r.label;  // the user's word first
        o.samples.push_back(s);
    }
    return o;
}

bool MethodsBinding::compare(bool everyModel) {
    const ml::ComparisonOptions o = comparisonOptions(everyModel);
    if (o.bundles.isEmpty()) {
        const QString why = tr("Nothing to compare: train a model or score with a bundle first.");
        m_panel->setStatus(why);
        Q_EMIT errorOccurred(why);
        return false;
    }
    m_project = m_workspace->projectPath();
    m_panel->setRunning(true);
    m_task.start(&compareInBackground, o);
    return true;
}

void MethodsBinding::compared() {
    m_panel->setRunning(false);
    ml::ComparisonResult result;
    if (m_task.hasResult()) result = m_task.result();
    else result.cancelled = true;
    if (m_workspace->projectPath() != m_project) {
        m_panel->setStatus(tr("The comparison ended after its project was closed; nothing is shown."));
        return;
    }
    activeRunChanged();  // before the result: the outcome is what the status line says last
    m_panel->setResult(result, kFprLimit);
    if (!result.ok && !result.cancelled) Q_EMIT errorOccurred(result.error);
}

void MethodsBinding::activeRunChanged() {
    const QString bundle = m_workspace->activeBundlePath();
    m_panel->setActive(bundle, m_workspace->activeScoreMethod());
    if (!m_task.isRunning())
        m_panel->setAvailable(!bundle.isEmpty() || (m_workspace->isOpen() && !m_workspace->store()->runs().isEmpty()),
                              tr("Train a model or score with a bundle first: the comparison uses its model."));
}

void MethodsBinding::choose(const QString& bundlePath, const QString& method) {
    const qint64 before = m_workspace->activeRunId();
    if (!m_workspace->chooseScoreMethod(bundlePath, method)) {
        Q_EMIT errorOccurred(m_workspace->lastError());
        return;
    }
    if (m_workspace->isScoring())
        Q_EMIT statusMessage(tr("Scoring every sample with %1; the threshold panel follows when it is done…").arg(method));
    else if (m_workspace->activeRunId() != before)
        Q_EMIT statusMessage(tr("Active score: %1 (run %2)").arg(method).arg(m_workspace->activeRunId()));
}

} // namespace faultline::ui
