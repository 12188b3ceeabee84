#pragma once
// Reports which image pixel is under the mouse in any of several QGraphicsViews, so the
// inspection view can show the original, reconstruction and error values there.
// Watches the views' viewports; owns nothing. GUI thread only.

#include <QObject>
#include <QPoint>
#include <QSize>
#include <QPointer>
#include <QVector>

class QGraphicsView;

namespace faultline::ui {

class PixelProbe : public QObject {
    Q_OBJECT
public:
    explicit PixelProbe(QObject* parent = nullptr);

    void addView(QGraphicsView* view);
    void setImageSize(const QSize& size) { m_size = size; }

Q_SIGNALS:
    void pixelHovered(const QPoint& pixel);  // inside the image, in image pixel coordinates
    void left();                             // the cursor left the image

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QVector<QPointer<QGraphicsView>> m_views;
    QSize m_size;
};

} // namespace faultline::ui
