#include "ui/methods/MethodTableModel.h"

#include <QFileInfo>
#include <QFont>

#include <cmath>
#include <limits>

namespace faultline::ui {

namespace {

QString number(double v) { return QString::number(v, 'f', 3); }

QString withInterval(const core::RateInterval& r) {
    if (!r.defined) return QStringLiteral("–");
    if (!std::isfinite(r.low) || !std::isfinite(r.high)) return number(r.estimate);
    return QStringLiteral("%1 [%2–%3]").arg(number(r.estimate), number(r.low), number(r.high));
}

// Undefined metrics sort below every defined one, so sorting best first (descending, the
// panel's default) never puts a method without a figure on top.
QVariant sortValue(const core::RateInterval& r) {
    return r.defined ? QVariant(r.estimate) : QVariant(-std::numeric_limits<double>::infinity());
}

const core::RateInterval* imageMetric(const ml::ComparisonRow& row, int column) {
    switch (column) {
    case MethodTableModel::ImageAuroc: return &row.image.auroc;
    case MethodTableModel::AveragePrecision: return &row.image.averagePrecision;
    case MethodTableModel::F1Max: return &row.image.f1Max;
    case MethodTableModel::RecallAtFpr: return &row.image.recallAtFpr;
    default: return nullptr;
    }
}

} // namespace

void MethodTableModel::setRows(const QVector<ml::ComparisonRow>& rows, double fprLimit) {
    beginResetModel();
    m_rows = rows;
    m_fprLimit = fprLimit;
    // Once here, not in data(): the font of every painted cell asks whether its row is active.
    m_rowBundles.clear();
    for (const ml::ComparisonRow& row : m_rows) m_rowBundles << QFileInfo(row.bundle).absoluteFilePath();
    endResetModel();
}

void MethodTableModel::clear() { setRows({}, m_fprLimit); }

void MethodTableModel::setActive(const QString& bundlePath, const QString& method) {
    m_activeBundle = bundlePath.isEmpty() ? QString() : QFileInfo(bundlePath).absoluteFilePath();
    m_activeMethod = method;
    if (!m_rows.isEmpty()) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::FontRole});
}

bool MethodTableModel::isActive(int row) const {
    if (m_activeBundle.isEmpty() || m_rowBundles[row] != m_activeBundle) return false;
    const ml::ComparisonRow& r = m_rows[row];
    return m_activeMethod.isEmpty() ? r.isDefault : r.method == m_activeMethod;
}

int MethodTableModel::activeRow() const {
    for (int i = 0; i < m_rows.size(); ++i)
        if (isActive(i)) return i;
    return -1;
}

int MethodTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int MethodTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant MethodTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size()) return {};
    const ml::ComparisonRow& row = m_rows[index.row()];
    const int c = index.column();
    if (role == BundleRole) return row.bundle;
    if (role == MethodRole) return row.method;
    if (role == Qt::FontRole && isActive(index.row())) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::TextAlignmentRole && c >= ImageAuroc) return int(Qt::AlignRight | Qt::AlignVCenter);
    if (const core::RateInterval* metric = imageMetric(row, c)) {
        if (role == Qt::DisplayRole) return withInterval(*metric);
        if (role == SortRole) return sortValue(*metric);
        if (role == Qt::ToolTipRole && !metric->note.isEmpty()) return metric->note;
        return {};
    }
    switch (c) {
    case Model:
        if (role == Qt::DisplayRole) return QStringLiteral("%1 (%2)").arg(row.model, QFileInfo(row.bundle).completeBaseName());
        if (role == SortRole) return row.bundle;
        if (role == Qt::ToolTipRole) return row.bundle;
        return {};
    case Method:
        if (role == Qt::DisplayRole) return row.isDefault ? tr("%1 (default)").arg(row.method) : row.method;
        if (role == SortRole) return row.method;
        if (role == Qt::ToolTipRole)
            return tr("%1 images judged, %2 of them anomalous").arg(row.images).arg(row.anomalous);
        return {};
    case PixelAuroc:
        if (role == Qt::DisplayRole) {
            if (row.pixelAurocInterval.defined) return withInterval(row.pixelAurocInterval);
            return row.pixelAuroc ? number(*row.pixelAuroc) : QStringLiteral("–");
        }
        if (role == SortRole) return row.pixelAuroc ? QVariant(*row.pixelAuroc) : QVariant(-std::numeric_limits<double>::infinity());
        if (role == Qt::ToolTipRole)
            return row.pixelAuroc ? tr("Pixel AUROC against the ground-truth masks (error bound %1); the interval resamples images")
                                        .arg(row.pixelAurocErrorBound, 0, 'g', 2)
                                  : tr("No ground-truth masks among the judged images");
        return {};
    case Speed:
        if (role == Qt::DisplayRole) return QString::number(row.imagesPerSecond, 'f', row.imagesPerSecond < 10 ? 1 : 0);
        if (role == SortRole) return row.imagesPerSecond;
        return {};
    default: return {};
    }
}

QVariant MethodTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Model: return tr("Model");
        case Method: return tr("Score");
        case ImageAuroc: return tr("AUROC");
        case AveragePrecision: return tr("AP");
        case F1Max: return tr("F1-max");
        case RecallAtFpr: return tr("Recall @ %1% FPR").arg(m_fprLimit * 100.0, 0, 'g', 2);
        case PixelAuroc: return tr("Pixel AUROC");
        case Speed: return tr("Images/s");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ImageAuroc: return tr("Image AUROC on the labelled validation and test images, with its bootstrap interval");
        case AveragePrecision: return tr("Average precision (area under the PR curve), anomalous = positive");
        case F1Max: return tr("The best F1 over every threshold");
        case RecallAtFpr: return tr("The share of anomalies caught at a threshold that rejects at most this share of normals");
        case PixelAuroc: return tr("Pixel AUROC of the anomaly map against the ground-truth masks");
        case Speed: return tr("Scoring speed with this score alone, decoding included");
        default: return {};
        }
    }
    return {};
}

} // namespace faultline::ui
