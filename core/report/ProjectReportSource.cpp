#include "core/report/ProjectReportSource.h"

#include "core/project/ProjectStore.h"

#include <QFileInfo>
#include <QJsonArray>

#include <limits>

namespace faultline::core {

namespace {
const QString kActiveRunKey = QStringLiteral("active_run");  // as the workbench writes it
} // namespace

bool reportInputsFromProject(const QString& projectPath, ReportInputs* in, QString* error) {
    if (!QFileInfo::exists(projectPath)) {
        *error = QStringLiteral("%1: no such project file").arg(projectPath);
        return false;
    }
    ProjectStore store;
    if (!store.open(projectPath, ProjectStore::OpenExisting)) {
        *error = store.lastError();
        return false;
    }
    const QVector<TrainingRun> runs = store.runs();
    std::optional<TrainingRun> run = store.run(store.meta(kActiveRunKey).toLongLong());
    for (auto it = runs.crbegin(); !run && it != runs.crend(); ++it)
        if (!store.scores(it->id).isEmpty()) run = *it;
    if (!run) {
        *error = QStringLiteral("%1: the project has no scored run: train or score a model in the workbench first")
                     .arg(projectPath);
        return false;
    }
    const QHash<qint64, double> scores = store.scores(run->id);
    if (scores.isEmpty()) {
        *error = QStringLiteral("%1: run %2 has no scores").arg(projectPath).arg(run->id);
        return false;
    }
    const QHash<qint64, UserLabel> labels = store.labels();
    in->title = QFileInfo(projectPath).completeBaseName();
    in->source = QFileInfo(projectPath).absoluteFilePath();
    in->datasetRoot = store.datasetRoot();
    in->records.clear();
    for (const ProjectSample& s : store.samples()) {
        ScoreRecord r;
        r.path = s.relativePath;
        r.split = s.split;
        r.defect = s.defect;
        const auto label = labels.constFind(s.id);
        r.label = label != labels.cend() && label->label != GroundTruth::Unknown ? label->label : s.truth;
        r.score = scores.value(s.id, std::numeric_limits<double>::quiet_NaN());
        in->records.append(r);
    }
    in->bundlePath = run->bundlePath;
    in->model.append({QStringLiteral("Project run"), QStringLiteral("%1, created %2")
                                                         .arg(run->id).arg(run->created.toString(Qt::ISODate))});
    if (run->config.contains(QStringLiteral("model")) || !run->config.contains(QStringLiteral("source")))
        in->trainConfig = run->config;
    for (const QJsonValue& v : run->result.value(QStringLiteral("history")).toArray()) {
        const QJsonObject e = v.toObject();
        const QJsonValue val = e.value(QStringLiteral("valLoss"));
        in->history.append({e.value(QStringLiteral("epoch")).toInt(), e.value(QStringLiteral("trainLoss")).toDouble(),
                            val.isDouble() ? val.toDouble() : std::numeric_limits<double>::quiet_NaN()});
    }
    if (const auto commit = store.latestThreshold(run->id)) {
        CommittedThreshold t;
        t.value = commit->value;
        t.method = commit->method;
        t.note = commit->note;
        t.author = commit->who;
        t.committed = commit->when.toString(Qt::ISODate);
        t.reviewLow = commit->low;
        t.reviewHigh = commit->high;
        t.source = QStringLiteral("project audit trail: the latest of %1 commit(s) for run %2")
                       .arg(store.thresholds(run->id).size()).arg(run->id);
        in->threshold = t;
    }
    return true;
}

} // namespace faultline::core
