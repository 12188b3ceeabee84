#include "ui/dataset/SampleTableModel.h"

#include "ui/dataset/ThumbnailCache.h"

#include <QColor>
#include <QIcon>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace faultline::ui {

using core::GroundTruth;

SampleTableModel::SampleTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void SampleTableModel::setSamples(QVector<SampleRow> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    m_rowById.clear();
    m_rowByPath.clear();
    m_rowById.reserve(m_rows.size());
    m_rowByPath.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i) {
        m_rowById.insert(m_rows[i].id, i);
        m_rowByPath.insert(m_rows[i].path, i);
    }
    endResetModel();
}

QVector<SampleRow> SampleTableModel::rowsFromProject(const core::ProjectStore& store, qint64 runId) {
    const QVector<core::ProjectSample> samples = store.samples();
    const QHash<qint64, core::UserLabel> labels = store.labels();
    const QHash<qint64, double> scores = runId > 0 ? store.scores(runId) : QHash<qint64, double>();
    const QHash<qint64, core::TrainingHold> holds = store.holds();
    QHash<qint64, core::SuspectEntry> suspects;
    for (const core::SuspectEntry& e : store.suspects()) suspects.insert(e.sampleId, e);
    QVector<SampleRow> rows;
    rows.reserve(samples.size());
    for (const core::ProjectSample& s : samples) {
        const core::Sample abs = store.toSample(s);
        SampleRow r;
        r.id = s.id;
        r.name = s.relativePath;
        r.path = abs.path;
        r.maskPath = abs.maskPath;
        r.split = s.split;
        r.truth = s.truth;
        r.defect = s.defect;
        const auto label = labels.constFind(s.id);
        if (label != labels.cend()) r.label = label->label;
        const auto score = scores.constFind(s.id);
        if (score != scores.cend()) r.score = *score;
        r.held = holds.contains(s.id);
        if (const auto check = suspects.constFind(s.id); check != suspects.cend()) {
            r.suspectScore = check->score;
            r.suspectPercentile = check->valPercentile;
            r.suspect = check->flagged;
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

void SampleTableModel::setScores(const QHash<qint64, double>& scores) {
    for (SampleRow& r : m_rows) r.score = scores.value(r.id, std::numeric_limits<double>::quiet_NaN());
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                           {Qt::DisplayRole, ScoreRole, VerdictRole, Qt::ForegroundRole});
    Q_EMIT scoresChanged();
}

template <typename Edit>
bool SampleTableModel::editRows(const QVector<int>& rows, Edit edit) {
    int lo = std::numeric_limits<int>::max(), hi = -1;
    for (int row : rows) {
        if (row < 0 || row >= m_rows.size()) continue;
        edit(m_rows[row]);
        lo = std::min(lo, row);
        hi = std::max(hi, row);
    }
    if (hi < 0) return false;
    // One signal for the span: a bulk edit of thousands of rows is one repaint.
    Q_EMIT dataChanged(index(lo, 0), index(hi, ColumnCount - 1));
    return true;
}

void SampleTableModel::setUserLabels(const QVector<int>& rows, GroundTruth label) {
    if (editRows(rows, [label](SampleRow& r) { r.label = label; })) Q_EMIT userLabelsChanged(rows, label);
}

void SampleTableModel::setHeld(const QVector<int>& rows, bool held) {
    if (editRows(rows, [held](SampleRow& r) { r.held = held; })) Q_EMIT heldChanged();
}

void SampleTableModel::setSuspects(const QVector<core::SuspectEntry>& entries) {
    QHash<qint64, const core::SuspectEntry*> byId;
    for (const core::SuspectEntry& e : entries) byId.insert(e.sampleId, &e);
    for (SampleRow& r : m_rows) {
        const core::SuspectEntry* e = byId.value(r.id, nullptr);
        r.suspectScore = e ? e->score : std::numeric_limits<double>::quiet_NaN();
        r.suspectPercentile = e ? e->valPercentile : 0.0;
        r.suspect = e && e->flagged;
    }
    if (!m_rows.isEmpty()) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    Q_EMIT suspectsChanged();
}

int SampleTableModel::heldCount() const {
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const SampleRow& r) { return r.held; }));
}

int SampleTableModel::suspectCount() const {
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const SampleRow& r) { return r.suspect; }));
}

QString SampleTableModel::checkText(const SampleRow& r) {
    if (std::isnan(r.suspectScore)) return r.held ? tr("held for review") : QString();
    const QString percentile = QString::number(100.0 * r.suspectPercentile, 'f', 1);
    if (r.held) return tr("held for review (%1%)").arg(percentile);
    return r.suspect ? tr("suspect (%1%)").arg(percentile) : tr("ok (%1%)").arg(percentile);
}

void SampleTableModel::setDecisionRule(const core::DecisionRule& rule) {
    if (rule == m_rule) return;
    const core::DecisionRule before = m_rule;
    m_rule = rule;
    // Only the rows whose verdict changed, as one span: a drag over 100,000 samples is one
    // signal, and the grid's thumbnail frames (painted from the name column) follow at once.
    int lo = -1, hi = -1;
    for (int i = 0; i < m_rows.size(); ++i) {
        const double score = m_rows[i].score;
        if (before.verdict(score) == m_rule.verdict(score)) continue;
        if (lo < 0) lo = i;
        hi = i;
    }
    if (lo >= 0)
        Q_EMIT dataChanged(index(lo, 0), index(hi, ColumnCount - 1),
                           {Qt::DisplayRole, VerdictRole, Qt::ForegroundRole});
    Q_EMIT decisionRuleChanged();
}

void SampleTableModel::setThumbnailCache(ThumbnailCache* cache) {
    if (m_thumbnails) disconnect(m_thumbnails, nullptr, this, nullptr);
    m_thumbnails = cache;
    if (cache) connect(cache, &ThumbnailCache::thumbnailReady, this, &SampleTableModel::thumbnailReady);
}

void SampleTableModel::thumbnailReady(const QString& path) {
    const int row = rowForPath(path);
    if (row >= 0) Q_EMIT dataChanged(index(row, NameColumn), index(row, NameColumn), {Qt::DecorationRole});
}

int SampleTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int SampleTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString SampleTableModel::verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::Unscored: return QString();
    case Verdict::Pass: return tr("pass");
    case Verdict::Review: return tr("review");
    case Verdict::Fail: return tr("fail");
    }
    return {};
}

QString SampleTableModel::labelName(GroundTruth label) {
    switch (label) {
    case GroundTruth::Normal: return tr("normal");
    case GroundTruth::Anomalous: return tr("anomalous");
    case GroundTruth::Unknown: return QString();
    }
    return {};
}

QVariant SampleTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const SampleRow& r = m_rows[index.row()];
    switch (role) {
    case ScoreRole: return std::isnan(r.score) ? QVariant() : QVariant(r.score);
    case LabelRole: return int(r.label);
    case VerdictRole: return int(m_rule.verdict(r.score));
    case SplitRole: return int(r.split);
    case DefectRole: return r.defect;
    case PathRole: return r.path;
    case TruthRole: return int(r.truth);
    case EffectiveTruthRole: return int(r.label != GroundTruth::Unknown ? r.label : r.truth);
    case SampleIdRole: return r.id;
    case NameRole: return r.name;
    case MaskPathRole: return r.maskPath;
    case HeldRole: return r.held;
    case SuspectRole: return r.suspect;
    case SuspectScoreRole: return std::isnan(r.suspectScore) ? QVariant() : QVariant(r.suspectScore);
    case Qt::DecorationRole:
        if (index.column() == NameColumn && m_thumbnails) {
            // Views ask only for what they paint, so this loads only visible thumbnails.
            // As an icon, so each view draws it at its own icon size (grid cell, table row).
            const QPixmap pm = m_thumbnails->thumbnail(r.path);
            if (!pm.isNull()) return QIcon(pm);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == NameColumn) {
            const QString error = m_thumbnails ? m_thumbnails->errorFor(r.path) : QString();
            return error.isEmpty() ? r.path : r.path + QLatin1Char('\n') + error;
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == ScoreColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == VerdictColumn) {
            const Verdict v = m_rule.verdict(r.score);
            if (v == Verdict::Fail) return QColor(0xd6, 0x3b, 0x2f);
            if (v == Verdict::Review) return QColor(0xc7, 0x8a, 0x00);
            if (v == Verdict::Pass) return QColor(0x2e, 0x8b, 0x57);
        }
        if (index.column() == CheckColumn && (r.suspect || r.held)) return QColor(0xc7, 0x8a, 0x00);
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return r.name;
        case SplitColumn: return core::splitName(r.split);
        case DefectColumn: return r.defect;
        case TruthColumn: return r.truth == GroundTruth::Unknown ? QString() : core::truthName(r.truth);
        case LabelColumn: return labelName(r.label);
        case ScoreColumn: return std::isnan(r.score) ? QString() : QString::number(r.score, 'g', 5);
        case VerdictColumn: return verdictName(m_rule.verdict(r.score));
        case CheckColumn: return checkText(r);
        }
        return {};
    }
    return {};
}

QVariant SampleTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn: return tr("Name");
        case SplitColumn: return tr("Split");
        case DefectColumn: return tr("Defect");
        case TruthColumn: return tr("Ground truth");
        case LabelColumn: return tr("Label");
        case ScoreColumn: return tr("Score");
        case VerdictColumn: return tr("Verdict");
        case CheckColumn: return tr("Training check");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case NameColumn: return tr("Image path relative to the dataset folder");
        case SplitColumn: return tr("Train, validation or test split");
        case DefectColumn: return tr("Defect type from the dataset folders (\"good\" for normal parts)");
        case TruthColumn: return tr("Ground truth from the dataset layout");
        case LabelColumn: return tr("Your label: N normal, A anomalous, U clears");
        case ScoreColumn: return tr("Anomaly score of the active run (higher is more anomalous)");
        case VerdictColumn: return tr("Verdict at the current threshold (score >= threshold fails; with a review "
                                      "band, scores from its lower edge up to the threshold go to review)");
        case CheckColumn: return tr("Training images only. \"suspect\": the training-set check found it less normal than "
                                    "99% of the validation normals (the share in brackets), judged by a model that "
                                    "never saw it. \"held for review\" (key R): left out of the next training run");
        }
    }
    return {};
}

QHash<int, QByteArray> SampleTableModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ScoreRole, "score");
    names.insert(LabelRole, "label");
    names.insert(VerdictRole, "verdict");
    names.insert(SplitRole, "split");
    names.insert(DefectRole, "defect");
    names.insert(PathRole, "path");
    names.insert(TruthRole, "truth");
    names.insert(EffectiveTruthRole, "effectiveTruth");
    names.insert(SampleIdRole, "sampleId");
    names.insert(NameRole, "name");
    names.insert(MaskPathRole, "maskPath");
    names.insert(HeldRole, "held");
    names.insert(SuspectRole, "suspect");
    names.insert(SuspectScoreRole, "suspectScore");
    return names;
}

} // namespace faultline::ui
