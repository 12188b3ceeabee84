#include "ui/plot/HistogramPlot.h"

#include "core/threshold/ThresholdSession.h"
#include "ui/plot/PlotLineStyle.h"
#include "ui/plot/PlotPalette.h"
#include "ui/plot/ThresholdLine.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace faultline::ui {

HistogramPlot::HistogramPlot(core::ThresholdSession* session, QWidget* parent)
    : QCustomPlot(parent), m_session(session) {
    setObjectName(QStringLiteral("histogramPlot"));
    setMinimumSize(320, 200);
    setToolTip(tr("Scores of the judged samples, stacked by label. Drag the red line to move the "
                  "threshold; scores at or above it are flagged anomalous. Wheel zooms the scores, "
                  "dragging elsewhere pans, double-click shows all; right-click for a log count axis."));
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
    m_normal = makeBars(tr("normal"), PlotLineStyle::normal());
    m_anomalous = makeBars(tr("anomalous"), PlotLineStyle::anomalous());
    m_unlabelled = makeBars(tr("unlabelled"), PlotLineStyle::unlabelled());
    m_anomalous->moveAbove(m_normal);
    m_unlabelled->moveAbove(m_anomalous);

    m_threshold = new ThresholdLine(this, PlotLineStyle::threshold(), tr("threshold"), this);
    m_bandLow = new ThresholdLine(this, PlotLineStyle::band(), tr("review from"), this);
    m_bandHigh = new ThresholdLine(this, PlotLineStyle::band(), tr("fail from"), this);
    m_committed = new ThresholdLine(this, Qt::darkGray, tr("committed"), this);
    m_committed->setPenStyle(Qt::DashLine);
    m_bandLow->setVisible(false);
    m_bandHigh->setVisible(false);

    m_replotTimer.setSingleShot(true);
    m_replotTimer.setInterval(kReplotMs);
    connect(&m_replotTimer, &QTimer::timeout, this, [this] { replot(); });
    // Tags are placed in pixels once the layout of this replot is known.
    connect(this, &QCustomPlot::afterLayout, this,
            [this] { ThresholdLine::placeTags(this, {m_threshold, m_bandLow, m_bandHigh, m_committed}); });

    connect(m_session, &core::ThresholdSession::scoresChanged, this, [this] {
        m_zoomed = false;  // new scores: show all of them
        rebuildBars();
    });
    connect(m_session, &core::ThresholdSession::labelsChanged, this, &HistogramPlot::rebuildBars);
    connect(m_session, &core::ThresholdSession::thresholdChanged, this, &HistogramPlot::followThreshold);
    connect(m_session, &core::ThresholdSession::reviewBandChanged, this, &HistogramPlot::followBand);
    connect(m_session, &core::ThresholdSession::committedThresholdChanged, this, &HistogramPlot::followCommitted);
    rebuildBars();
    followBand();
    followCommitted();
    PlotPalette::follow(this);
}

ThresholdLine* HistogramPlot::line(Line which) const {
    switch (which) {
    case Line::Threshold: return m_threshold;
    case Line::BandLow: return m_bandLow;
    case Line::BandHigh: return m_bandHigh;
    case Line::Committed: return m_committed;
    case Line::None: break;
    }
    return nullptr;
}

void HistogramPlot::scheduleReplot() {
    // Not restarted on every call: a continuous drag still replots every kReplotMs.
    if (!m_replotTimer.isActive())
        m_replotTimer.start();
}

void HistogramPlot::rebuildBars() {
    const core::ScoreHistogram& h = m_session->histogram();
    const int bins = h.binCount();
    QVector<double> centres(bins), normal(bins), anomalous(bins), unknown(bins);
    for (int b = 0; b < bins; ++b) {
        centres[b] = h.binCenter(b);
        normal[b] = double(h.normal[size_t(b)]);
        anomalous[b] = double(h.anomalous[size_t(b)]);
        unknown[b] = double(h.unknown[size_t(b)]);
    }
    m_normal->setData(centres, normal, /*alreadySorted=*/true);
    m_anomalous->setData(centres, anomalous, true);
    m_unlabelled->setData(centres, unknown, true);
    for (QCPBars* bars : {m_normal, m_anomalous, m_unlabelled})
        bars->setWidth(h.binWidth());
    if (!m_zoomed) xAxis->setRange(fullScoreRange());
    const double top = std::max(1.0, double(h.maxBinTotal()));
    // Room for the line tags; on the log axis a bar of one sample still shows (base 0.5).
    if (m_logCounts) yAxis->setRange(0.5, top * 2.0);
    else yAxis->setRange(0.0, top * 1.12);
    followThreshold(m_session->threshold());
}

QCPRange HistogramPlot::fullScoreRange() const {
    const core::ScoreHistogram& h = m_session->histogram();
    const double margin = (h.hi - h.lo) * 0.03;
    return QCPRange(h.lo - margin, h.hi + margin);
}

void HistogramPlot::applyScoreRange(QCPRange range) {
    const QCPRange full = fullScoreRange();
    const double size = std::min(range.size(), full.size());
    double lower = std::clamp(range.lower, full.lower, full.upper - size);
    xAxis->setRange(lower, lower + size);
    m_zoomed = size < full.size() * 0.999;
    scheduleReplot();
}

void HistogramPlot::setLogCounts(bool on) {
    m_logCounts = on;
    yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on) yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    for (QCPBars* bars : {m_normal, m_anomalous, m_unlabelled}) bars->setBaseValue(on ? 0.5 : 0.0);
    rebuildBars();
}

void HistogramPlot::zoomScores(double factor, double about) {
    const QCPRange r = xAxis->range();
    const double size = std::max(r.size() * factor, fullScoreRange().size() * 1e-4);
    const double share = r.size() > 0 ? (about - r.lower) / r.size() : 0.5;
    applyScoreRange(QCPRange(about - share * size, about - share * size + size));
}

void HistogramPlot::resetZoom() {
    m_zoomed = false;
    xAxis->setRange(fullScoreRange());
    scheduleReplot();
}

void HistogramPlot::wheelEvent(QWheelEvent* event) {
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0.0) return QCustomPlot::wheelEvent(event);
    zoomScores(std::pow(0.85, notches), xAxis->pixelToCoord(event->position().x()));
    event->accept();
}

void HistogramPlot::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && lineAt(event->position()) == Line::None) {
        resetZoom();
        event->accept();
        return;
    }
    QCustomPlot::mouseDoubleClickEvent(event);
}

void HistogramPlot::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    QAction* log = menu.addAction(tr("Logarithmic count axis"));
    log->setCheckable(true);
    log->setChecked(m_logCounts);
    connect(log, &QAction::toggled, this, &HistogramPlot::setLogCounts);
    QAction* reset = menu.addAction(tr("Show all scores (double-click)"), this, &HistogramPlot::resetZoom);
    reset->setEnabled(m_zoomed);
    menu.exec(event->globalPos());
}

void HistogramPlot::followThreshold(double value) {
    m_threshold->setValue(value);
    scheduleReplot();
}

void HistogramPlot::followBand() {
    const core::ReviewBand band = m_session->reviewBand();
    const bool on = m_session->reviewBandEnabled();
    // With the band on, its upper line is the threshold: one line, "fail from", not two.
    m_threshold->setVisible(!on);
    m_bandLow->setVisible(on);
    m_bandHigh->setVisible(on);
    m_bandLow->setValue(band.low);
    m_bandHigh->setValue(band.high);
    scheduleReplot();
}

void HistogramPlot::followCommitted() {
    m_committed->setVisible(m_session->hasCommittedThreshold());
    if (m_session->hasCommittedThreshold())
        m_committed->setValue(m_session->committedThreshold());
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
        m_dragging = lineAt(event->position());
        if (m_dragging != Line::None) {
            m_dragStart = line(m_dragging)->value();
            const core::ReviewBand band = m_session->reviewBand();
            m_bandStartEnabled = m_session->reviewBandEnabled();
            m_bandStartLow = band.low;
            m_bandStartHigh = band.high;
            event->accept();
            return;
        }
        if (m_zoomed && axisRect()->rect().contains(event->position().toPoint())) {
            m_panning = true;  // no line here: the drag pans the zoomed score axis
            m_panStartPixel = event->position().x();
            m_panStartRange = xAxis->range();
            setCursor(Qt::ClosedHandCursor);
            event->accept();
            return;
        }
    }
    QCustomPlot::mousePressEvent(event);
}

void HistogramPlot::mouseMoveEvent(QMouseEvent* event) {
    if (m_dragging != Line::None) {
        dragTo(xAxis->pixelToCoord(event->position().x()));
        event->accept();
        return;
    }
    if (m_panning) {
        const double perPixel = m_panStartRange.size() / std::max(1, axisRect()->width());
        const double shift = (m_panStartPixel - event->position().x()) * perPixel;
        applyScoreRange(QCPRange(m_panStartRange.lower + shift, m_panStartRange.upper + shift));
        event->accept();
        return;
    }
    setCursor(lineAt(event->position()) != Line::None ? Qt::SplitHCursor : Qt::ArrowCursor);
    QCustomPlot::mouseMoveEvent(event);
}

void HistogramPlot::mouseReleaseEvent(QMouseEvent* event) {
    if (m_panning && event->button() == Qt::LeftButton) {
        m_panning = false;
        setCursor(Qt::ArrowCursor);
        event->accept();
        return;
    }
    if (m_dragging != Line::None && event->button() == Qt::LeftButton) {
        dragTo(xAxis->pixelToCoord(event->position().x()));
        const Line finished = m_dragging;
        m_dragging = Line::None;
        if (finished == Line::Threshold && m_session->threshold() != m_dragStart)
            Q_EMIT thresholdDragFinished(m_dragStart, m_session->threshold());
        if (finished == Line::BandLow || finished == Line::BandHigh)
            Q_EMIT reviewBandDragFinished(m_bandStartEnabled, m_bandStartLow, m_bandStartHigh);
        event->accept();
        return;
    }
    QCustomPlot::mouseReleaseEvent(event);
}

void HistogramPlot::dragTo(double x) {
    x = std::clamp(x, xAxis->range().lower, xAxis->range().upper);
    if (m_dragging == Line::Threshold) {
        m_session->setThreshold(x);
        return;
    }
    const core::ReviewBand band = m_session->reviewBand();
    // A band edge cannot cross the other edge.
    if (m_dragging == Line::BandLow)
        m_session->setReviewBand(std::min(x, band.high), band.high, true);
    else
        m_session->setReviewBand(band.low, std::max(x, band.low), true);
}

} // namespace faultline::ui
