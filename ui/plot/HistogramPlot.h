#pragma once
// Score histogram split by label (stacked bars: normal, anomalous, unlabelled) with the
// threshold line or, with the review band on, its two lines (the upper one is the threshold,
// so the threshold line is hidden then), all draggable with the mouse. Line tags are laid out
// so that none covers another or an axis. Shows what the ThresholdSession holds and writes
// drags back to it; keeps no threshold of its own.
// The count axis can be logarithmic (normals squeezed into a few bins next to a long anomalous
// tail stay readable), and the score axis zooms: the wheel zooms about the cursor, dragging
// where there is no line pans, a double click shows every score again; the right-click menu
// offers both. GUI thread only. Replots are batched (at most one per kReplotMs) however fast
// the mouse.

#include <qcustomplot.h>

namespace faultline::core { class ThresholdSession; }

namespace faultline::ui {

class ThresholdLine;

class HistogramPlot : public QCustomPlot {
    Q_OBJECT
public:
    enum class Line { None, Threshold, BandLow, BandHigh, Committed };

    explicit HistogramPlot(core::ThresholdSession* session, QWidget* parent = nullptr);

    ThresholdLine* line(Line which) const;
    bool isDragging() const { return m_dragging != Line::None; }
    void scheduleReplot();
    void setLogCounts(bool on);
    bool logCounts() const { return m_logCounts; }
    void zoomScores(double factor, double about);  // factor < 1 zooms in, about a score
    void resetZoom();                              // every score visible again
    bool isZoomed() const { return m_zoomed; }

    static constexpr int kReplotMs = 40;   // one replot per ~frame pair while dragging
    static constexpr double kGrabPixels = 6.0;  // how close a press must be to grab a line

Q_SIGNALS:
    // A drag of the threshold line ended; from/to are the values at press and release.
    void thresholdDragFinished(double from, double to);
    // A drag of a review-band line ended; the band as it was at press (the session holds the
    // band at release).
    void reviewBandDragFinished(bool fromEnabled, double fromLow, double fromHigh);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void rebuildBars();
    void followThreshold(double value);
    void followBand();
    void followCommitted();
    Line lineAt(const QPointF& pos) const;
    void dragTo(double x);
    QCPRange fullScoreRange() const;
    void applyScoreRange(QCPRange range);  // clamped to the full range
    core::ThresholdSession* m_session;
    QCPBars* m_normal;
    QCPBars* m_anomalous;
    QCPBars* m_unlabelled;
    ThresholdLine* m_threshold;
    ThresholdLine* m_bandLow;
    ThresholdLine* m_bandHigh;
    ThresholdLine* m_committed;  // where the last commit put the threshold; not draggable
    QTimer m_replotTimer;
    Line m_dragging = Line::None;
    double m_dragStart = 0.0;
    bool m_bandStartEnabled = false;
    double m_bandStartLow = 0.0, m_bandStartHigh = 0.0;
    bool m_logCounts = false;
    bool m_zoomed = false;
    bool m_panning = false;
    double m_panStartPixel = 0.0;
    QCPRange m_panStartRange;
};

} // namespace faultline::ui
