// The finished-runs half of TrainingPanel: the runs table, picking the active run and the
// progress of the scoring that follows it.
#include "ui/training/TrainingPanel.h"

#include "ui/plot/LossPlot.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace faultline::ui {

namespace {
constexpr int kRunsMinimumHeight = 140;  // px: a few runs visible when the panel scrolls
}

QWidget* TrainingPanel::buildRunsBox() {
    auto* box = new QGroupBox(tr("Runs"));
    auto* layout = new QVBoxLayout(box);
    m_runsTable = new QTableWidget(0, 7);
    m_runsTable->setObjectName(QStringLiteral("runsTable"));
    m_runsTable->setHorizontalHeaderLabels({tr("Run"), tr("Model"), tr("Epochs"), tr("Best val. loss"),
                                           tr("Images/s"), tr("Device"), tr("Status")});
    m_runsTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_runsTable->horizontalHeader()->setStretchLastSection(true);
    m_runsTable->verticalHeader()->hide();
    m_runsTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runsTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_runsTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runsTable->setToolTip(tr("Finished runs. Double-click one (or select it and press Use) to make it "
                              "the active run: the dataset is scored with it."));
    m_activate = new QPushButton(tr("Use selected run"));
    m_activate->setObjectName(QStringLiteral("activateButton"));
    m_activate->setToolTip(tr("Score the dataset with the selected run and show it in the threshold panel."));
    m_scoringProgress = new QProgressBar;
    m_scoringProgress->setObjectName(QStringLiteral("scoringProgress"));
    m_scoringProgress->setFormat(tr("scoring %v / %m images"));
    m_scoringProgress->hide();
    m_scoringStatus = new QLabel;
    m_scoringStatus->setObjectName(QStringLiteral("scoringStatus"));
    m_scoringStatus->setWordWrap(true);
    m_scoringStatus->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    m_runsTable->setMinimumHeight(kRunsMinimumHeight);
    layout->addWidget(m_runsTable, 1);
    layout->addWidget(m_activate);
    layout->addWidget(m_scoringProgress);
    layout->addWidget(m_scoringStatus);
    connect(m_activate, &QPushButton::clicked, this, [this] {
        const auto rows = m_runsTable->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            activateRun(rows.front().row());
    });
    connect(m_runsTable, &QTableWidget::cellDoubleClicked, this, [this](int row, int) { activateRun(row); });
    return box;
}

void TrainingPanel::clearRuns() {
    m_runs.clear();
    m_activeRun = -1;
    m_lastCancelled = false;
    m_scoring = false;
    m_loss->clear();
    m_status->clear();
    m_banner->clear();
    m_banner->hide();
    m_progress->reset();
    m_scoringProgress->hide();
    m_scoringStatus->clear();
    refreshRunsTable();
    refreshButtons();
}

void TrainingPanel::showRunHistory(int index) {
    if (m_training || index < 0 || index >= m_runs.size()) return;  // a running training owns the plot
    m_loss->clear();
    for (const ml::EpochRecord& e : m_runs[index].result.history) {
        m_loss->addTrainPoint(e.epoch, e.trainLoss);
        m_loss->addValidationPoint(e.epoch, e.valLoss);
    }
}

void TrainingPanel::addRun(const TrainingRunRecord& run) {
    m_runs.push_back(run);
    // The latest run decides whether Resume is offered: a run cancelled in an earlier session
    // continues from its checkpoint next to its bundle.
    if (!m_training) {
        m_lastCancelled = run.result.cancelled;
        if (m_lastCancelled) {
            m_lastConfig = run.config;
            m_lastConfig.bundlePath = run.bundlePath;
        }
    }
    refreshRunsTable();
    refreshButtons();
}

void TrainingPanel::refreshRunsTable() {
    m_runsTable->setRowCount(int(m_runs.size()));
    for (int r = 0; r < m_runs.size(); ++r) {
        const TrainingRunRecord& run = m_runs[r];
        const ml::TrainResult& res = run.result;
        const QString status = res.cancelled            ? tr("cancelled")
                               : !res.ok                 ? tr("failed")
                               : !res.warnings.isEmpty() ? tr("warnings")
                                                         : tr("ok");
        const QStringList cells = {
            (r == m_activeRun ? QStringLiteral("● ") : QString()) + run.name,
            run.config.model,
            QString::number(res.history.size()) + (res.stoppedEarly ? tr(" (early stop)") : QString()),
            std::isnan(res.bestValLoss) ? QStringLiteral("–") : QString::number(res.bestValLoss, 'g', 4),
            QString::number(res.imagesPerSecond, 'f', 0),
            res.device,
            status};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(res.ok ? run.bundlePath
                             : res.cancelled ? tr("Cancelled after %n epoch(s); Resume continues it from its checkpoint.",
                                                  nullptr, int(res.history.size()))
                                             : res.error);
            if (c == 6 && !res.warnings.isEmpty())
                item->setToolTip(res.warnings.join(QLatin1Char('\n')));
            m_runsTable->setItem(r, c, item);
        }
    }
}

void TrainingPanel::activateRun(int index) {
    if (index < 0 || index >= m_runs.size())
        return;
    const TrainingRunRecord& run = m_runs[index];
    if (!run.result.ok) {
        m_scoringStatus->setText(run.result.cancelled
                                     ? tr("%1 was cancelled before it finished: Resume continues it, then it can score.").arg(run.name)
                                     : tr("%1 failed and has no model to score with.").arg(run.name));
        return;
    }
    m_activeRun = index;
    refreshRunsTable();
    showRunHistory(index);
    if (m_samples.isEmpty()) {
        Q_EMIT activeRunChanged(index, run.bundlePath);
        return;
    }
    m_scoring = true;
    m_scoringProgress->setRange(0, 0);  // busy until the number of images is known
    m_scoringProgress->setValue(0);
    m_scoringProgress->show();
    m_scoringStatus->setText(tr("Scoring the images with %1…").arg(run.name));
    Q_EMIT activeRunChanged(index, run.bundlePath);
}

void TrainingPanel::showScoringProgress(int done, int total) {
    if (!m_scoring || total <= 0)
        return;
    m_scoringProgress->setRange(0, total);
    m_scoringProgress->setValue(done);
}

void TrainingPanel::showScoringFinished(bool ok, const QString& message) {
    if (!m_scoring)
        return;
    m_scoring = false;
    m_scoringProgress->hide();
    if (!ok) {
        m_scoringStatus->setText(QString());
        showWarning(tr("Scoring failed: %1").arg(message), true);
        return;
    }
    m_scoringStatus->setText(message);
}

} // namespace faultline::ui
