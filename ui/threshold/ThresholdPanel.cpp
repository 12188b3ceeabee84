#include "ui/threshold/ThresholdPanel.h"

#include "core/threshold/ThresholdSession.h"
#include "ui/threshold/ConfusionView.h"
#include "ui/plot/HistogramPlot.h"
#include "ui/threshold/DriftView.h"
#include "ui/plot/RocPrPlot.h"
#include "ui/threshold/ReviewBandCommand.h"
#include "ui/threshold/ThresholdCommand.h"
#include "ui/window/TwoColumnBox.h"

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
constexpr int kHistogramMinimumHeight = 200;  // px: the plot the threshold is dragged on
constexpr int kCurveMinimumSide = 150;        // px, ROC and PR plots
constexpr int kSideBySideWidth = 860;         // px: from this panel width, plots and numbers side by side
}

ThresholdPanel::ThresholdPanel(core::ThresholdSession* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    setObjectName(QStringLiteral("thresholdPanel"));
    m_histogram = new HistogramPlot(m_session, this);
    m_roc = new RocPrPlot(RocPrPlot::Kind::Roc, m_session, this);
    m_pr = new RocPrPlot(RocPrPlot::Kind::PrecisionRecall, m_session, this);
    m_confusion = new ConfusionView(m_session, this);
    m_drift = new DriftView(this);

    // The plots, then the numbers and controls: side by side in a wide dock, one above the
    // other in a narrow one; the whole panel scrolls when the dock is short.
    auto* curves = new QSplitter(Qt::Horizontal);
    curves->addWidget(m_roc);
    curves->addWidget(m_pr);
    curves->setChildrenCollapsible(false);
    m_histogram->setMinimumHeight(kHistogramMinimumHeight);
    m_roc->setMinimumSize(kCurveMinimumSide, kCurveMinimumSide);
    m_pr->setMinimumSize(kCurveMinimumSide, kCurveMinimumSide);
    auto* plots = new QSplitter(Qt::Vertical);
    plots->addWidget(m_histogram);
    plots->addWidget(curves);
    plots->setStretchFactor(0, 3);
    plots->setStretchFactor(1, 2);
    plots->setChildrenCollapsible(false);

    auto* side = new QWidget;
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    auto* thresholdRow = new QHBoxLayout;
    thresholdRow->addWidget(new QLabel(tr("Threshold")));
    m_thresholdSpin = new QDoubleSpinBox;
    m_thresholdSpin->setObjectName(QStringLiteral("thresholdSpin"));
    m_thresholdSpin->setDecimals(6);
    m_thresholdSpin->setToolTip(tr("Scores at or above the threshold are flagged anomalous. "
                                  "Type a value or drag the red line."));
    m_thresholdSpin->setKeyboardTracking(false);
    thresholdRow->addWidget(m_thresholdSpin, 1);
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
    sideLayout->addWidget(m_confusion);
    sideLayout->addWidget(buildMethodsBox());
    sideLayout->addWidget(buildBandBox());
    sideLayout->addWidget(buildCommitBox());
    sideLayout->addWidget(buildChangesBox());
    sideLayout->addWidget(buildDefectsBox());
    sideLayout->addStretch(1);

    // The lot drift banner and its small histogram sit above the plots, inside their column.
    auto* plotColumn = new QWidget;
    auto* plotLayout = new QVBoxLayout(plotColumn);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    plotLayout->addWidget(m_drift);
    plotLayout->addWidget(plots, 1);

    auto* columns = new TwoColumnBox(plotColumn, side, kSideBySideWidth);
    columns->setObjectName(QStringLiteral("thresholdColumns"));
    columns->setSideBySideStretch(3, 2);
    columns->setContentsMargins(4, 4, 4, 4);
    auto* scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("thresholdScroll"));
    scroll->setWidget(columns);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    m_detailsTimer.setSingleShot(true);
    m_detailsTimer.setInterval(kDetailsMs);
    connect(&m_detailsTimer, &QTimer::timeout, this, &ThresholdPanel::refreshDetails);
    const auto scheduleDetails = [this] {
        if (!m_detailsTimer.isActive())
            m_detailsTimer.start();
    };
    connect(m_session, &core::ThresholdSession::thresholdChanged, this, [this, scheduleDetails](double v) {
        const QSignalBlocker block(m_thresholdSpin);
        m_thresholdSpin->setValue(v);
        scheduleDetails();
    });
    connect(m_session, &core::ThresholdSession::scoresChanged, this, [this, scheduleDetails] {
        const QSignalBlocker block(m_thresholdSpin);
        const double span = m_session->maxScore() - m_session->minScore();
        m_thresholdSpin->setRange(m_session->minScore() - span, m_session->maxScore() + span);
        m_thresholdSpin->setSingleStep(span > 0 ? span / 100.0 : 0.01);
        m_thresholdSpin->setValue(m_session->threshold());
        scheduleDetails();
    });
    connect(m_session, &core::ThresholdSession::labelsChanged, this, scheduleDetails);
    connect(m_session, &core::ThresholdSession::committedThresholdChanged, this, scheduleDetails);
    connect(m_session, &core::ThresholdSession::suggestionsChanged, this, &ThresholdPanel::rebuildMethodButtons);
    connect(m_session, &core::ThresholdSession::reviewBandChanged, this, &ThresholdPanel::refreshBandControls);
    connect(m_session, &core::ThresholdSession::committed, this, &ThresholdPanel::thresholdCommitted);
    connect(m_thresholdSpin, &QDoubleSpinBox::valueChanged, this,
            [this](double v) { changeThreshold(v, tr("Set threshold")); });
    connect(m_histogram, &HistogramPlot::thresholdDragFinished, this, [this](double from, double to) {
        if (m_undo)
            m_undo->push(new ThresholdCommand(m_session, from, to, tr("Drag threshold")));
    });
    connect(m_histogram, &HistogramPlot::reviewBandDragFinished, this,
            [this](bool enabled, double low, double high) {
                recordReviewBand({enabled, low, high}, tr("Drag review band"));
            });

    const QSignalBlocker block(m_thresholdSpin);
    const double span = m_session->maxScore() - m_session->minScore();
    m_thresholdSpin->setRange(m_session->minScore() - span - 1.0, m_session->maxScore() + span + 1.0);
    m_thresholdSpin->setValue(m_session->threshold());
    rebuildMethodButtons();
    refreshBandControls();
    refreshDetails();
}

void ThresholdPanel::setUndoStack(QUndoStack* stack) { m_undo = stack; }

void ThresholdPanel::changeThreshold(double to, const QString& why) {
    const double from = m_session->threshold();
    if (to == from)
        return;
    if (m_undo)
        m_undo->push(new ThresholdCommand(m_session, from, to, why));
    else
        m_session->setThreshold(to);
}

void ThresholdPanel::changeReviewBand(const BandState& to, const QString& why) {
    const BandState from = ReviewBandCommand::current(m_session);
    if (to == from)
        return;
    if (m_undo)
        m_undo->push(new ReviewBandCommand(m_session, from, to, why));
    else
        m_session->setReviewBand(to.low, to.high, to.enabled);
}

void ThresholdPanel::recordReviewBand(const BandState& from, const QString& why) {
    const BandState to = ReviewBandCommand::current(m_session);
    if (m_undo && to != from)
        m_undo->push(new ReviewBandCommand(m_session, from, to, why));
}

bool ThresholdPanel::exportPlot(Plot which, const QString& path, QString* error) {
    QCustomPlot* plot = which == Plot::Histogram ? static_cast<QCustomPlot*>(m_histogram)
                        : which == Plot::Roc     ? static_cast<QCustomPlot*>(m_roc)
                                                 : static_cast<QCustomPlot*>(m_pr);
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
