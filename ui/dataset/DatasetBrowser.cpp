#include "ui/dataset/DatasetBrowser.h"

#include "ui/dataset/DatasetFilterBar.h"
#include "ui/dataset/SampleFilterProxy.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/dataset/ThumbnailCache.h"
#include "ui/dataset/ThumbnailDelegate.h"

#include <QComboBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QListView>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QWindow>

#include <algorithm>

namespace faultline::ui {

namespace {
constexpr int kGridBatch = 2000;  // items laid out per event-loop turn in the grid
constexpr int kTableIconSide = 24;  // px, thumbnail in the table's name column
}

DatasetBrowser::DatasetBrowser(SampleTableModel* model, ThumbnailCache* thumbnails, QWidget* parent)
    : QWidget(parent), m_model(model), m_thumbnails(thumbnails) {
    m_proxy = new SampleFilterProxy(this);
    m_proxy->setSourceModel(model);
    m_proxy->sort(SampleTableModel::NameColumn, Qt::AscendingOrder);
    m_filters = new DatasetFilterBar(m_proxy, this);

    m_delegate = new ThumbnailDelegate(thumbnails ? thumbnails->side() : 96, this);
    m_grid = new QListView(this);
    m_grid->setObjectName(QStringLiteral("thumbnailGrid"));
    m_grid->setViewMode(QListView::IconMode);
    m_grid->setMovement(QListView::Static);
    m_grid->setResizeMode(QListView::Adjust);
    m_grid->setWrapping(true);
    // Same-size cells: the view lays out 100,000 items without asking each one for its size.
    m_grid->setUniformItemSizes(true);
    m_grid->setLayoutMode(QListView::Batched);
    m_grid->setBatchSize(kGridBatch);
    m_grid->setGridSize(m_delegate->cellSize());
    m_grid->setItemDelegate(m_delegate);
    m_grid->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_grid->setModel(m_proxy);
    m_grid->setToolTip(tr("Thumbnails: frame colour is the verdict (green pass, amber review, red fail), "
                          "the badge your label. N normal, A anomalous, U clear; Shift/Ctrl select several."));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("sampleTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionModel(m_grid->selectionModel());
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SampleTableModel::NameColumn, Qt::AscendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    // Fixed row heights and no resize-to-contents: nothing walks all rows.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(std::max(kTableIconSide + 4, m_table->fontMetrics().height() + 6));
    m_table->setIconSize(QSize(kTableIconSide, kTableIconSide));   // a small thumbnail per row
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(SampleTableModel::NameColumn, 260);
    // What the table is opened for comes first: name, score, verdict, then the rest.
    m_table->horizontalHeader()->moveSection(m_table->horizontalHeader()->visualIndex(SampleTableModel::ScoreColumn), 1);
    m_table->horizontalHeader()->moveSection(m_table->horizontalHeader()->visualIndex(SampleTableModel::VerdictColumn), 2);
    // Listing the training-set check's suspects or holds, its column comes next to the name.
    connect(m_filters->splitCombo(), &QComboBox::currentIndexChanged, this, [this] {
        QHeaderView* header = m_table->horizontalHeader();
        const bool check = m_proxy->checkFilter() != SampleFilterProxy::CheckFilter::Any;
        header->moveSection(header->visualIndex(SampleTableModel::CheckColumn), check ? 1 : SampleTableModel::ColumnCount - 1);
    });
    m_table->setToolTip(tr("All samples with their score and verdict; click a header to sort. "
                           "N normal, A anomalous, U clear."));
    m_selection = m_grid->selectionModel();

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_grid, tr("Thumbnails"));
    m_tabs->addTab(m_table, tr("Table"));
    m_tabs->setTabToolTip(0, tr("Thumbnail grid"));
    m_tabs->setTabToolTip(1, tr("Detail table with scores and verdicts"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_filters);
    layout->addWidget(m_tabs, 1);

    m_grid->installEventFilter(this);
    m_table->installEventFilter(this);
    connect(m_selection, &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& current) {
        Q_EMIT currentSampleChanged(current.isValid() ? m_proxy->mapToSource(current).row() : -1);
    });
    // A header click is an explicit sort: leave the review queue.
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, [this](int column, Qt::SortOrder) {
        if (m_syncingHeader) return;
        if (m_proxy->reviewQueue() && column != SampleTableModel::ScoreColumn) m_filters->setSortMode(DatasetFilterBar::SortByName);
    });
    // The sort combo sorted the proxy: the header's arrow follows (none for the review queue).
    connect(m_filters, &DatasetFilterBar::sortApplied, this, [this](int column, Qt::SortOrder order) {
        m_syncingHeader = true;
        m_table->horizontalHeader()->setSortIndicatorShown(column >= 0);
        if (column >= 0) m_table->horizontalHeader()->setSortIndicator(column, order);
        m_syncingHeader = false;
    });
    connect(m_table->horizontalHeader(), &QHeaderView::sectionClicked, this,
            [this] { m_table->horizontalHeader()->setSortIndicatorShown(true); });
    connect(model, &QAbstractItemModel::modelReset, this, &DatasetBrowser::modelReset);
}

void DatasetBrowser::modelReset() {
    m_filters->refreshDefects();
    // Start on the first sample, so the inspection view and the label keys have a target.
    if (m_proxy->rowCount() > 0)
        m_selection->setCurrentIndex(m_proxy->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

QVector<int> DatasetBrowser::selectedSourceRows() const {
    QVector<int> rows;
    for (const QModelIndex& i : m_selection->selectedRows()) rows.push_back(m_proxy->mapToSource(i).row());
    if (rows.isEmpty() && m_selection->currentIndex().isValid())
        rows.push_back(m_proxy->mapToSource(m_selection->currentIndex()).row());
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

int DatasetBrowser::currentSourceRow() const {
    const QModelIndex current = m_selection->currentIndex();
    return current.isValid() ? m_proxy->mapToSource(current).row() : -1;
}

void DatasetBrowser::setCurrentSourceRow(int row) {
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) return;
    m_selection->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_grid->scrollTo(index);
    m_table->scrollTo(index);
}

bool DatasetBrowser::moveCurrent(int step) {
    const QModelIndex current = m_selection->currentIndex();
    const int next = current.isValid() ? current.row() + step : 0;
    if (next < 0 || next >= m_proxy->rowCount()) return false;
    const QModelIndex index = m_proxy->index(next, 0);
    m_selection->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_grid->scrollTo(index);
    m_table->scrollTo(index);
    return true;
}

bool DatasetBrowser::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
            return QWidget::eventFilter(watched, event);
        // J and K step through the samples here as they do in the inspection view.
        if (key->key() == Qt::Key_J || key->key() == Qt::Key_K) {
            moveCurrent(key->key() == Qt::Key_J ? +1 : -1);
            return true;
        }
        const bool hold = key->key() == Qt::Key_R;
        core::GroundTruth label = core::GroundTruth::Unknown;
        switch (key->key()) {
        case Qt::Key_R: break;
        case Qt::Key_N: label = core::GroundTruth::Normal; break;
        case Qt::Key_A: label = core::GroundTruth::Anomalous; break;
        case Qt::Key_U: label = core::GroundTruth::Unknown; break;
        default: return QWidget::eventFilter(watched, event);
        }
        const QVector<int> rows = selectedSourceRows();
        if (rows.isEmpty()) return true;
        const QModelIndex before = m_selection->currentIndex();
        const int proxyRowBefore = before.row();
        if (hold) Q_EMIT holdRequested(rows);
        else Q_EMIT labelRequested(rows, label);
        // One sample labelled or held: go on to the next, so a run of keys walks the queue. If
        // a filter hid the sample, the next one already moved into its place.
        if (rows.size() == 1) {
            const QModelIndex still = m_proxy->mapFromSource(m_model->index(rows.first(), 0));
            const int next = still.isValid() ? still.row() + 1 : proxyRowBefore;
            if (next >= 0 && next < m_proxy->rowCount()) {
                const QModelIndex index = m_proxy->index(next, 0);
                m_selection->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                m_grid->scrollTo(index);
                m_table->scrollTo(index);
            }
        }
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void DatasetBrowser::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    followScreen();
}

void DatasetBrowser::followScreen() {
    if (!m_thumbnails)
        return;
    if (QWindow* handle = window()->windowHandle(); handle && !m_screenFollowed) {
        // Moving the window to a screen with another scale factor re-renders the thumbnails.
        connect(handle, &QWindow::screenChanged, this, &DatasetBrowser::followScreen);
        m_screenFollowed = true;
    }
    const qreal before = m_thumbnails->devicePixelRatio();
    m_thumbnails->setDevicePixelRatio(devicePixelRatioF());
    if (m_thumbnails->devicePixelRatio() != before) {
        m_grid->viewport()->update();
        m_table->viewport()->update();
    }
}

} // namespace faultline::ui
