#include "ui/threshold/ThresholdBinding.h"

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
    connect(session, &core::ThresholdSession::thresholdChanged, model, &SampleTableModel::setThreshold);
    connect(session, &core::ThresholdSession::reviewBandChanged, this, [this] {
        const core::ReviewBand band = m_session->reviewBand();
        m_workspace->model()->setReviewBand(m_session->reviewBandEnabled() && band.defined, band.low, band.high);
    });
    connect(session, &core::ThresholdSession::committed, this, &ThresholdBinding::committed);
}

int ThresholdBinding::rowForIndex(int scoreIndex) const {
    return scoreIndex >= 0 && scoreIndex < m_rowOfIndex.size() ? m_rowOfIndex[scoreIndex] : -1;
}

int ThresholdBinding::indexForRow(int row) const {
    return row >= 0 && row < m_indexOfRow.size() ? m_indexOfRow[row] : -1;
}

void ThresholdBinding::rebuild() {
    const SampleTableModel* model = m_workspace->model();
    core::ScoreSet set;
    m_rowOfIndex.clear();
    m_indexOfRow.fill(-1, model->rowCount());
    for (int row = 0; row < model->rowCount(); ++row) {
        const SampleRow& r = model->sampleAt(row);
        // Training images taught the model (their windows are in its memory banks), so their
        // low scores say nothing about how it will do on new parts: they stay out of the metrics.
        if (std::isnan(r.score) || r.split == core::Split::Train) continue;
        m_indexOfRow[row] = int(set.scores.size());
        m_rowOfIndex.push_back(row);
        set.scores.push_back(r.score);
        set.truths.push_back(r.label != GroundTruth::Unknown ? r.label : r.truth);
        set.names << r.name;
        set.defects << r.defect;
        if (r.split == core::Split::Val && r.truth == GroundTruth::Normal) set.calibration.push_back(r.score);
    }
    m_session->setScores(std::move(set));
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
    m_session->setCommittedThreshold(m_lastCommitted);
    m_workspace->model()->setThreshold(m_session->threshold());
}

void ThresholdBinding::labelsChanged(const QVector<int>& rows, GroundTruth label) {
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
