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
    runsTable_ = new QTableWidget(0, 7);
    runsTable_->setObjectName(QStringLiteral("runsTable"));
    runsTable_->setHorizontalHeaderLabels({tr("Run"), tr("Model"), tr("Epochs"), tr("Best val. loss"),
                                           tr("Images/s"), tr("Device"), tr("Status")});
    runsTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    runsTable_->horizontalHeader()->setStretchLastSection(true);
    runsTable_->verticalHeader()->hide();
    runsTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    runsTable_->setSelectionMode(QAbstractItemView::SingleSelection);
    runsTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    runsTable_->setToolTip(tr("Finished runs. Double-click one (or select it and press Use) to make it "
                              "the active run: the dataset is scored with it."));
    activate_ = new QPushButton(tr("Use selected run"));
    activate_->setObjectName(QStringLiteral("activateButton"));
    activate_->setToolTip(tr("Score the dataset with the selected run and show it in the threshold panel."));
    scoringProgress_ = new QProgressBar;
    scoringProgress_->setObjectName(QStringLiteral("scoringProgress"));
    scoringProgress_->setFormat(tr("scoring %v / %m"));
    scoringProgress_->hide();
    scoringStatus_ = new QLabel;
    scoringStatus_->setObjectName(QStringLiteral("scoringStatus"));
    scoringStatus_->setWordWrap(true);
    layout->addWidget(runsTable_, 1);
    layout->addWidget(activate_);
    layout->addWidget(scoringProgress_);
    layout->addWidget(scoringStatus_);
    connect(activate_, &QPushButton::clicked, this, [this] {
        const auto rows = runsTable_->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            activateRun(rows.front().row());
    });
    connect(runsTable_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) { activateRun(row); });
    return box;
}

void TrainingPanel::addRun(const TrainingRunRecord& run) {
    runs_.push_back(run);
    refreshRunsTable();
}

bool TrainingPanel::isScoring() const { return scoring_->isRunning(); }

void TrainingPanel::refreshRunsTable() {
    runsTable_->setRowCount(int(runs_.size()));
    for (int r = 0; r < runs_.size(); ++r) {
        const TrainingRunRecord& run = runs_[r];
        const ml::TrainResult& res = run.result;
        const QString status = !res.ok ? tr("failed") : !res.warnings.isEmpty() ? tr("warnings") : tr("ok");
        const QStringList cells = {
            (r == activeRun_ ? QStringLiteral("● ") : QString()) + run.name,
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
            runsTable_->setItem(r, c, item);
        }
    }
}

void TrainingPanel::activateRun(int index) {
    if (index < 0 || index >= runs_.size())
        return;
    const TrainingRunRecord& run = runs_[index];
    if (!run.result.ok) {
        scoringStatus_->setText(tr("%1 failed and has no model to score with.").arg(run.name));
        return;
    }
    activeRun_ = index;
    refreshRunsTable();
    Q_EMIT activeRunChanged(index, run.bundlePath);
    if (samples_.isEmpty())
        return;
    scoringProgress_->setValue(0);
    scoringProgress_->show();
    scoringStatus_->setText(tr("Scoring the evaluation images with %1…").arg(run.name));
    scoring_->start(run.bundlePath, root_, samples_);
}

void TrainingPanel::onScored(const ScoringResult& result) {
    scoringProgress_->hide();
    if (result.cancelled) {
        scoringStatus_->setText(tr("Scoring cancelled."));
        return;
    }
    if (!result.ok) {
        scoringStatus_->setText(QString());
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
    scoringStatus_->setText(text);
    if (session_)
        session_->setScores(result.scores);
    Q_EMIT scoringFinished(result);
}

} // namespace faultline::ui
