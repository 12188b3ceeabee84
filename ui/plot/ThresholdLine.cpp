#include "ui/plot/ThresholdLine.h"

#include <qcustomplot.h>

#include <cmath>
#include <limits>

namespace faultline::ui {

namespace {
constexpr double kTagRowHeight = 0.07;  // fraction of the axis rect per tag row
}

ThresholdLine::ThresholdLine(QCustomPlot* plot, const QColor& colour, const QString& caption,
                             QObject* parent)
    : QObject(parent), plot_(plot), caption_(caption) {
    line_ = new QCPItemStraightLine(plot);
    line_->setPen(QPen(colour, 2.0));
    line_->setSelectable(false);
    // x in plot coordinates, y as a fraction of the axis rect: the line spans any y range.
    line_->point1->setTypeX(QCPItemPosition::ptPlotCoords);
    line_->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
    line_->point2->setTypeX(QCPItemPosition::ptPlotCoords);
    line_->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);

    tag_ = new QCPItemText(plot);
    tag_->setSelectable(false);
    tag_->position->setTypeX(QCPItemPosition::ptPlotCoords);
    tag_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    tag_->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
    tag_->setColor(Qt::white);
    tag_->setBrush(colour);
    tag_->setPadding(QMargins(3, 1, 3, 1));
    tag_->setClipToAxisRect(false);
    setValue(0.0);
}

ThresholdLine::~ThresholdLine() {
    // When the plot is being destroyed it has already deleted the items (clearing these
    // pointers) while plot_ still points at the half-destroyed widget: test the items first
    // so a dying plot is never touched.
    if (line_ && plot_)
        plot_->removeItem(line_);
    if (tag_ && plot_)
        plot_->removeItem(tag_);
}

void ThresholdLine::setValue(double x) {
    value_ = x;
    if (!line_ || !tag_)
        return;
    line_->point1->setCoords(x, 0.0);
    line_->point2->setCoords(x, 1.0);
    tag_->position->setCoords(x, kTagRowHeight * tagRow_);
    tag_->setText(caption_.isEmpty() ? QString::number(x, 'g', 4)
                                     : caption_ + QLatin1Char(' ') + QString::number(x, 'g', 4));
}

void ThresholdLine::setTagRow(int row) {
    tagRow_ = row;
    setValue(value_);
}

void ThresholdLine::setPenStyle(Qt::PenStyle style) {
    if (!line_)
        return;
    QPen pen = line_->pen();
    pen.setStyle(style);
    line_->setPen(pen);
}

void ThresholdLine::setVisible(bool visible) {
    if (line_)
        line_->setVisible(visible);
    if (tag_)
        tag_->setVisible(visible);
}

bool ThresholdLine::isVisible() const { return line_ && line_->visible(); }

double ThresholdLine::pixelX() const { return plot_->xAxis->coordToPixel(value_); }

double ThresholdLine::pixelDistance(const QPointF& pos) const {
    if (!isVisible())
        return std::numeric_limits<double>::infinity();
    return std::abs(pixelX() - pos.x());
}

} // namespace faultline::ui
