#pragma once
// The dataset browser: filter bar, thumbnail grid (QListView in icon mode) and detail table
// over one SampleFilterProxy, sharing one selection. Keys N / A / U ask for a label on the
// selection (labelRequested), R holds the selected training images for review or gives them
// back (holdRequested); arrows move as in any view. It owns the proxy and the views,
// not the model or the thumbnail cache. GUI thread only.

#include "core/dataset/Sample.h"

#include <QVector>
#include <QWidget>

class QListView;
class QTableView;
class QTabWidget;
class QItemSelectionModel;

namespace faultline::ui {

class DatasetFilterBar;
class SampleFilterProxy;
class SampleTableModel;
class ThumbnailCache;
class ThumbnailDelegate;

class DatasetBrowser : public QWidget {
    Q_OBJECT
public:
    DatasetBrowser(SampleTableModel* model, ThumbnailCache* thumbnails, QWidget* parent = nullptr);

    SampleFilterProxy* proxy() const { return m_proxy; }
    DatasetFilterBar* filterBar() const { return m_filters; }
    QListView* gridView() const { return m_grid; }
    QTableView* tableView() const { return m_table; }
    QTabWidget* viewTabs() const { return m_tabs; }

    QVector<int> selectedSourceRows() const;   // ascending
    int currentSourceRow() const;              // -1 when none
    void setCurrentSourceRow(int row);         // selects it; cleared filters are not changed
    bool moveCurrent(int step);                // next/previous in the current sort order

Q_SIGNALS:
    void labelRequested(const QVector<int>& sourceRows, faultline::core::GroundTruth label);
    void holdRequested(const QVector<int>& sourceRows);
    void currentSampleChanged(int sourceRow);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void modelReset();
    void followScreen();  // thumbnails at the device pixel ratio of the screen shown on

    SampleTableModel* m_model;
    SampleFilterProxy* m_proxy;
    DatasetFilterBar* m_filters;
    QTabWidget* m_tabs;
    QListView* m_grid;
    QTableView* m_table;
    ThumbnailDelegate* m_delegate;
    ThumbnailCache* m_thumbnails;
    bool m_screenFollowed = false;
    bool m_syncingHeader = false;  // the header follows the sort combo; not a user's header click
    QItemSelectionModel* m_selection;
};

} // namespace faultline::ui
