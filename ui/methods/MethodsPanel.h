#pragma once
// Every score method side by side on the project's labelled images: Compare runs
// ml::compareMethods (through the MethodsBinding, in the background, with progress and
// Cancel) on the active run's model, or on every model of the project; the table shows image
// AUROC, AP, F1-max and recall at 1% FPR with bootstrap intervals, pixel AUROC where masks
// exist, and scoring speed, sortable by any column. Clicking a row asks for that method to
// become the active score (methodChosen); the threshold panel, histogram and inspection maps
// follow the active run the Workspace then makes. The active score's row is bold.
// GUI thread only; the panel presents, the binding does the work.

#include "core/ml/MethodComparison.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace faultline::ui {

class MethodTableModel;

class MethodsPanel : public QWidget {
    Q_OBJECT
public:
    explicit MethodsPanel(QWidget* parent = nullptr);

    MethodTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QPushButton* compareButton() const { return m_compare; }
    QPushButton* cancelButton() const { return m_cancel; }
    bool everyModel() const;
    QString statusText() const;

public Q_SLOTS:
    void setRunning(bool running);
    void setProgress(int done, int total, const QString& label);
    // The comparison's outcome: rows, or the error; warnings are counted in the status line.
    void setResult(const faultline::ml::ComparisonResult& result, double fprLimit);
    void setActive(const QString& bundlePath, const QString& method);
    // Whether there is a model to compare (an active run with a bundle, or none at all).
    void setAvailable(bool available, const QString& why = {});
    void setStatus(const QString& text);

Q_SIGNALS:
    void compareRequested(bool everyModel);
    void cancelRequested();
    void methodChosen(const QString& bundlePath, const QString& method);

private:
    void rowClicked(const QModelIndex& proxyIndex);

    MethodTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QPushButton* m_compare;
    QPushButton* m_cancel;
    QCheckBox* m_everyModel;
    QProgressBar* m_progress;
    QLabel* m_status;
    bool m_running = false;
    bool m_available = false;
};

} // namespace faultline::ui
