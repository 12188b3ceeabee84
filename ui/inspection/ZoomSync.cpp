#include "ui/inspection/ZoomSync.h"

#include <QGraphicsView>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>

namespace faultline::ui {

ZoomSync::ZoomSync(QObject* parent) : QObject(parent) {}

void ZoomSync::addView(QGraphicsView* view) {
    m_views.push_back(view);
    view->setDragMode(QGraphicsView::ScrollHandDrag);
    view->setTransformationAnchor(QGraphicsView::NoAnchor);
    view->viewport()->installEventFilter(this);
    view->setTransform(QTransform::fromScale(m_zoom, m_zoom));
    const auto followThis = [this, view] { follow(view); };
    connect(view->horizontalScrollBar(), &QScrollBar::valueChanged, this, followThis);
    connect(view->verticalScrollBar(), &QScrollBar::valueChanged, this, followThis);
}

void ZoomSync::setZoom(double factor) {
    factor = std::clamp(factor, kMinZoom, kMaxZoom);
    if (factor == m_zoom)
        return;
    m_zoom = factor;
    m_syncing = true;
    for (const auto& v : m_views)
        if (v)
            v->setTransform(QTransform::fromScale(m_zoom, m_zoom));
    m_syncing = false;
    if (!m_views.isEmpty() && m_views.front())
        follow(m_views.front());
    Q_EMIT zoomChanged(m_zoom);
}

void ZoomSync::zoomBy(double step, QGraphicsView* anchorView, const QPoint& anchor) {
    if (!anchorView) {
        setZoom(m_zoom * step);
        return;
    }
    // Keep the scene point under the cursor where it is.
    const QPointF scenePoint = anchorView->mapToScene(anchor);
    setZoom(m_zoom * step);
    const QPointF moved = anchorView->mapFromScene(scenePoint);
    const QPointF delta = moved - QPointF(anchor);
    anchorView->horizontalScrollBar()->setValue(anchorView->horizontalScrollBar()->value() + int(std::lround(delta.x())));
    anchorView->verticalScrollBar()->setValue(anchorView->verticalScrollBar()->value() + int(std::lround(delta.y())));
    follow(anchorView);
}

void ZoomSync::fitAll() {
    if (m_views.isEmpty() || !m_views.front() || !m_views.front()->scene())
        return;
    QGraphicsView* v = m_views.front();
    const QRectF scene = v->scene()->itemsBoundingRect();
    const QSize port = v->viewport()->size();
    if (scene.isEmpty() || port.isEmpty())
        return;
    setZoom(std::min(port.width() / scene.width(), port.height() / scene.height()));
}

void ZoomSync::follow(QGraphicsView* source) {
    if (m_syncing || !source)
        return;
    m_syncing = true;
    const int h = source->horizontalScrollBar()->value();
    const int v = source->verticalScrollBar()->value();
    for (const auto& view : m_views) {
        if (!view || view == source)
            continue;
        view->horizontalScrollBar()->setValue(h);
        view->verticalScrollBar()->setValue(v);
    }
    m_syncing = false;
}

bool ZoomSync::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::Wheel)
        return QObject::eventFilter(watched, event);
    auto* wheel = static_cast<QWheelEvent*>(event);
    for (const auto& view : m_views) {
        if (view && view->viewport() == watched) {
            const int notches = wheel->angleDelta().y() / 120;
            if (notches != 0)
                zoomBy(std::pow(kWheelStep, notches), view, wheel->position().toPoint());
            return true;  // the wheel zooms; it never scrolls just one view
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace faultline::ui
