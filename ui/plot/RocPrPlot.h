#pragma once
// ROC or precision-recall curve of the active scores with the operating point at the
// session's threshold. The curve is the session's downsampled copy (a few hundred points),
// so a threshold move costs one O(log n) query and a fixed-size replot.
// GUI thread only; replots batched like HistogramPlot.

#include <qcustomplot.h>

namespace faultline::core { class ThresholdSession; }

namespace faultline::ui {

class RocPrPlot : public QCustomPlot {
    Q_OBJECT
public:
    enum class Kind { Roc, PrecisionRecall };

    RocPrPlot(Kind kind, core::ThresholdSession* session, QWidget* parent = nullptr);

    Kind kind() const { return m_kind; }
    QPointF operatingPoint() const;  // (x, y) in plot coordinates; NaN when undefined
    // AUROC / AP in a corner, or, without the labels they need, what is missing in the middle.
    const QCPItemText* caption() const { return m_caption; }

    static constexpr int kReplotMs = 40;
    static constexpr int kCurvePoints = 400;  // plotted points, whatever n is

private:
    void rebuildCurve();
    void followThreshold();

    Kind m_kind;
    core::ThresholdSession* m_session;
    QCPCurve* m_curve;
    QCPGraph* m_point;
    QCPItemText* m_caption;
    QTimer m_replotTimer;
};

} // namespace faultline::ui
