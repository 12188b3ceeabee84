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
    : QObject(parent), m_plot(plot), m_caption(caption) {
    m_line = new QCPItemStraightLine(plot);
    m_line->setPen(QPen(colour, 2.0));
    m_line->setSelectable(false);
    // x in plot coordinates, y as a fraction of the axis rect: the line spans any y range.
    m_line->point1->setTypeX(QCPItemPosition::ptPlotCoords);
    m_line->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_line->point2->setTypeX(QCPItemPosition::ptPlotCoords);
    m_line->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);

    m_tag = new QCPItemText(plot);
    m_tag->setSelectable(false);
    m_tag->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_tag->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_tag->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_tag->setColor(Qt::white);
    m_tag->setBrush(colour);
    m_tag->setPadding(QMargins(3, 1, 3, 1));
    m_tag->setClipToAxisRect(false);
    setValue(0.0);
}

ThresholdLine::~ThresholdLine() {
    // When the plot is being destroyed it has already deleted the items (clearing these
    // pointers) while m_plot still points at the half-destroyed widget: test the items first
    // so a dying plot is never touched.
    if (m_line && m_plot)
        m_plot->removeItem(m_line);
    if (m_tag && m_plot)
        m_plot->removeItem(m_tag);
}

void ThresholdLine::setValue(double x) {
    m_value = x;
    if (!m_line || !m_tag)
        return;
    m_line->point1->setCoords(x, 0.0);
    m_line->point2->setCoords(x, 1.0);
    m_tag->position->setCoords(x, kTagRowHeight * m_tagRow);
    m_tag->setText(m_caption.isEmpty() ? QString::number(x, 'g', 4)
                                     : m_caption + QLatin1Char(' ') + QString::number(x, 'g', 4));
}

void ThresholdLine::setTagRow(int row) {
    m_tagRow = row;
    setValue(m_value);
}

void ThresholdLine::setPenStyle(Qt::PenStyle style) {
    if (!m_line)
        return;
    QPen pen = m_line->pen();
    pen.setStyle(style);
    m_line->setPen(pen);
}

void ThresholdLine::setVisible(bool visible) {
    if (m_line)
        m_line->setVisible(visible);
    if (m_tag)
        m_tag->setVisible(visible);
}

bool ThresholdLine::isVisible() const { return m_line && m_line->visible(); }

double ThresholdLine::pixelX() const { return m_plot->xAxis->coordToPixel(m_value); }

double ThresholdLine::pixelDistance(const QPointF& pos) const {
    if (!isVisible())
        return std::numeric_limits<double>::infinity();
    return std::abs(pixelX() - pos.x());
}

} // namespace faultline::ui
