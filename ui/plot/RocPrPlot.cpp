#include "ui/plot/RocPrPlot.h"

#include "core/threshold/ThresholdSession.h"
#include "ui/plot/PlotLineStyle.h"
#include "ui/plot/PlotPalette.h"

#include <cmath>

namespace faultline::ui {

RocPrPlot::RocPrPlot(Kind kind, core::ThresholdSession* session, QWidget* parent)
    : QCustomPlot(parent), m_kind(kind), m_session(session) {
    const bool roc = m_kind == Kind::Roc;
    setObjectName(roc ? QStringLiteral("rocPlot") : QStringLiteral("prPlot"));
    setMinimumSize(200, 180);
    setToolTip(roc ? tr("ROC curve: share of anomalies caught against share of normals "
                        "flagged. The dot is the current threshold.")
                   : tr("Precision-recall curve. The dot is the current threshold."));
    xAxis->setLabel(roc ? tr("false-positive rate") : tr("recall"));
    yAxis->setLabel(roc ? tr("true-positive rate") : tr("precision"));
    xAxis->setRange(-0.02, 1.02);
    yAxis->setRange(-0.02, 1.05);

    if (roc) {  // chance diagonal for reference
        auto* chance = new QCPItemLine(this);
        chance->start->setCoords(0, 0);
        chance->end->setCoords(1, 1);
        chance->setPen(QPen(Qt::gray, 1, Qt::DashLine));
    }
    m_curve = new QCPCurve(xAxis, yAxis);
    m_curve->setPen(QPen(PlotLineStyle::curve(), 2));
    m_point = addGraph();
    m_point->setLineStyle(QCPGraph::lsNone);
    m_point->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, PlotLineStyle::threshold(),
                                            PlotLineStyle::threshold(), 10));
    m_caption = new QCPItemText(this);
    m_caption->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_caption->position->setCoords(roc ? 0.97 : 0.03, 0.97);
    m_caption->setPositionAlignment(roc ? (Qt::AlignRight | Qt::AlignBottom) : (Qt::AlignLeft | Qt::AlignBottom));

    m_replotTimer.setSingleShot(true);
    m_replotTimer.setInterval(kReplotMs);
    connect(&m_replotTimer, &QTimer::timeout, this, [this] { replot(); });
    connect(m_session, &core::ThresholdSession::scoresChanged, this, &RocPrPlot::rebuildCurve);
    connect(m_session, &core::ThresholdSession::labelsChanged, this, &RocPrPlot::rebuildCurve);
    connect(m_session, &core::ThresholdSession::thresholdChanged, this, &RocPrPlot::followThreshold);
    // The dark blue curve would vanish on a dark background: it follows the palette too.
    const auto curveColour = [this](const QPalette& p) { m_curve->setPen(QPen(PlotPalette::curveColour(p), 2)); };
    connect(PlotPalette::follow(this), &PlotPalette::applied, this, curveColour);
    curveColour(palette());
    rebuildCurve();
}

QPointF RocPrPlot::operatingPoint() const {
    const core::ThresholdMetrics m = m_session->metrics();
    return m_kind == Kind::Roc ? QPointF(m.fpr, m.recall) : QPointF(m.recall, m.precision);
}

void RocPrPlot::rebuildCurve() {
    const core::LiveScoreCurve& c = m_session->liveCurve();  // O(points x log n) after a label edit
    const std::vector<core::CurvePoint> pts = m_kind == Kind::Roc ? c.rocCurve(kCurvePoints) : c.prCurve(kCurvePoints);
    QVector<double> xs, ys;
    xs.reserve(qsizetype(pts.size()));
    ys.reserve(qsizetype(pts.size()));
    for (const core::CurvePoint& p : pts) {
        xs.push_back(p.x);
        ys.push_back(p.y);
    }
    m_curve->setData(xs, ys);  // QCPCurve keeps the order: ROC and PR are parametric
    const std::optional<double> area = m_kind == Kind::Roc ? c.auroc() : c.averagePrecision();
    const bool roc = m_kind == Kind::Roc;
    if (!area) {
        // Centred on two short lines: a small plot in the panel never cuts it off.
        m_caption->position->setCoords(0.5, 0.5);
        m_caption->setPositionAlignment(Qt::AlignCenter);
        m_caption->setTextAlignment(Qt::AlignCenter);
        m_caption->setText(roc ? tr("needs normal\nand anomalous\nlabels") : tr("needs\nanomalous\nlabels"));
    } else {
        m_caption->position->setCoords(roc ? 0.97 : 0.03, 0.97);
        m_caption->setPositionAlignment(roc ? (Qt::AlignRight | Qt::AlignBottom) : (Qt::AlignLeft | Qt::AlignBottom));
        m_caption->setText((roc ? tr("AUROC %1") : tr("AP %1")).arg(*area, 0, 'f', 3));
    }
    followThreshold();
}

void RocPrPlot::followThreshold() {
    const QPointF p = operatingPoint();
    if (std::isnan(p.x()) || std::isnan(p.y()))
        m_point->data()->clear();
    else
        m_point->setData({p.x()}, {p.y()});
    if (!m_replotTimer.isActive())
        m_replotTimer.start();
}

} // namespace faultline::ui
