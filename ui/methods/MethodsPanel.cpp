#include "ui/methods/MethodsPanel.h"

#include "ui/methods/MethodTableModel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace faultline::ui {

namespace {
constexpr int kMinimumTableHeight = 160;  // px: a few rows stay readable in a short dock
}

MethodsPanel::MethodsPanel(QWidget* parent)
    : QWidget(parent), m_model(new MethodTableModel(this)), m_proxy(new QSortFilterProxyModel(this)),
      m_table(new QTableView(this)), m_compare(new QPushButton(tr("Compare"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_everyModel(new QCheckBox(tr("Every model of the project"), this)),
      m_progress(new QProgressBar(this)), m_status(new QLabel(this)) {
    auto* intro = new QLabel(tr("Every score the model supports, judged on the labelled validation and test images "
                                "(your labels where you gave one). Click a row to make it the active score."));
    intro->setWordWrap(true);
    // Wrapped text follows the dock's width instead of setting it (as in the other panels).
    intro->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    m_compare->setToolTip(tr("Score the labelled images with every method and compare them"));
    m_cancel->setToolTip(tr("Stop the comparison; the table keeps the last complete result"));
    m_everyModel->setToolTip(tr("Compare the methods of every trained or scored model of the project, not only the active run's"));
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_cancel->hide();
    m_status->setWordWrap(true);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(MethodTableModel::SortRole);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(MethodTableModel::ImageAuroc, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_table->setToolTip(tr("Click a row to score the project with that method and make it the active score"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_compare);
    buttons->addWidget(m_everyModel);
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    // In a scroll area like the other panels: a short dock scrolls instead of squeezing the table.
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(intro);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    m_table->setMinimumHeight(kMinimumTableHeight);
    auto* scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("methodsScroll"));
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    connect(m_compare, &QPushButton::clicked, this, [this] { Q_EMIT compareRequested(m_everyModel->isChecked()); });
    connect(m_cancel, &QPushButton::clicked, this, &MethodsPanel::cancelRequested);
    // Activated (Enter, double-click) as well as a single click: the keyboard reaches it too.
    connect(m_table, &QTableView::clicked, this, &MethodsPanel::rowClicked);
    connect(m_table, &QTableView::activated, this, &MethodsPanel::rowClicked);
    setAvailable(false, tr("Train a model or score with a bundle first: the comparison uses its model."));
}

bool MethodsPanel::everyModel() const { return m_everyModel->isChecked(); }

QString MethodsPanel::statusText() const { return m_status->text(); }

void MethodsPanel::setStatus(const QString& text) { m_status->setText(text); }

void MethodsPanel::rowClicked(const QModelIndex& proxyIndex) {
    if (!proxyIndex.isValid()) return;
    const QModelIndex source = m_proxy->mapToSource(proxyIndex);
    const QString bundle = m_model->data(source, MethodTableModel::BundleRole).toString();
    const QString method = m_model->data(source, MethodTableModel::MethodRole).toString();
    if (!bundle.isEmpty() && !method.isEmpty()) Q_EMIT methodChosen(bundle, method);
}

void MethodsPanel::setRunning(bool running) {
    m_running = running;
    m_compare->setEnabled(!running && m_available);
    m_everyModel->setEnabled(!running);
    m_cancel->setVisible(running);
    m_progress->setVisible(running);
    if (running) {
        m_progress->setRange(0, 0);  // busy until the comparison knows its total
        m_status->setText(tr("Comparing…"));
    }
}

void MethodsPanel::setProgress(int done, int total, const QString& label) {
    if (total <= 0) return;
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_progress->setFormat(tr("%1: %p%").arg(label));
}

void MethodsPanel::setResult(const ml::ComparisonResult& result, double fprLimit) {
    if (!result.ok) {
        m_status->setText(result.cancelled ? tr("Comparison cancelled; the table shows the last complete one.")
                                           : tr("Comparison failed: %1").arg(result.error));
        return;
    }
    m_model->setRows(result.rows, fprLimit);
    m_table->sortByColumn(m_table->horizontalHeader()->sortIndicatorSection(), m_table->horizontalHeader()->sortIndicatorOrder());
    const int images = result.rows.isEmpty() ? 0 : result.rows.first().images;
    QString text = tr("%n method(s) on %1 labelled images", nullptr, int(result.rows.size())).arg(images);
    if (!result.masks) text += tr("; no ground-truth masks, so no pixel AUROC");
    if (!result.warnings.isEmpty())
        text += tr("; %n problem(s), e.g. %1", nullptr, int(result.warnings.size())).arg(result.warnings.first());
    m_status->setText(text + QLatin1Char('.'));
}

void MethodsPanel::setActive(const QString& bundlePath, const QString& method) { m_model->setActive(bundlePath, method); }

void MethodsPanel::setAvailable(bool available, const QString& why) {
    m_available = available;
    m_compare->setEnabled(available && !m_running);
    if (!available) {
        m_model->clear();
        m_status->setText(why);
    } else if (m_model->rowCount() == 0 && !m_running) {
        m_status->setText(tr("Press Compare to score the labelled images with every method."));
    }
}

} // namespace faultline::ui
