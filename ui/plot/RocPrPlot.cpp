#include "ui/plot/RocPrPlot.h"

#include "core/threshold/ThresholdSession.h"
#include "ui/plot/PlotLineStyle.h"
#include "ui/plot/PlotPalette.h"

#include <cmath>

namespace faultline::ui {

RocPrPlot::RocPrPlot(Kind kind, core::ThresholdSession* session, QWidget* parent)
    : QCustomPlot(parent), kind_(kind), session_(session) {
    const bool roc = kind_ == Kind::Roc;
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
    curve_ = new QCPCurve(xAxis, yAxis);
    curve_->setPen(QPen(PlotLineStyle::curve(), 2));
    point_ = addGraph();
    point_->setLineStyle(QCPGraph::lsNone);
    point_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, PlotLineStyle::threshold(),
                                            PlotLineStyle::threshold(), 10));
    caption_ = new QCPItemText(this);
    caption_->position->setType(QCPItemPosition::ptAxisRectRatio);
    caption_->position->setCoords(roc ? 0.97 : 0.03, 0.97);
    caption_->setPositionAlignment(roc ? (Qt::AlignRight | Qt::AlignBottom) : (Qt::AlignLeft | Qt::AlignBottom));

    replotTimer_.setSingleShot(true);
    replotTimer_.setInterval(kReplotMs);
    connect(&replotTimer_, &QTimer::timeout, this, [this] { replot(); });
    connect(session_, &core::ThresholdSession::scoresChanged, this, &RocPrPlot::rebuildCurve);
    connect(session_, &core::ThresholdSession::labelsChanged, this, &RocPrPlot::rebuildCurve);
    connect(session_, &core::ThresholdSession::thresholdChanged, this, &RocPrPlot::followThreshold);
    // The dark blue curve would vanish on a dark background: it follows the palette too.
    const auto curveColour = [this](const QPalette& p) { curve_->setPen(QPen(PlotPalette::curveColour(p), 2)); };
    connect(PlotPalette::follow(this), &PlotPalette::applied, this, curveColour);
    curveColour(palette());
    rebuildCurve();
}

QPointF RocPrPlot::operatingPoint() const {
    const core::ThresholdMetrics m = session_->metrics();
    return kind_ == Kind::Roc ? QPointF(m.fpr, m.recall) : QPointF(m.recall, m.precision);
}

void RocPrPlot::rebuildCurve() {
    const core::LiveScoreCurve& c = session_->liveCurve();  // O(points x log n) after a label edit
    const std::vector<core::CurvePoint> pts = kind_ == Kind::Roc ? c.rocCurve(kCurvePoints) : c.prCurve(kCurvePoints);
    QVector<double> xs, ys;
    xs.reserve(qsizetype(pts.size()));
    ys.reserve(qsizetype(pts.size()));
    for (const core::CurvePoint& p : pts) {
        xs.push_back(p.x);
        ys.push_back(p.y);
    }
    curve_->setData(xs, ys);  // QCPCurve keeps the order: ROC and PR are parametric
    const std::optional<double> area = kind_ == Kind::Roc ? c.auroc() : c.averagePrecision();
    if (!area)
        caption_->setText(kind_ == Kind::Roc ? tr("needs normal and anomalous labels")
                                             : tr("needs anomalous labels"));
    else
        caption_->setText((kind_ == Kind::Roc ? tr("AUROC %1") : tr("AP %1")).arg(*area, 0, 'f', 3));
    followThreshold();
}

void RocPrPlot::followThreshold() {
    const QPointF p = operatingPoint();
    if (std::isnan(p.x()) || std::isnan(p.y()))
        point_->data()->clear();
    else
        point_->setData({p.x()}, {p.y()});
    if (!replotTimer_.isActive())
        replotTimer_.start();
}

} // namespace faultline::ui
