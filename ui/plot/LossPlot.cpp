#include "ui/plot/LossPlot.h"

#include "ui/plot/PlotLineStyle.h"
#include "ui/plot/PlotPalette.h"

#include <algorithm>
#include <cmath>

namespace faultline::ui {

LossPlot::LossPlot(QWidget* parent) : QCustomPlot(parent) {
    setObjectName(QStringLiteral("lossPlot"));
    setMinimumSize(320, 200);
    setToolTip(tr("Training loss (every few batches) and validation loss on held-out normal "
                  "images (every epoch). Validation loss that rises while training loss falls "
                  "means overfitting; early stopping keeps the best epoch."));
    xAxis->setLabel(tr("epoch"));
    yAxis->setLabel(tr("loss"));
    yAxis->setScaleType(QCPAxis::stLogarithmic);  // losses fall over decades
    yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    legend->setVisible(true);
    m_train = addGraph();
    m_train->setName(tr("training"));
    m_train->setPen(QPen(PlotLineStyle::train(), 1.5));
    m_validation = addGraph();
    m_validation->setName(tr("validation"));
    m_validation->setPen(QPen(PlotLineStyle::validation(), 2));
    m_validation->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    m_replotTimer.setSingleShot(true);
    m_replotTimer.setInterval(kReplotMs);
    connect(&m_replotTimer, &QTimer::timeout, this, [this] {
        fitAxes();
        replot();
    });
    PlotPalette::follow(this);
}

void LossPlot::fitAxes() {
    rescaleAxes();
    // A margin on every side, so the first and the extreme points (and their markers) sit inside
    // the frame instead of on it: 4% of the epochs, a factor of 1.25 on the log loss axis.
    const QCPRange x = xAxis->range();
    const double pad = std::max(0.04 * x.size(), 0.05);
    xAxis->setRange(std::min(0.0, x.lower) - pad, x.upper + pad);
    const QCPRange y = yAxis->range();
    if (y.lower > 0.0) yAxis->setRange(y.lower / 1.25, y.upper * 1.25);
}

void LossPlot::clear() {
    m_train->data()->clear();
    m_validation->data()->clear();
    scheduleReplot();
}

void LossPlot::addTrainPoint(double epoch, double loss) {
    if (std::isfinite(loss) && loss > 0.0)  // a log axis cannot show 0 or NaN; the panel warns
        m_train->addData(epoch, loss);
    scheduleReplot();
}

void LossPlot::addValidationPoint(double epoch, double loss) {
    if (std::isfinite(loss) && loss > 0.0)
        m_validation->addData(epoch, loss);
    scheduleReplot();
}

int LossPlot::trainPointCount() const { return m_train->dataCount(); }
int LossPlot::validationPointCount() const { return m_validation->dataCount(); }

void LossPlot::scheduleReplot() {
    if (!m_replotTimer.isActive())
        m_replotTimer.start();
}

} // namespace faultline::ui
