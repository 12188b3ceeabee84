#include "ui/plot/PlotPalette.h"

#include "ui/plot/PlotLineStyle.h"

#include <QEvent>
#include <qcustomplot.h>

namespace faultline::ui {

namespace {
constexpr double kGridMix = 0.18;     // share of text colour in the grid lines
constexpr double kSubGridMix = 0.08;
constexpr double kZeroLineMix = 0.35;
constexpr int kLegendAlpha = 225;     // legend box lets a bar behind it show faintly

QColor mix(const QColor& base, const QColor& over, double t) {
    return QColor::fromRgbF(float(base.redF() + (over.redF() - base.redF()) * t),
                            float(base.greenF() + (over.greenF() - base.greenF()) * t),
                            float(base.blueF() + (over.blueF() - base.blueF()) * t));
}
} // namespace

PlotPalette::PlotPalette(QCustomPlot* plot) : QObject(plot), m_plot(plot) {}

PlotPalette* PlotPalette::follow(QCustomPlot* plot) {
    auto* follower = new PlotPalette(plot);
    plot->installEventFilter(follower);
    apply(plot);
    return follower;
}

bool PlotPalette::isDark(const QPalette& palette) { return palette.color(QPalette::Base).lightnessF() < 0.5; }

QColor PlotPalette::gridColour(const QPalette& palette) {
    return mix(palette.color(QPalette::Base), palette.color(QPalette::Text), kGridMix);
}

QColor PlotPalette::curveColour(const QPalette& palette) {
    return isDark(palette) ? PlotLineStyle::curve().lighter(220) : PlotLineStyle::curve();
}

void PlotPalette::apply(QCustomPlot* plot) {
    const QPalette& p = plot->palette();
    const QColor base = p.color(QPalette::Base), text = p.color(QPalette::Text);
    plot->setBackground(p.brush(QPalette::Window));
    for (QCPAxisRect* rect : plot->axisRects()) {
        rect->setBackground(QBrush(base));
        for (QCPAxis* axis : rect->axes()) {
            axis->setBasePen(QPen(text, 1));
            axis->setTickPen(QPen(text, 1));
            axis->setSubTickPen(QPen(text, 1));
            axis->setTickLabelColor(text);
            axis->setLabelColor(text);
            axis->setSelectedTickLabelColor(p.color(QPalette::Highlight));
            axis->grid()->setPen(QPen(gridColour(p), 1, Qt::DotLine));
            axis->grid()->setSubGridPen(QPen(mix(base, text, kSubGridMix), 1, Qt::DotLine));
            axis->grid()->setZeroLinePen(QPen(mix(base, text, kZeroLineMix), 1));
        }
    }
    QColor legendFill = base;
    legendFill.setAlpha(kLegendAlpha);
    plot->legend->setBrush(legendFill);
    plot->legend->setBorderPen(QPen(gridColour(p), 1));
    plot->legend->setTextColor(text);
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
        if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i)))
            title->setTextColor(text);
    // Free captions follow the text colour; tags drawn on a coloured box keep their own.
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPItemText*>(plot->item(i)); item && item->brush().style() == Qt::NoBrush)
            item->setColor(text);
}

bool PlotPalette::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_plot && (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)) {
        apply(m_plot);
        Q_EMIT applied(m_plot->palette());
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
    return QObject::eventFilter(watched, event);
}

} // namespace faultline::ui
