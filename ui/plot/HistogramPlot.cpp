#include "ui/plot/HistogramPlot.h"

#include "core/threshold/ThresholdSession.h"
#include "ui/plot/PlotLineStyle.h"
#include "ui/plot/PlotPalette.h"
#include "ui/plot/ThresholdLine.h"

namespace faultline::ui {

HistogramPlot::HistogramPlot(core::ThresholdSession* session, QWidget* parent)
    : QCustomPlot(parent), session_(session) {
    setObjectName(QStringLiteral("histogramPlot"));
    setMinimumSize(320, 200);
    setToolTip(tr("Scores of every sample, stacked by label. Drag the red line to move the "
                  "threshold; scores at or above it are flagged anomalous."));
    xAxis->setLabel(tr("anomaly score"));
    yAxis->setLabel(tr("samples"));
    legend->setVisible(true);
    legend->setFont(QFont(font().family(), 8));
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

    const auto makeBars = [this](const QString& name, const QColor& colour) {
        auto* bars = new QCPBars(xAxis, yAxis);
        bars->setName(name);
        bars->setPen(Qt::NoPen);
        bars->setBrush(colour);
        bars->setWidthType(QCPBars::wtPlotCoords);
        return bars;
    };
    normal_ = makeBars(tr("normal"), PlotLineStyle::normal());
    anomalous_ = makeBars(tr("anomalous"), PlotLineStyle::anomalous());
    unlabelled_ = makeBars(tr("unlabelled"), PlotLineStyle::unlabelled());
    anomalous_->moveAbove(normal_);
    unlabelled_->moveAbove(anomalous_);

    threshold_ = new ThresholdLine(this, PlotLineStyle::threshold(), tr("threshold"), this);
    bandLow_ = new ThresholdLine(this, PlotLineStyle::band(), tr("review from"), this);
    bandHigh_ = new ThresholdLine(this, PlotLineStyle::band(), tr("fail from"), this);
    committed_ = new ThresholdLine(this, Qt::darkGray, tr("committed"), this);
    committed_->setPenStyle(Qt::DashLine);
    committed_->setTagRow(3);
    bandLow_->setTagRow(1);
    bandHigh_->setTagRow(2);
    bandLow_->setVisible(false);
    bandHigh_->setVisible(false);

    replotTimer_.setSingleShot(true);
    replotTimer_.setInterval(kReplotMs);
    connect(&replotTimer_, &QTimer::timeout, this, [this] { replot(); });

    connect(session_, &core::ThresholdSession::scoresChanged, this, &HistogramPlot::rebuildBars);
    connect(session_, &core::ThresholdSession::labelsChanged, this, &HistogramPlot::rebuildBars);
    connect(session_, &core::ThresholdSession::thresholdChanged, this, &HistogramPlot::followThreshold);
    connect(session_, &core::ThresholdSession::reviewBandChanged, this, &HistogramPlot::followBand);
    connect(session_, &core::ThresholdSession::committedThresholdChanged, this, &HistogramPlot::followCommitted);
    rebuildBars();
    followBand();
    followCommitted();
    PlotPalette::follow(this);
}

ThresholdLine* HistogramPlot::line(Line which) const {
    switch (which) {
    case Line::Threshold: return threshold_;
    case Line::BandLow: return bandLow_;
    case Line::BandHigh: return bandHigh_;
    case Line::Committed: return committed_;
    case Line::None: break;
    }
    return nullptr;
}

void HistogramPlot::scheduleReplot() {
    // Not restarted on every call: a continuous drag still replots every kReplotMs.
    if (!replotTimer_.isActive())
        replotTimer_.start();
}

void HistogramPlot::rebuildBars() {
    const core::ScoreHistogram& h = session_->histogram();
    const int bins = h.binCount();
    QVector<double> centres(bins), normal(bins), anomalous(bins), unknown(bins);
    for (int b = 0; b < bins; ++b) {
        centres[b] = h.binCenter(b);
        normal[b] = double(h.normal[size_t(b)]);
        anomalous[b] = double(h.anomalous[size_t(b)]);
        unknown[b] = double(h.unknown[size_t(b)]);
    }
    normal_->setData(centres, normal, /*alreadySorted=*/true);
    anomalous_->setData(centres, anomalous, true);
    unlabelled_->setData(centres, unknown, true);
    for (QCPBars* bars : {normal_, anomalous_, unlabelled_})
        bars->setWidth(h.binWidth());
    const double margin = (h.hi - h.lo) * 0.03;
    xAxis->setRange(h.lo - margin, h.hi + margin);
    yAxis->setRange(0.0, std::max(1.0, double(h.maxBinTotal()) * 1.12));  // room for the line tags
    followThreshold(session_->threshold());
}

void HistogramPlot::followThreshold(double value) {
    threshold_->setValue(value);
    scheduleReplot();
}

void HistogramPlot::followBand() {
    const core::ReviewBand band = session_->reviewBand();
    const bool on = session_->reviewBandEnabled();
    bandLow_->setVisible(on);
    bandHigh_->setVisible(on);
    bandLow_->setValue(band.low);
    bandHigh_->setValue(band.high);
    scheduleReplot();
}

void HistogramPlot::followCommitted() {
    committed_->setVisible(session_->hasCommittedThreshold());
    if (session_->hasCommittedThreshold())
        committed_->setValue(session_->committedThreshold());
    scheduleReplot();
}

HistogramPlot::Line HistogramPlot::lineAt(const QPointF& pos) const {
    if (!axisRect()->rect().adjusted(-int(kGrabPixels), 0, int(kGrabPixels), 0).contains(pos.toPoint()))
        return Line::None;
    Line best = Line::None;
    double bestDistance = kGrabPixels;
    for (Line which : {Line::Threshold, Line::BandLow, Line::BandHigh}) {
        const double d = line(which)->pixelDistance(pos);
        if (d <= bestDistance) {
            bestDistance = d;
            best = which;
        }
    }
    return best;
}

void HistogramPlot::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        dragging_ = lineAt(event->position());
        if (dragging_ != Line::None) {
            dragStart_ = line(dragging_)->value();
            const core::ReviewBand band = session_->reviewBand();
            bandStartEnabled_ = session_->reviewBandEnabled();
            bandStartLow_ = band.low;
            bandStartHigh_ = band.high;
            event->accept();
            return;
        }
    }
    QCustomPlot::mousePressEvent(event);
}

void HistogramPlot::mouseMoveEvent(QMouseEvent* event) {
    if (dragging_ != Line::None) {
        dragTo(xAxis->pixelToCoord(event->position().x()));
        event->accept();
        return;
    }
    setCursor(lineAt(event->position()) != Line::None ? Qt::SplitHCursor : Qt::ArrowCursor);
    QCustomPlot::mouseMoveEvent(event);
}

void HistogramPlot::mouseReleaseEvent(QMouseEvent* event) {
    if (dragging_ != Line::None && event->button() == Qt::LeftButton) {
        dragTo(xAxis->pixelToCoord(event->position().x()));
        const Line finished = dragging_;
        dragging_ = Line::None;
        if (finished == Line::Threshold && session_->threshold() != dragStart_)
            Q_EMIT thresholdDragFinished(dragStart_, session_->threshold());
        if (finished == Line::BandLow || finished == Line::BandHigh)
            Q_EMIT reviewBandDragFinished(bandStartEnabled_, bandStartLow_, bandStartHigh_);
        event->accept();
        return;
    }
    QCustomPlot::mouseReleaseEvent(event);
}

void HistogramPlot::dragTo(double x) {
    x = std::clamp(x, xAxis->range().lower, xAxis->range().upper);
    if (dragging_ == Line::Threshold) {
        session_->setThreshold(x);
        return;
    }
    const core::ReviewBand band = session_->reviewBand();
    // A band edge cannot cross the other edge.
    if (dragging_ == Line::BandLow)
        session_->setReviewBand(std::min(x, band.high), band.high, true);
    else
        session_->setReviewBand(band.low, std::max(x, band.low), true);
}

} // namespace faultline::ui
