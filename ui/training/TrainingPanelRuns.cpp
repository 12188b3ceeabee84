// The finished-runs half of TrainingPanel: the runs table, picking the active run and the
// background scoring that follows it.
#include "ui/training/TrainingPanel.h"

#include "core/threshold/ThresholdSession.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace faultline::ui {

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
    m_scoringProgress->setFormat(tr("scoring %v / %m"));
    m_scoringProgress->hide();
    m_scoringStatus = new QLabel;
    m_scoringStatus->setObjectName(QStringLiteral("scoringStatus"));
    m_scoringStatus->setWordWrap(true);
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

void TrainingPanel::addRun(const TrainingRunRecord& run) {
    m_runs.push_back(run);
    refreshRunsTable();
}

bool TrainingPanel::isScoring() const { return m_scoring->isRunning(); }

void TrainingPanel::refreshRunsTable() {
    m_runsTable->setRowCount(int(m_runs.size()));
    for (int r = 0; r < m_runs.size(); ++r) {
        const TrainingRunRecord& run = m_runs[r];
        const ml::TrainResult& res = run.result;
        const QString status = !res.ok ? tr("failed") : !res.warnings.isEmpty() ? tr("warnings") : tr("ok");
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
            item->setToolTip(res.ok ? run.bundlePath : res.error);
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
        m_scoringStatus->setText(tr("%1 failed and has no model to score with.").arg(run.name));
        return;
    }
    m_activeRun = index;
    refreshRunsTable();
    Q_EMIT activeRunChanged(index, run.bundlePath);
    if (m_samples.isEmpty())
        return;
    m_scoringProgress->setValue(0);
    m_scoringProgress->show();
    m_scoringStatus->setText(tr("Scoring the evaluation images with %1…").arg(run.name));
    m_scoring->start(run.bundlePath, m_root, m_samples);
}

void TrainingPanel::onScored(const ScoringResult& result) {
    m_scoringProgress->hide();
    if (result.cancelled) {
        m_scoringStatus->setText(tr("Scoring cancelled."));
        return;
    }
    if (!result.ok) {
        m_scoringStatus->setText(QString());
        showWarning(tr("Scoring failed: %1").arg(result.error), true);
        return;
    }
    QString text = tr("%n image(s) scored in %1 s.", nullptr, int(result.scores.scores.size()))
                       .arg(result.seconds, 0, 'f', 1);
    if (result.failed > 0) {
        text += tr(" %n image(s) could not be scored and are left out.", nullptr, result.failed);
        showWarning(tr("%n image(s) could not be scored:\n", nullptr, result.failed) +
                    result.problems.join(QLatin1Char('\n')));
    }
    m_scoringStatus->setText(text);
    if (m_session)
        m_session->setScores(result.scores);
    Q_EMIT scoringFinished(result);
}

} // namespace faultline::ui
