#include "ui/inspection/PixelProbe.h"

#include <QGraphicsView>
#include <QMouseEvent>

#include <cmath>

namespace faultline::ui {

PixelProbe::PixelProbe(QObject* parent) : QObject(parent) {}

void PixelProbe::addView(QGraphicsView* view) {
    m_views.push_back(view);
    view->viewport()->setMouseTracking(true);
    view->viewport()->installEventFilter(this);
}

bool PixelProbe::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::MouseMove && event->type() != QEvent::Leave)
        return QObject::eventFilter(watched, event);
    for (const auto& view : m_views) {
        if (!view || view->viewport() != watched)
            continue;
        if (event->type() == QEvent::Leave) {
            Q_EMIT left();
            break;
        }
        const QPointF scene = view->mapToScene(static_cast<QMouseEvent*>(event)->position().toPoint());
        const QPoint pixel(int(std::floor(scene.x())), int(std::floor(scene.y())));
        if (pixel.x() >= 0 && pixel.y() >= 0 && pixel.x() < m_size.width() && pixel.y() < m_size.height())
            Q_EMIT pixelHovered(pixel);
        else
            Q_EMIT left();
        break;
    }
    return QObject::eventFilter(watched, event);  // never swallow: panning still works
}

} // namespace faultline::ui
