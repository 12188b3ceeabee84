#pragma once
// Makes a QCustomPlot take its frame colours from the widget palette, so plots follow the
// light and dark themes: background, axis rect, axes, ticks, tick labels, axis labels, grid,
// legend, title and free text items. Data colours (PlotLineStyle) are kept, except where a
// plot asks for a palette-aware one (curveColour()). GUI thread only.

#include <QObject>
#include <QPalette>

class QCustomPlot;

namespace faultline::ui {

class PlotPalette : public QObject {
    Q_OBJECT
public:
    // Applies the plot's palette now and again whenever it changes (the widget's own palette
    // or the application's). The follower is a child of the plot and dies with it.
    static PlotPalette* follow(QCustomPlot* plot);
    // Sets the frame colours from plot->palette(); does not replot.
    static void apply(QCustomPlot* plot);

    static bool isDark(const QPalette& palette);
    // The grid colour: a faint mix of text on base, visible on both themes.
    static QColor gridColour(const QPalette& palette);
    // PlotLineStyle::curve() on light, a lighter tint of it on dark backgrounds.
    static QColor curveColour(const QPalette& palette);

Q_SIGNALS:
    void applied(const QPalette& palette);  // after apply(), before the replot

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    explicit PlotPalette(QCustomPlot* plot);
    QCustomPlot* m_plot;
};

} // namespace faultline::ui
