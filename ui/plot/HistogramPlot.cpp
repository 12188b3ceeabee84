#include "ui/plot/HistogramPlot.h"

#include "core/threshold/ThresholdSession.h"
#include "ui/plot/PlotLineStyle.h"
#include "ui/plot/PlotPalette.h"
#include "ui/plot/ThresholdLine.h"

namespace faultline::ui {

HistogramPlot::HistogramPlot(core::ThresholdSession* session, QWidget* parent)
    : QCustomPlot(parent), m_session(session) {
    setObjectName(QStringLiteral("histogramPlot"));
    setMinimumSize(320, 200);
    setToolTip(tr("Scores of the judged samples, stacked by label. Drag the red line to move the "
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

    connect(m_session, &core::ThresholdSession::scoresChanged, this, &HistogramPlot::rebuildBars);
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
    const double margin = (h.hi - h.lo) * 0.03;
    xAxis->setRange(h.lo - margin, h.hi + margin);
    yAxis->setRange(0.0, std::max(1.0, double(h.maxBinTotal()) * 1.12));  // room for the line tags
    followThreshold(m_session->threshold());
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
            bandStartHigh_ = band.high;
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
    setCursor(lineAt(event->position()) != Line::None ? Qt::SplitHCursor : Qt::ArrowCursor);
    QCustomPlot::mouseMoveEvent(event);
}

void HistogramPlot::mouseReleaseEvent(QMouseEvent* event) {
    if (m_dragging != Line::None && event->button() == Qt::LeftButton) {
        dragTo(xAxis->pixelToCoord(event->position().x()));
        const Line finished = m_dragging;
        m_dragging = Line::None;
        if (finished == Line::Threshold && m_session->threshold() != m_dragStart)
            Q_EMIT thresholdDragFinished(m_dragStart, m_session->threshold());
        if (finished == Line::BandLow || finished == Line::BandHigh)
            Q_EMIT reviewBandDragFinished(m_bandStartEnabled, m_bandStartLow, bandStartHigh_);
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
