#include "ui/plot/ThresholdLine.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace faultline::ui {

namespace {
constexpr double kTagGap = 3.0;  // px between tags, and between a tag and the axis rect's edge
const QMargins kTagPadding(3, 1, 3, 1);
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
    m_tag->position->setType(QCPItemPosition::ptAbsolute);  // placed by placeTags()
    m_tag->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_tag->setColor(Qt::white);
    m_tag->setBrush(colour);
    m_tag->setPadding(kTagPadding);
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
    m_tag->setText(m_caption.isEmpty() ? QString::number(x, 'g', 4)
                                     : m_caption + QLatin1Char(' ') + QString::number(x, 'g', 4));
}

void ThresholdLine::setCaption(const QString& caption) {
    m_caption = caption;
    setValue(m_value);
}

QSizeF ThresholdLine::tagSize() const {
    if (!m_tag)
        return {};
    const QFontMetricsF fm(m_tag->font());
    return {fm.horizontalAdvance(m_tag->text()) + kTagPadding.left() + kTagPadding.right(),
            fm.height() + kTagPadding.top() + kTagPadding.bottom()};
}

QRectF ThresholdLine::tagRect() const {
    if (!m_tag)
        return {};
    const QSizeF size = tagSize();
    const QPointF top = m_tag->position->pixelPosition();
    return {top.x() - size.width() / 2.0, top.y(), size.width(), size.height()};
}

void ThresholdLine::placeTags(QCustomPlot* plot, const QVector<ThresholdLine*>& lines) {
    const QRectF area = plot->axisRect()->rect();
    QVector<ThresholdLine*> shown;
    for (ThresholdLine* l : lines)
        if (l && l->isVisible() && l->m_tag)
            shown.push_back(l);
    std::sort(shown.begin(), shown.end(), [](const ThresholdLine* a, const ThresholdLine* b) { return a->m_value < b->m_value; });
    QVector<QVector<std::pair<double, double>>> rows;  // per row: the [left, right] spans taken
    for (ThresholdLine* l : shown) {
        const QSizeF size = l->tagSize();
        const double half = size.width() / 2.0;
        // Above its line, but never over the axes: pushed inwards at the edges.
        double centre = l->pixelX();
        centre = std::max(centre, area.left() + kTagGap + half);
        centre = std::min(centre, area.right() - kTagGap - half);
        const double left = centre - half - kTagGap, right = centre + half + kTagGap;
        int row = 0;
        for (; row < rows.size(); ++row) {
            bool free = true;
            for (const auto& span : rows[row])
                free = free && (right <= span.first || left >= span.second);
            if (free)
                break;
        }
        if (row == rows.size())
            rows.push_back({});
        rows[row].push_back({left, right});
        l->m_tag->position->setCoords(centre, area.top() + kTagGap + row * (size.height() + kTagGap));
    }
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
