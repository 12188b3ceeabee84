#include "ui/dataset/SampleFilterProxy.h"

#include <cmath>

namespace faultline::ui {

using core::GroundTruth;

SampleFilterProxy::SampleFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
    // Refiltering is explicit (see refilter()): the dynamic mode re-checks every changed row
    // and removes scattered rows one range at a time, which is quadratic over 100,000 rows.
    setDynamicSortFilter(false);
    m_resort.setSingleShot(true);
    m_resort.setInterval(kReviewQueueDelayMs);
    connect(&m_resort, &QTimer::timeout, this, &SampleFilterProxy::refilter);
}

void SampleFilterProxy::setSourceModel(QAbstractItemModel* model) {
    if (m_model) disconnect(m_model, nullptr, this, nullptr);
    m_model = qobject_cast<SampleTableModel*>(model);
    Q_ASSERT_X(m_model || !model, "SampleFilterProxy", "the source must be a SampleTableModel");
    QSortFilterProxyModel::setSourceModel(model);
    if (!m_model) return;
    connect(m_model, &SampleTableModel::decisionRuleChanged, this, &SampleFilterProxy::thresholdMoved);
    connect(m_model, &SampleTableModel::scoresChanged, this, &SampleFilterProxy::refilter);
    connect(m_model, &SampleTableModel::userLabelsChanged, this, [this] {
        if (m_label != LabelFilter::Any || sortColumn() == SampleTableModel::LabelColumn) refilter();
    });
    const auto checkChanged = [this] {
        if (m_check != CheckFilter::Any || sortColumn() == SampleTableModel::CheckColumn) refilter();
    };
    connect(m_model, &SampleTableModel::heldChanged, this, checkChanged);
    connect(m_model, &SampleTableModel::suspectsChanged, this, checkChanged);
}

void SampleFilterProxy::refilter() {
    // One layoutChanged for the whole list instead of a rowsRemoved per scattered range.
    invalidate();
}

void SampleFilterProxy::thresholdMoved() {
    // Verdicts repaint at once (threshold or band); the verdict filter and the review order
    // follow when the drag rests, because refiltering 100,000 rows on every mouse move would stutter.
    if (m_verdict != kAnyVerdict || m_reviewQueue) m_resort.start();
}

void SampleFilterProxy::setSplitFilter(int split) {
    if (split == m_split) return;
    m_split = split;
    refilter();
}

void SampleFilterProxy::setLabelFilter(LabelFilter filter) {
    if (filter == m_label) return;
    m_label = filter;
    refilter();
}

void SampleFilterProxy::setVerdictFilter(int verdict) {
    if (verdict == m_verdict) return;
    m_verdict = verdict;
    refilter();
}

void SampleFilterProxy::setDefectFilter(const QString& defect) {
    if (defect == m_defect) return;
    m_defect = defect;
    refilter();
}

void SampleFilterProxy::setScoreRange(double low, double high) {
    m_scoreLow = low;
    m_scoreHigh = high;
    refilter();
}

void SampleFilterProxy::setTextFilter(const QString& text) {
    if (text == m_text) return;
    m_text = text;
    refilter();
}

void SampleFilterProxy::setCheckFilter(CheckFilter filter) {
    if (filter == m_check) return;
    m_check = filter;
    refilter();
}

void SampleFilterProxy::setReviewQueue(bool on) {
    if (on == m_reviewQueue) return;
    m_reviewQueue = on;
    if (on) sort(SampleTableModel::ScoreColumn, Qt::AscendingOrder);
    invalidate();
}

bool SampleFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (!m_model || sourceParent.isValid()) return true;
    const SampleRow& r = m_model->sampleAt(sourceRow);
    if (m_split != kAnySplit && int(r.split) != m_split) return false;
    switch (m_label) {
    case LabelFilter::Any: break;
    case LabelFilter::Unlabelled: if (r.label != GroundTruth::Unknown) return false; break;
    case LabelFilter::Normal: if (r.label != GroundTruth::Normal) return false; break;
    case LabelFilter::Anomalous: if (r.label != GroundTruth::Anomalous) return false; break;
    case LabelFilter::Labelled: if (r.label == GroundTruth::Unknown) return false; break;
    }
    if (m_verdict != kAnyVerdict && int(m_model->verdictAt(sourceRow)) != m_verdict) return false;
    if (!m_defect.isEmpty() && r.defect != m_defect) return false;
    if (!std::isnan(m_scoreLow) && !(r.score >= m_scoreLow)) return false;   // unscored fails too
    if (!std::isnan(m_scoreHigh) && !(r.score <= m_scoreHigh)) return false;
    if (!m_text.isEmpty() && !r.name.contains(m_text, Qt::CaseInsensitive)) return false;
    if (m_check == CheckFilter::Suspects && (!r.suspect || r.held)) return false;
    if (m_check == CheckFilter::Held && !r.held) return false;
    return true;
}

namespace {
// Unscored samples sort after every scored one, whatever the direction the user picked.
int compareScores(double a, double b, Qt::SortOrder order) {
    const bool na = std::isnan(a), nb = std::isnan(b);
    if (na || nb) return na == nb ? 0 : (na == (order == Qt::AscendingOrder) ? 1 : -1);
    return a < b ? -1 : (a > b ? 1 : 0);
}
} // namespace

bool SampleFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    if (!m_model) return QSortFilterProxyModel::lessThan(left, right);
    const SampleRow& a = m_model->sampleAt(left.row());
    const SampleRow& b = m_model->sampleAt(right.row());
    if (m_reviewQueue) {
        const double t = m_model->threshold();
        const int c = compareScores(std::abs(a.score - t), std::abs(b.score - t), Qt::AscendingOrder);
        return c != 0 ? c < 0 : left.row() < right.row();
    }
    int c = 0;
    switch (left.column()) {
    case SampleTableModel::ScoreColumn:
    case SampleTableModel::VerdictColumn:
        c = compareScores(a.score, b.score, sortOrder());
        break;
    case SampleTableModel::SplitColumn: c = int(a.split) - int(b.split); break;
    case SampleTableModel::DefectColumn: c = a.defect.compare(b.defect); break;
    case SampleTableModel::TruthColumn: c = int(a.truth) - int(b.truth); break;
    case SampleTableModel::LabelColumn: c = int(a.label) - int(b.label); break;
    case SampleTableModel::CheckColumn: c = compareScores(a.suspectScore, b.suspectScore, sortOrder()); break;
    default: c = a.name.compare(b.name, Qt::CaseInsensitive); break;
    }
    return c != 0 ? c < 0 : left.row() < right.row();
}

} // namespace faultline::ui

