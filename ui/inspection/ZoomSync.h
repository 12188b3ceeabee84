#pragma once
// Keeps several QGraphicsViews on the same zoom and pan: a wheel turn over any of them
// zooms all about the cursor, dragging pans all (the scroll bars follow each other).
// The views must show scenes of the same pixel size. Does not own the views.
// GUI thread only.

#include <QObject>
#include <QPoint>
#include <QPointer>
#include <QVector>

class QGraphicsView;

namespace faultline::ui {

class ZoomSync : public QObject {
    Q_OBJECT
public:
    explicit ZoomSync(QObject* parent = nullptr);

    void addView(QGraphicsView* view);
    double zoom() const { return m_zoom; }
    void setZoom(double factor);  // 1 = one image pixel per screen pixel
    void zoomBy(double step, QGraphicsView* anchorView = nullptr, const QPoint& anchor = {});
    void fitAll();                // the whole image visible in the first view

    static constexpr double kWheelStep = 1.25;  // zoom factor per wheel notch
    static constexpr double kMinZoom = 0.05;
    static constexpr double kMaxZoom = 64.0;

Q_SIGNALS:
    void zoomChanged(double factor);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void follow(QGraphicsView* source);

    QVector<QPointer<QGraphicsView>> m_views;
    double m_zoom = 1.0;
    bool m_syncing = false;  // guards against scroll bars echoing each other
};

} // namespace faultline::ui
