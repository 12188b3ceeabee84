#pragma once
// The rows of a method comparison (ml::compareMethods) as a table: one row per model bundle and
// score method, the image metrics with their bootstrap intervals, pixel AUROC where masks
// exist, and the scoring speed. Display text is "0.990 [0.981-0.996]"; SortRole is the plain
// estimate (undefined metrics sort last in descending order), so a proxy sorts by value. The
// active score (the method the project's active run was scored with) is shown in bold.
// GUI thread only.

#include "core/ml/MethodComparison.h"

#include <QAbstractTableModel>

namespace faultline::ui {

class MethodTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Model, Method, ImageAuroc, AveragePrecision, F1Max, RecallAtFpr, PixelAuroc, Speed, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, BundleRole, MethodRole };

    using QAbstractTableModel::QAbstractTableModel;

    void setRows(const QVector<ml::ComparisonRow>& rows, double fprLimit);
    void clear();
    const QVector<ml::ComparisonRow>& rows() const { return m_rows; }
    // Which row is the active score; an empty method marks the bundle's default row.
    void setActive(const QString& bundlePath, const QString& method);
    int activeRow() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    bool isActive(int row) const;

    QVector<ml::ComparisonRow> m_rows;
    QStringList m_rowBundles;   // each row's bundle as an absolute path
    double m_fprLimit = 0.01;
    QString m_activeBundle, m_activeMethod;
};

} // namespace faultline::ui
