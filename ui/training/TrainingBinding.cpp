#include "ui/training/TrainingBinding.h"

#include "core/ml/TrainConfig.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/training/TrainingPanel.h"
#include "ui/window/Workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace faultline::ui {

namespace {
QJsonObject resultToJson(const ml::TrainResult& r) {
    QJsonArray history;
    for (const ml::EpochRecord& e : r.history)
        history.append(QJsonObject{{QStringLiteral("epoch"), e.epoch}, {QStringLiteral("trainLoss"), e.trainLoss},
                                   {QStringLiteral("valLoss"), e.valLoss}, {QStringLiteral("seconds"), e.seconds}});
    return QJsonObject{{QStringLiteral("ok"), r.ok},
                       {QStringLiteral("cancelled"), r.cancelled},
                       {QStringLiteral("error"), r.error},
                       {QStringLiteral("warnings"), QJsonArray::fromStringList(r.warnings)},
                       {QStringLiteral("history"), history},
                       {QStringLiteral("bestEpoch"), r.bestEpoch},
                       {QStringLiteral("bestValLoss"), r.bestValLoss},
                       {QStringLiteral("stoppedEarly"), r.stoppedEarly},
                       {QStringLiteral("trainImages"), r.trainImages},
                       {QStringLiteral("valImages"), r.valImages},
                       {QStringLiteral("device"), r.device},
                       {QStringLiteral("seconds"), r.seconds},
                       {QStringLiteral("imagesPerSecond"), r.imagesPerSecond}};
}

ml::TrainResult resultFromJson(const QJsonObject& o, const QString& bundlePath) {
    ml::TrainResult r;
    r.ok = o.value(QStringLiteral("ok")).toBool() && QFileInfo::exists(bundlePath);
    r.cancelled = o.value(QStringLiteral("cancelled")).toBool();
    r.error = o.value(QStringLiteral("error")).toString();
    for (const QJsonValue& w : o.value(QStringLiteral("warnings")).toArray()) r.warnings << w.toString();
    for (const QJsonValue& v : o.value(QStringLiteral("history")).toArray()) {
        const QJsonObject e = v.toObject();
        r.history.push_back({e.value(QStringLiteral("epoch")).toInt(), e.value(QStringLiteral("trainLoss")).toDouble(),
                             e.value(QStringLiteral("valLoss")).toDouble(), e.value(QStringLiteral("seconds")).toDouble()});
    }
    r.bestEpoch = o.value(QStringLiteral("bestEpoch")).toInt();
    r.bestValLoss = o.value(QStringLiteral("bestValLoss")).toDouble();
    r.trainImages = o.value(QStringLiteral("trainImages")).toInt();
    r.valImages = o.value(QStringLiteral("valImages")).toInt();
    r.device = o.value(QStringLiteral("device")).toString();
    r.seconds = o.value(QStringLiteral("seconds")).toDouble();
    r.imagesPerSecond = o.value(QStringLiteral("imagesPerSecond")).toDouble();
    r.bundlePath = bundlePath;
    return r;
}
} // namespace

TrainingBinding::TrainingBinding(Workspace* workspace, TrainingPanel* panel, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_panel(panel) {
    connect(workspace->model(), &QAbstractItemModel::modelReset, this, &TrainingBinding::projectChanged);
    connect(workspace->model(), &SampleTableModel::heldChanged, this, &TrainingBinding::trainingSetChanged);
    connect(workspace->model(), &SampleTableModel::userLabelsChanged, this, &TrainingBinding::trainingSetChanged);
    connect(panel, &TrainingPanel::runFinished, this, &TrainingBinding::runFinished);
    connect(panel, &TrainingPanel::trainingStarted, this,
            [this] { m_trainingProjectPath = m_workspace->store() ? m_workspace->store()->path() : QString(); });
    connect(panel, &TrainingPanel::activeRunChanged, this, [this](int, const QString& bundlePath) { scoreWith(bundlePath); });
    connect(workspace, &Workspace::taskProgress, this, &TrainingBinding::scoringProgress);
    connect(workspace, &Workspace::scoringFinished, this, &TrainingBinding::scored);
}

QString TrainingBinding::runsDirectoryFor(const QString& projectPath) {
    const QFileInfo info(projectPath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral("-runs"));
}

QVector<core::Sample> TrainingBinding::trainingSet(const SampleTableModel& model, int* heldOut) {
    QVector<core::Sample> samples;
    samples.reserve(model.rowCount());
    int left = 0;
    for (const SampleRow& r : model.samples()) {
        // A training image held for review, or one the user says is defective, is not trained on.
        if (r.split == core::Split::Train && (r.held || r.label == core::GroundTruth::Anomalous)) {
            ++left;
            continue;
        }
        samples.push_back(r.sample());
    }
    if (heldOut) *heldOut = left;
    return samples;
}

void TrainingBinding::trainingSetChanged() {
    if (!m_workspace->store()) return;
    int heldOut = 0;
    const QVector<core::Sample> samples = trainingSet(*m_workspace->model(), &heldOut);
    m_panel->setTrainingSamples(samples, heldOut);
}

void TrainingBinding::projectChanged() {
    const core::ProjectStore* store = m_workspace->store();
    if (!store) return;
    int heldOut = 0;
    const QVector<core::Sample> samples = trainingSet(*m_workspace->model(), &heldOut);
    m_panel->setDataset(store->datasetRoot(), samples);
    m_panel->setTrainingSamples(samples, heldOut);
    m_panel->setRunsDirectory(runsDirectoryFor(store->path()));
    // Everything the panel shows belongs to the open project: another project's runs, loss
    // curve and cancelled state go, and this project's runs come back.
    if (store->path() != m_projectPath) {
        m_projectPath = store->path();
        if (!m_panel->isTraining()) m_panel->clearRuns();
        m_restoredRuns = 0;
    }
    // Runs trained in earlier sessions come back into the list (once per project).
    if (m_restoredRuns > 0 || !m_panel->runs().isEmpty()) return;
    for (const core::TrainingRun& run : store->runs()) {
        if (run.bundlePath.isEmpty() || !run.config.contains(QStringLiteral("model"))) continue;
        TrainingRunRecord record;
        record.name = tr("run %1").arg(run.id);
        record.bundlePath = run.bundlePath;
        record.config = ml::trainConfigFromJson(run.config);
        record.result = resultFromJson(run.result, run.bundlePath);
        m_panel->addRun(record);
        ++m_restoredRuns;
    }
    // Where the user left off: the last run's settings and loss curve.
    if (m_restoredRuns > 0 && !m_panel->isTraining()) {
        m_panel->setConfig(m_panel->runs().last().config);
        m_panel->showRunHistory(int(m_panel->runs().size()) - 1);
    }
}

void TrainingBinding::runFinished(const TrainingRunRecord& run) {
    core::ProjectStore* store = m_workspace->store();
    // Finished and cancelled runs are stored (a cancelled one can be resumed after a restart);
    // failed runs stay in the panel only.
    if (!store || (!run.result.ok && !run.result.cancelled)) return;
    if (!m_trainingProjectPath.isEmpty() && store->path() != m_trainingProjectPath) {
        // Started for a project that is no longer open: not filed under this one.
        Q_EMIT statusMessage(tr("Training for %1 finished after another project was opened; its model is %2 "
                                "(not added to this project)").arg(m_trainingProjectPath, run.bundlePath));
        return;
    }
    // A resumed run continues the stored run of the same bundle: its result is replaced.
    qint64 id = 0;
    if (run.config.resume)
        for (const core::TrainingRun& stored : store->runs())
            if (stored.bundlePath == run.bundlePath) id = stored.id;
    if (id == 0) {
        ml::TrainConfig config = run.config;
        config.resume = false;
        id = store->addRun(ml::trainConfigToJson(config), run.bundlePath);
    }
    if (id == 0 || !store->setRunResult(id, resultToJson(run.result), run.bundlePath)) {
        Q_EMIT errorOccurred(store->lastError());
        return;
    }
    Q_EMIT statusMessage(run.result.cancelled
                             ? tr("Training cancelled: stored as run %1; Resume continues it").arg(id)
                             : tr("Training finished: %1 (stored as run %2)").arg(run.bundlePath).arg(id));
}

void TrainingBinding::scoreWith(const QString& bundlePath) {
    core::ProjectStore* store = m_workspace->store();
    if (!store) return;
    qint64 runId = 0;
    for (const core::TrainingRun& run : store->runs())
        if (run.bundlePath == bundlePath) runId = run.id;
    if (runId == 0) runId = store->addRun(QJsonObject{{QStringLiteral("source"), QStringLiteral("bundle")}}, bundlePath);
    if (runId == 0) {
        m_panel->showScoringFinished(false, store->lastError());
        Q_EMIT errorOccurred(store->lastError());
        return;
    }
    if (!m_workspace->startScoringRun(runId)) {
        m_panel->showScoringFinished(false, m_workspace->lastError());
        return;
    }
    m_scoring = true;
}

void TrainingBinding::scoringProgress(int done, int total) {
    if (m_scoring && m_workspace->isScoring()) m_panel->showScoringProgress(done, total);
}

void TrainingBinding::scored(bool ok, const QString& message) {
    if (!m_scoring) return;   // scoring started from the menu: the status bar reports it
    m_scoring = false;
    m_panel->showScoringFinished(ok, message);
    if (ok) Q_EMIT statusMessage(message);
}

} // namespace faultline::ui
