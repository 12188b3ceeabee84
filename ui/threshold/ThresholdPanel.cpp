#include "ui/threshold/ThresholdPanel.h"

#include "core/threshold/ThresholdSession.h"
#include "ui/threshold/ConfusionView.h"
#include "ui/plot/HistogramPlot.h"
#include "ui/plot/RocPrPlot.h"
#include "ui/threshold/ReviewBandCommand.h"
#include "ui/threshold/ThresholdCommand.h"

#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cstdio>

namespace faultline::ui {

namespace {
constexpr int kDetailsMs = 40;  // list and table refresh, batched like the replots
constexpr int kSideMinimumWidth = 440;  // the numbers column; the plots take the rest
}

ThresholdPanel::ThresholdPanel(core::ThresholdSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    setObjectName(QStringLiteral("thresholdPanel"));
    histogram_ = new HistogramPlot(session_, this);
    roc_ = new RocPrPlot(RocPrPlot::Kind::Roc, session_, this);
    pr_ = new RocPrPlot(RocPrPlot::Kind::PrecisionRecall, session_, this);
    confusion_ = new ConfusionView(session_, this);

    // Left: the plots. Right: numbers and controls, scrollable on small screens.
    auto* curves = new QSplitter(Qt::Horizontal);
    curves->addWidget(roc_);
    curves->addWidget(pr_);
    auto* plots = new QSplitter(Qt::Vertical);
    plots->addWidget(histogram_);
    plots->addWidget(curves);
    plots->setStretchFactor(0, 3);
    plots->setStretchFactor(1, 2);

    auto* side = new QWidget;
    auto* sideLayout = new QVBoxLayout(side);
    auto* thresholdRow = new QHBoxLayout;
    thresholdRow->addWidget(new QLabel(tr("Threshold")));
    thresholdSpin_ = new QDoubleSpinBox;
    thresholdSpin_->setObjectName(QStringLiteral("thresholdSpin"));
    thresholdSpin_->setDecimals(6);
    thresholdSpin_->setToolTip(tr("Scores at or above the threshold are flagged anomalous. "
                                  "Type a value or drag the red line."));
    thresholdSpin_->setKeyboardTracking(false);
    thresholdRow->addWidget(thresholdSpin_, 1);
    auto* exportButton = new QToolButton;
    exportButton->setText(tr("Export plot…"));
    exportButton->setToolTip(tr("Save the histogram, ROC or PR plot as PNG or PDF."));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(exportButton);
    const struct { Plot plot; QString name; } exports[] = {
        {Plot::Histogram, tr("Histogram…")}, {Plot::Roc, tr("ROC curve…")},
        {Plot::PrecisionRecall, tr("Precision-recall curve…")}};
    for (const auto& e : exports) {
        const Plot which = e.plot;
        connect(menu->addAction(e.name), &QAction::triggered, this, [this, which] {
            const QString path = QFileDialog::getSaveFileName(this, tr("Export plot"), QString(),
                                                              tr("PNG image (*.png);;PDF document (*.pdf)"));
            QString error;
            if (!path.isEmpty() && !exportPlot(which, path, &error))
                QMessageBox::warning(this, tr("Export failed"), error);
        });
    }
    exportButton->setMenu(menu);
    thresholdRow->addWidget(exportButton);
    sideLayout->addLayout(thresholdRow);
    sideLayout->addWidget(confusion_);
    sideLayout->addWidget(buildMethodsBox());
    sideLayout->addWidget(buildBandBox());
    sideLayout->addWidget(buildCommitBox());
    sideLayout->addWidget(buildChangesBox(), 1);
    sideLayout->addWidget(buildDefectsBox(), 1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(side);
    scroll->setWidgetResizable(true);
    scroll->setMinimumWidth(kSideMinimumWidth);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* top = new QSplitter(Qt::Horizontal);
    top->addWidget(plots);
    top->addWidget(scroll);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 1);
    top->setSizes({3 * kSideMinimumWidth, 2 * kSideMinimumWidth});  // plots get most of the width
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(top);

    detailsTimer_.setSingleShot(true);
    detailsTimer_.setInterval(kDetailsMs);
    connect(&detailsTimer_, &QTimer::timeout, this, &ThresholdPanel::refreshDetails);
    const auto scheduleDetails = [this] {
        if (!detailsTimer_.isActive())
            detailsTimer_.start();
    };
    connect(session_, &core::ThresholdSession::thresholdChanged, this, [this, scheduleDetails](double v) {
        const QSignalBlocker block(thresholdSpin_);
        thresholdSpin_->setValue(v);
        scheduleDetails();
    });
    connect(session_, &core::ThresholdSession::scoresChanged, this, [this, scheduleDetails] {
        const QSignalBlocker block(thresholdSpin_);
        const double span = session_->maxScore() - session_->minScore();
        thresholdSpin_->setRange(session_->minScore() - span, session_->maxScore() + span);
        thresholdSpin_->setSingleStep(span > 0 ? span / 100.0 : 0.01);
        thresholdSpin_->setValue(session_->threshold());
        scheduleDetails();
    });
    connect(session_, &core::ThresholdSession::labelsChanged, this, scheduleDetails);
    connect(session_, &core::ThresholdSession::committedThresholdChanged, this, scheduleDetails);
    connect(session_, &core::ThresholdSession::suggestionsChanged, this, &ThresholdPanel::rebuildMethodButtons);
    connect(session_, &core::ThresholdSession::reviewBandChanged, this, &ThresholdPanel::refreshBandControls);
    connect(session_, &core::ThresholdSession::committed, this, &ThresholdPanel::thresholdCommitted);
    connect(thresholdSpin_, &QDoubleSpinBox::valueChanged, this,
            [this](double v) { changeThreshold(v, tr("Set threshold")); });
    connect(histogram_, &HistogramPlot::thresholdDragFinished, this, [this](double from, double to) {
        if (undo_)
            undo_->push(new ThresholdCommand(session_, from, to, tr("Drag threshold")));
    });
    connect(histogram_, &HistogramPlot::reviewBandDragFinished, this,
            [this](bool enabled, double low, double high) {
                recordReviewBand({enabled, low, high}, tr("Drag review band"));
            });

    const QSignalBlocker block(thresholdSpin_);
    const double span = session_->maxScore() - session_->minScore();
    thresholdSpin_->setRange(session_->minScore() - span - 1.0, session_->maxScore() + span + 1.0);
    thresholdSpin_->setValue(session_->threshold());
    rebuildMethodButtons();
    refreshBandControls();
    refreshDetails();
}

void ThresholdPanel::setUndoStack(QUndoStack* stack) { undo_ = stack; }

void ThresholdPanel::changeThreshold(double to, const QString& why) {
    const double from = session_->threshold();
    if (to == from)
        return;
    if (undo_)
        undo_->push(new ThresholdCommand(session_, from, to, why));
    else
        session_->setThreshold(to);
}

void ThresholdPanel::changeReviewBand(const BandState& to, const QString& why) {
    const BandState from = ReviewBandCommand::current(session_);
    if (to == from)
        return;
    if (undo_)
        undo_->push(new ReviewBandCommand(session_, from, to, why));
    else
        session_->setReviewBand(to.low, to.high, to.enabled);
}

void ThresholdPanel::recordReviewBand(const BandState& from, const QString& why) {
    const BandState to = ReviewBandCommand::current(session_);
    if (undo_ && to != from)
        undo_->push(new ReviewBandCommand(session_, from, to, why));
}

bool ThresholdPanel::exportPlot(Plot which, const QString& path, QString* error) {
    QCustomPlot* plot = which == Plot::Histogram ? static_cast<QCustomPlot*>(histogram_)
                        : which == Plot::Roc     ? static_cast<QCustomPlot*>(roc_)
                                                 : static_cast<QCustomPlot*>(pr_);
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("pdf")) {
        if (error)
            *error = tr("Cannot export %1: the file name must end in .png or .pdf.").arg(path);
        return false;
    }
    // Temporary file in the same folder, renamed into place: no half-written plot remains.
    const QString temp = path + QStringLiteral(".part");
    const int w = std::max(plot->width(), 800), h = std::max(plot->height(), 500);
    const bool written = suffix == QLatin1String("png") ? plot->savePng(temp, w, h)
                                                        : plot->savePdf(temp, w, h);
    if (!written) {
        QFile::remove(temp);
        if (error)
            *error = tr("Cannot write %1: the folder is not writable or the disk is full.").arg(path);
        return false;
    }
    // POSIX rename replaces the old file atomically (QFile::rename refuses to overwrite).
    if (std::rename(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) != 0) {
        QFile::remove(temp);
        if (error)
            *error = tr("Cannot replace %1: the file is in use or the folder is read-only.").arg(path);
        return false;
    }
    return true;
}

} // namespace faultline::ui
