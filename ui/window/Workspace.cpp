#include "ui/window/Workspace.h"

#include "core/io/OsError.h"
#include "core/io/OutputGuard.h"
#include "core/eval/ScoresCsv.h"
#include "core/ml/ModelBundle.h"
#include "ui/dataset/LabelController.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/dataset/ThumbnailCache.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <cerrno>
#include <cmath>
#include <limits>

namespace faultline::ui {

namespace {
const QString kActiveRunKey = QStringLiteral("active_run");
constexpr char kScoringMethodKey[] = "scoringMethod";  // run result: the score method of its scores

// An export must not land on the model it copies, on the project, or inside the dataset.
QString exportProblem(const core::ProjectStore* store, const QString& bundle, const QString& path) {
    core::OutputGuard guard;
    if (store) {
        guard.addInputTree(store->datasetRoot(), QStringLiteral("the project's dataset folder"));
        guard.addInputFile(store->path(), QStringLiteral("the open project"));
    }
    guard.addInputFile(bundle, QStringLiteral("the run's model bundle"));
    return guard.checkFile(path, QStringLiteral("the export"));
}
} // namespace

Workspace::Workspace(QObject* parent)
    : QObject(parent), m_model(new SampleTableModel(this)), m_undo(new QUndoStack(this)),
      m_labels(new LabelController(m_model, m_undo, this)), m_thumbnails(new ThumbnailCache(kThumbnailSide, this)) {
    m_model->setThumbnailCache(m_thumbnails);
    connect(m_labels, &LabelController::errorOccurred, this, &Workspace::errorOccurred);
    for (BackgroundTaskBase* task : std::initializer_list<BackgroundTaskBase*>{&m_import, &m_scoring, &m_demo, &m_suspectCheck})
        connect(task, &BackgroundTaskBase::progress, this, &Workspace::taskProgress);
    connect(&m_import, &BackgroundTaskBase::finished, this, &Workspace::importDone);
    connect(&m_scoring, &BackgroundTaskBase::finished, this, &Workspace::scoringDone);
    connect(&m_suspectCheck, &BackgroundTaskBase::finished, this, &Workspace::suspectCheckDone);
    connect(&m_demo, &BackgroundTaskBase::finished, this, [this] {
        const DemoTaskResult outcome = m_demo.hasResult() ? m_demo.result() : DemoTaskResult{};
        if (outcome.ok) Q_EMIT demoReady(outcome.folder);
        else Q_EMIT importFinished(false, outcome.error.isEmpty() ? QStringLiteral("demo cancelled") : outcome.error);
    });
}

QString Workspace::demoFolder() { return QDir(dataFolder()).filePath(QStringLiteral("demo")); }

bool Workspace::startDemo() {
    if (isBusy()) return fail(QStringLiteral("another background task is still running"));
    m_demo.start(&generateDemoDataset, demoFolder());
    return true;
}

Workspace::~Workspace() {
    cancelImport();
    waitForImport();
    closeProject();
}

bool Workspace::fail(const QString& message) {
    m_error = message;
    Q_EMIT errorOccurred(message);
    return false;
}

QString Workspace::dataFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
}

QString Workspace::projectPathForFolder(const QString& datasetFolder) {
    QString name = QFileInfo(QDir::cleanPath(datasetFolder)).fileName();
    if (name.isEmpty()) name = QStringLiteral("dataset");
    return QDir(dataFolder()).filePath(QStringLiteral("projects/%1.faultline").arg(name));
}

bool Workspace::openProject(const QString& path) {
    auto store = std::make_unique<core::ProjectStore>();
    if (!store->open(path, core::ProjectStore::OpenExisting)) return fail(store->lastError());
    closeProject();
    m_store = std::move(store);
    m_labels->setStore(m_store.get());
    m_activeRun = m_store->meta(kActiveRunKey).toLongLong();
    reloadModel();
    m_error.clear();
    Q_EMIT projectOpened(m_store->path());
    Q_EMIT activeRunChanged(m_activeRun);
    return true;
}

bool Workspace::createProject(const QString& path) {
    if (QFileInfo::exists(path))
        return fail(QStringLiteral("%1: a file with this name already exists; open it or pick another name").arg(path));
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return fail(QStringLiteral("%1: cannot create the folder").arg(QFileInfo(path).absolutePath()));
    auto store = std::make_unique<core::ProjectStore>();
    if (!store->open(path, core::ProjectStore::CreateIfMissing)) return fail(store->lastError());
    store.reset();
    return openProject(path);
}

void Workspace::closeProject() {
    if (!m_store) return;
    // Background tasks write to this project or carry its sample ids: stop them first.
    cancelImport();
    waitForImport();
    // Commands point at the store: they must go first.
    m_undo->clear();
    m_labels->setStore(nullptr);
    m_model->setSamples({});
    m_thumbnails->clear();
    m_store.reset();
    m_activeRun = 0;
    Q_EMIT projectClosed();
}

void Workspace::reloadModel() {
    m_undo->clear();
    m_thumbnails->clear();
    m_model->setSamples(SampleTableModel::rowsFromProject(*m_store, m_activeRun));
}

bool Workspace::startImport(const QString& folder) {
    if (!m_store) return fail(QStringLiteral("%1: open or create a project before importing a dataset").arg(folder));
    if (isBusy()) return fail(QStringLiteral("%1: another background task is still running").arg(folder));
    m_import.start(&importDataset, QFileInfo(folder).absoluteFilePath(), m_store->path());
    return true;
}

void Workspace::cancelImport() {
    m_import.cancel();
    m_demo.cancel();
    m_scoring.cancel();
    m_suspectCheck.cancel();
}

void Workspace::waitForImport() {
    m_demo.waitForFinished();
    m_import.waitForFinished();
    m_scoring.waitForFinished();
    m_suspectCheck.waitForFinished();
}

QString Workspace::activeBundlePath() const {
    if (!m_store || m_activeRun <= 0) return {};
    const auto run = m_store->run(m_activeRun);
    return run ? run->bundlePath : QString();
}

QString Workspace::activeScoreMethod() const {
    if (!m_store || m_activeRun <= 0) return {};
    const auto run = m_store->run(m_activeRun);
    return run ? run->result.value(QLatin1String(kScoringMethodKey)).toString() : QString();
}

bool Workspace::startScoring(const QString& bundlePath, const QJsonObject& config, const QJsonObject& result,
                             const QString& method) {
    m_scoringConfig = config;
    m_scoringResult = result;
    m_scoringMethod = method;
    return beginScoring(bundlePath, 0);
}

qint64 Workspace::runScoredWith(const QString& bundlePath, const QString& method) const {
    if (!m_store) return 0;
    const QString bundle = QFileInfo(bundlePath).absoluteFilePath();
    qint64 found = 0;
    for (const core::TrainingRun& run : m_store->runs()) {
        if (run.bundlePath.isEmpty() || QFileInfo(run.bundlePath).absoluteFilePath() != bundle) continue;
        if (run.result.value(QLatin1String(kScoringMethodKey)).toString() == method) found = run.id;  // the latest
    }
    return found;
}

bool Workspace::chooseScoreMethod(const QString& bundlePath, const QString& method) {
    if (!m_store) return fail(QStringLiteral("%1: open a project before choosing a score").arg(bundlePath));
    if (const qint64 run = runScoredWith(bundlePath, method); run > 0) {
        if (run == m_activeRun) return true;
        return setActiveRun(run);
    }
    const QJsonObject config{{QStringLiteral("source"), QStringLiteral("score-method")},
                             {QStringLiteral("method"), method},
                             {QStringLiteral("fromRun"), m_activeRun}};
    return startScoring(bundlePath, config, {}, method);
}

bool Workspace::startScoringRun(qint64 runId) {
    std::optional<core::TrainingRun> run;
    if (m_store) run = m_store->run(runId);
    if (!run) return fail(QStringLiteral("run %1: not in the open project").arg(runId));
    if (run->bundlePath.isEmpty()) return fail(QStringLiteral("run %1: it has no model bundle to score with").arg(runId));
    m_scoringConfig = run->config;
    m_scoringResult = run->result;
    m_scoringMethod = run->result.value(QLatin1String(kScoringMethodKey)).toString();  // scored again as before
    return beginScoring(run->bundlePath, runId);
}

bool Workspace::beginScoring(const QString& bundlePath, qint64 intoRun) {
    if (!m_store) return fail(QStringLiteral("%1: open a project before scoring").arg(bundlePath));
    if (isBusy()) return fail(QStringLiteral("%1: wait for the running task to finish").arg(bundlePath));
    ScoringInput input;
    input.bundlePath = QFileInfo(bundlePath).absoluteFilePath();
    input.method = m_scoringMethod;
    for (const SampleRow& r : m_model->samples()) {
        input.ids.push_back(r.id);
        input.paths << r.path;
    }
    if (input.ids.isEmpty()) return fail(QStringLiteral("%1: the project has no samples to score").arg(bundlePath));
    m_scoringBundle = intoRun > 0 ? bundlePath : input.bundlePath;
    m_scoringRun = intoRun;
    m_scoring.start(&scoreDataset, input);
    return true;
}

void Workspace::scoringDone() {
    const ScoringTaskResult outcome = m_scoring.hasResult() ? m_scoring.result() : ScoringTaskResult{};
    if (!outcome.ok) {
        const QString error = outcome.error.isEmpty() ? QStringLiteral("scoring cancelled") : outcome.error;
        m_error = error;
        Q_EMIT scoringFinished(false, error);
        return;
    }
    QJsonObject config = m_scoringConfig;
    if (config.isEmpty()) config.insert(QStringLiteral("source"), QStringLiteral("bundle"));
    QJsonObject result = m_scoringResult;
    result.insert(QStringLiteral("scoringDevice"), outcome.device);
    result.insert(QStringLiteral("scoringSeconds"), outcome.seconds);
    result.insert(QLatin1String(kScoringMethodKey), outcome.method);
    result.insert(QStringLiteral("scored"), int(outcome.scores.size()));
    result.insert(QStringLiteral("failed"), int(outcome.failures.size()));
    qint64 run = m_scoringRun;
    if (run > 0) {
        if (!m_store || !m_store->setRunResult(run, result, m_scoringBundle) || !m_store->setScores(run, outcome.scores)) {
            fail(m_store ? m_store->lastError() : QStringLiteral("no project is open"));
            Q_EMIT scoringFinished(false, m_error);
            return;
        }
        setActiveRun(run);
    } else {
        run = addScoredRun(config, result, m_scoringBundle, outcome.scores);
    }
    if (run == 0) {
        Q_EMIT scoringFinished(false, m_error);
        return;
    }
    if (m_scoringRun == 0) {
        // A model from outside the project, or another score of one inside it: on the record,
        // with what identifies the file.
        const bool choice = config.value(QStringLiteral("source")).toString() == QLatin1String("score-method");
        core::AuditEvent event;
        event.kind = choice ? QStringLiteral("score-method") : QStringLiteral("model-import");
        event.runId = run;
        event.detail = choice ? QStringLiteral("%1 scored with %2 (SHA-256 %3)").arg(m_scoringBundle, outcome.method, outcome.bundleSha256)
                              : QStringLiteral("%1 (SHA-256 %2)").arg(m_scoringBundle, outcome.bundleSha256);
        if (m_store->recordEvent(event) == 0) fail(m_store->lastError());
    }
    // One count throughout: the progress bar's total is scored + failed.
    const qint64 total = outcome.scores.size() + outcome.failures.size();
    QString message = QStringLiteral("Scored %L1 of %L2 images in %3 s on %4 (run %5)")
                          .arg(outcome.scores.size()).arg(total).arg(outcome.seconds, 0, 'f', 1).arg(outcome.device).arg(run);
    if (!outcome.failures.isEmpty())
        message += QStringLiteral("; %L1 could not be scored, e.g. %2").arg(outcome.failures.size()).arg(outcome.failures.first());
    Q_EMIT scoringFinished(true, message);
}

bool Workspace::startSuspectCheck() {
    if (!m_store) return fail(QStringLiteral("open a project before checking its training set"));
    const QString bundle = activeBundlePath();
    if (bundle.isEmpty()) return fail(QStringLiteral("train or choose a run first: the training-set check uses its model"));
    if (isBusy()) return fail(QStringLiteral("%1: wait for the running task to finish").arg(bundle));
    SuspectCheckInput input;
    input.bundlePath = bundle;
    input.runId = m_activeRun;
    for (const SampleRow& r : m_model->samples()) {
        if (r.split != core::Split::Train) continue;
        input.ids.push_back(r.id);
        input.paths << r.path;
    }
    if (input.ids.isEmpty()) return fail(QStringLiteral("the project has no training images to check"));
    m_suspectProject = m_store->path();
    m_suspectCheck.start(&checkTrainingSet, input);
    return true;
}

void Workspace::suspectCheckDone() {
    SuspectCheckResult outcome = m_suspectCheck.hasResult() ? m_suspectCheck.result() : SuspectCheckResult{};
    if (!outcome.ok) {
        if (outcome.error.isEmpty()) outcome.error = QStringLiteral("the training-set check was cancelled; nothing was changed");
        m_error = outcome.error;
        Q_EMIT suspectCheckFinished(false, outcome.error, 0);
        return;
    }
    if (!m_store || m_store->path() != m_suspectProject) {
        fail(QStringLiteral("the training-set check of %1 ended after that project was closed; nothing was stored")
                 .arg(m_suspectProject));
        Q_EMIT suspectCheckFinished(false, m_error, 0);
        return;
    }
    if (!m_store->setSuspects(outcome.runId, outcome.entries)) {
        fail(m_store->lastError());
        Q_EMIT suspectCheckFinished(false, m_error, 0);
        return;
    }
    m_model->setSuspects(outcome.entries);
    QString message = QStringLiteral("Training-set check (run %1, %2-fold leave-out, %3 s): %L4 of %L5 training images look "
                                     "less normal than 99% of the validation normals")
                          .arg(outcome.runId).arg(outcome.folds).arg(outcome.seconds, 0, 'f', 1)
                          .arg(outcome.flagged).arg(outcome.entries.size());
    if (!outcome.problems.isEmpty())
        message += QStringLiteral("; %L1 could not be read, e.g. %2").arg(outcome.problems.size()).arg(outcome.problems.first());
    Q_EMIT suspectCheckFinished(true, message, outcome.flagged);
}

void Workspace::importDone() {
    m_lastImport = m_import.hasResult() ? m_import.result() : ImportResult{};
    if (!m_import.hasResult()) {
        m_lastImport.cancelled = true;
        m_lastImport.error = QStringLiteral("import cancelled; the project was not changed");
    }
    if (!m_lastImport.ok) {
        m_error = m_lastImport.error;
        Q_EMIT importFinished(false, m_lastImport.error);
        return;
    }
    if (m_store) reloadModel();
    QString message = QStringLiteral("Imported %L1 images from %2").arg(m_lastImport.samples).arg(m_lastImport.root);
    if (!m_lastImport.problems.isEmpty())
        message += QStringLiteral(" (%L1 files left out)").arg(m_lastImport.problems.size());
    Q_EMIT importFinished(true, message);
}

bool Workspace::setActiveRun(qint64 runId) {
    if (!m_store) return false;
    if (!m_store->setMeta(kActiveRunKey, QString::number(runId))) return fail(m_store->lastError());
    m_activeRun = runId;
    m_model->setScores(runId > 0 ? m_store->scores(runId) : QHash<qint64, double>());
    Q_EMIT activeRunChanged(runId);
    return true;
}

qint64 Workspace::addScoredRun(const QJsonObject& config, const QJsonObject& result, const QString& bundlePath,
                               const QVector<core::RunScore>& scores) {
    if (!m_store) { fail(QStringLiteral("no project is open")); return 0; }
    const qint64 run = m_store->addRun(config, bundlePath);
    if (run == 0 || !m_store->setRunResult(run, result, bundlePath) || !m_store->setScores(run, scores)) {
        fail(m_store->lastError());
        return 0;
    }
    setActiveRun(run);
    return run;
}

qint64 Workspace::importScoresCsv(const QString& csvPath, int* unmatched) {
    if (!m_store) { fail(QStringLiteral("%1: open a project first").arg(csvPath)); return 0; }
    const core::ScoresReadResult csv = core::readScoresCsv(csvPath);
    if (!csv.ok) { fail(csv.error); return 0; }
    QHash<QString, qint64> idByPath;
    for (const SampleRow& r : m_model->samples()) idByPath.insert(r.name, r.id);
    QVector<core::RunScore> scores;
    int missing = 0;
    for (const core::ScoreRecord& rec : csv.records) {
        const auto it = idByPath.constFind(rec.path);
        if (it == idByPath.cend()) { ++missing; continue; }
        scores.push_back({*it, rec.score});
    }
    if (unmatched) *unmatched = missing;
    if (scores.isEmpty()) {
        fail(QStringLiteral("%1: none of its %2 rows names an image of this project's dataset")
                 .arg(csvPath).arg(csv.records.size()));
        return 0;
    }
    const QJsonObject config{{QStringLiteral("source"), QStringLiteral("scores-csv")},
                             {QStringLiteral("file"), QFileInfo(csvPath).absoluteFilePath()}};
    const QJsonObject result{{QStringLiteral("rows"), int(csv.records.size())},
                             {QStringLiteral("matched"), int(scores.size())},
                             {QStringLiteral("badRows"), int(csv.problems.size())}};
    return addScoredRun(config, result, QString(), scores);
}

bool Workspace::exportCsv(const QString& path, int* written) {
    if (const QString bad = exportProblem(m_store.get(), activeBundlePath(), path); !bad.isEmpty()) return fail(bad);
    QSaveFile file(path);
    errno = 0;
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text | QIODevice::Unbuffered))
        return fail(QStringLiteral("%1: cannot write: %2").arg(path, core::fileFailureReason(file, errno)));
    QByteArray out = "path,split,defect,label,score,verdict\n";
    int rows = 0;
    const auto quoted = [](const QString& s) {
        if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n'))) return s;
        return QLatin1Char('"') + QString(s).replace(QLatin1Char('"'), QLatin1String("\"\"")) + QLatin1Char('"');
    };
    for (int i = 0; i < m_model->rowCount(); ++i) {
        const SampleRow& r = m_model->sampleAt(i);
        if (std::isnan(r.score)) continue;
        const core::GroundTruth truth = r.label != core::GroundTruth::Unknown ? r.label : r.truth;
        out += QStringList{quoted(r.name), core::splitName(r.split), quoted(r.defect), core::labelText(truth),
                           QString::number(r.score, 'g', 17),
                           core::verdictName(m_model->verdictAt(i))}.join(QLatin1Char(',')).toUtf8();
        out += '\n';
        ++rows;
    }
    errno = 0;
    if (file.write(out) != out.size() || !file.commit())
        return fail(QStringLiteral("%1: write failed: %2").arg(path, core::fileFailureReason(file, errno)));
    if (written) *written = rows;
    return true;
}

bool Workspace::exportModelBundle(const QString& path) {
    if (!m_store || m_activeRun <= 0)
        return fail(QStringLiteral("%1: no active run to export: score the samples with a model first").arg(path));
    const QString source = activeBundlePath();
    if (source.isEmpty())
        return fail(QStringLiteral("%1: run %2 has no model bundle (its scores were imported from a CSV)")
                        .arg(path).arg(m_activeRun));
    const auto commit = m_store->latestThreshold(m_activeRun);
    if (!commit)
        return fail(QStringLiteral("%1: run %2 has no committed threshold: commit one in the threshold panel first")
                        .arg(path).arg(m_activeRun));
    if (const QString bad = exportProblem(m_store.get(), source, path); !bad.isEmpty()) return fail(bad);
    ml::BundleMetadata metadata;
    ml::BundleCalibration calibration;
    QString error;
    if (!ml::ModelBundle::loadHeader(source, &metadata, &calibration, &error)) return fail(error);
    calibration.threshold = commit->value;
    // The threshold applies to the method the run was scored with (runs from before methods
    // were recorded were scored with the bundle's default).
    const QString method = activeScoreMethod();
    calibration.thresholdMethod = method.isEmpty() ? metadata.defaultScore : method;
    calibration.thresholdSource = commit->method;
    calibration.reviewLow = commit->low ? *commit->low : std::numeric_limits<double>::quiet_NaN();
    calibration.reviewHigh = commit->high ? *commit->high : std::numeric_limits<double>::quiet_NaN();
    calibration.thresholdNote = commit->note;
    calibration.thresholdCommitted = commit->when.toUTC().toString(Qt::ISODate);
    if (!ml::ModelBundle::copyWithCalibration(source, path, calibration, &error)) return fail(error);
    return true;
}

} // namespace faultline::ui
