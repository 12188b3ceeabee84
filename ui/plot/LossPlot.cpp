#include "ui/plot/LossPlot.h"

#include "ui/plot/PlotLineStyle.h"
#include "ui/plot/PlotPalette.h"

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
    train_ = addGraph();
    train_->setName(tr("training"));
    train_->setPen(QPen(PlotLineStyle::train(), 1.5));
    validation_ = addGraph();
    validation_->setName(tr("validation"));
    validation_->setPen(QPen(PlotLineStyle::validation(), 2));
    validation_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    replotTimer_.setSingleShot(true);
    replotTimer_.setInterval(kReplotMs);
    connect(&replotTimer_, &QTimer::timeout, this, [this] {
        rescaleAxes();
        xAxis->setRangeLower(0.0);
        replot();
    });
    PlotPalette::follow(this);
}

void LossPlot::clear() {
    train_->data()->clear();
    validation_->data()->clear();
    scheduleReplot();
}

void LossPlot::addTrainPoint(double epoch, double loss) {
    if (std::isfinite(loss) && loss > 0.0)  // a log axis cannot show 0 or NaN; the panel warns
        train_->addData(epoch, loss);
    scheduleReplot();
}

void LossPlot::addValidationPoint(double epoch, double loss) {
    if (std::isfinite(loss) && loss > 0.0)
        validation_->addData(epoch, loss);
    scheduleReplot();
}

int LossPlot::trainPointCount() const { return train_->dataCount(); }
int LossPlot::validationPointCount() const { return validation_->dataCount(); }

void LossPlot::scheduleReplot() {
    if (!replotTimer_.isActive())
        replotTimer_.start();
}

} // namespace faultline::ui
