#include "ui/threshold/ThresholdBinding.h"

#include "core/eval/EvaluationSet.h"
#include "core/threshold/ThresholdMethods.h"
#include "core/threshold/ThresholdSession.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/window/Workspace.h"

#include <cmath>
#include <limits>

namespace faultline::ui {

using core::GroundTruth;

ThresholdBinding::ThresholdBinding(Workspace* workspace, core::ThresholdSession* session, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_session(session),
      m_lastCommitted(std::numeric_limits<double>::quiet_NaN()) {
    SampleTableModel* model = workspace->model();
    connect(model, &QAbstractItemModel::modelReset, this, &ThresholdBinding::rebuild);
    connect(model, &SampleTableModel::scoresChanged, this, &ThresholdBinding::rebuild);
    connect(model, &SampleTableModel::userLabelsChanged, this, &ThresholdBinding::labelsChanged);
    const auto followRule = [this] { m_workspace->model()->setDecisionRule(m_session->decisionRule()); };
    connect(session, &core::ThresholdSession::thresholdChanged, this, followRule);
    connect(session, &core::ThresholdSession::reviewBandChanged, this, followRule);
    connect(session, &core::ThresholdSession::committed, this, &ThresholdBinding::committed);
}

int ThresholdBinding::rowForIndex(int scoreIndex) const {
    return scoreIndex >= 0 && scoreIndex < m_rowOfIndex.size() ? m_rowOfIndex[scoreIndex] : -1;
}

int ThresholdBinding::indexForRow(int row) const {
    return row >= 0 && row < m_indexOfRow.size() ? m_indexOfRow[row] : -1;
}

void ThresholdBinding::updateSession() {
    const SampleTableModel* model = m_workspace->model();
    QVector<core::ScoreRecord> records;
    records.reserve(model->rowCount());
    for (const SampleRow& r : model->samples()) {
        core::ScoreRecord rec;
        rec.path = r.name;
        rec.split = r.split;
        rec.defect = r.defect;
        rec.label = r.label != GroundTruth::Unknown ? r.label : r.truth;
        rec.score = r.score;  // NaN when unscored: left out
        records.push_back(std::move(rec));
    }
    core::EvaluationSet set = core::buildEvaluationSet(records);
    m_rowOfIndex = set.judgedRows;
    m_indexOfRow.fill(-1, model->rowCount());
    for (int i = 0; i < m_rowOfIndex.size(); ++i) m_indexOfRow[m_rowOfIndex[i]] = i;
    m_session->setScores(std::move(set.judged));
}

void ThresholdBinding::rebuild() {
    updateSession();
    // The last committed threshold of this run is where the user left off.
    m_lastCommitted = std::numeric_limits<double>::quiet_NaN();
    const core::ProjectStore* store = m_workspace->store();
    if (store && m_workspace->activeRunId() > 0) {
        if (const auto last = store->latestThreshold(m_workspace->activeRunId())) {
            m_lastCommitted = last->value;
            m_session->setThreshold(last->value);
            if (last->low && last->high) m_session->setReviewBand(*last->low, *last->high, /*enabled=*/true);
        }
    }
    if (std::isnan(m_lastCommitted)) applyDefaultThreshold();
    m_session->setCommittedThreshold(m_lastCommitted);
    m_workspace->model()->setDecisionRule(m_session->decisionRule());
}

void ThresholdBinding::applyDefaultThreshold() {
    const std::vector<double>& normals = m_session->scores().calibration;
    if (m_session->sampleCount() == 0 || normals.empty()) return;
    core::ThresholdSpec spec;  // percentile:99
    spec.method = core::ThresholdMethod::Percentile;
    spec.argument = 99.0;
    core::ThresholdInputs inputs;
    inputs.normalValidation = normals;
    const core::ThresholdResult r = core::computeThreshold(spec, inputs);
    if (!r.defined) return;
    m_session->setThreshold(r.value);
    Q_EMIT defaultThresholdApplied(
        tr("<b>99th percentile of the validation normals</b> = %1, set because this run has no committed "
           "threshold yet: %2 Choose another method or drag the line, then commit.")
            .arg(QString::number(r.value, 'g', 4), r.explanation.toHtmlEscaped()));
}

void ThresholdBinding::labelsChanged(const QVector<int>& rows, GroundTruth label) {
    const SampleTableModel* model = m_workspace->model();
    for (int row : rows) {
        // A validation label moves the sample in or out of the calibration set.
        if (row >= 0 && row < model->rowCount() && model->sampleAt(row).split == core::Split::Val
            && !std::isnan(model->sampleAt(row).score)) {
            updateSession();
            return;
        }
    }
    // A cleared label falls back to the dataset's truth, which may differ per row.
    QVector<int> byTruth[3];
    for (int row : rows) {
        const int index = indexForRow(row);
        if (index < 0) continue;
        const GroundTruth truth = label != GroundTruth::Unknown ? label : m_workspace->model()->sampleAt(row).truth;
        byTruth[int(truth)].push_back(index);
    }
    for (int t = 0; t < 3; ++t)
        if (!byTruth[t].isEmpty()) m_session->setTruths(byTruth[t], GroundTruth(t));
}

void ThresholdBinding::committed(double value, const QString& note) {
    core::ProjectStore* store = m_workspace->store();
    QString error;
    if (!store || m_workspace->activeRunId() <= 0) {
        error = tr("Commit a threshold after scoring: there is no active run to attach it to.");
    } else {
        core::ThresholdCommit commit;
        commit.runId = m_workspace->activeRunId();
        commit.value = value;
        const core::ReviewBand band = m_session->reviewBand();
        if (m_session->reviewBandEnabled() && band.defined) {
            commit.low = band.low;
            commit.high = band.high;
        }
        commit.method = QStringLiteral("manual");
        commit.note = note;
        if (store->commitThreshold(commit) == 0) error = store->lastError();
    }
    if (!error.isEmpty()) {
        m_session->setCommittedThreshold(m_lastCommitted);
        Q_EMIT errorOccurred(error);
        return;
    }
    m_lastCommitted = value;
}

} // namespace faultline::ui
