#include "ui/inspection/ZoomSync.h"

#include <QGraphicsView>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>

namespace faultline::ui {

ZoomSync::ZoomSync(QObject* parent) : QObject(parent) {}

void ZoomSync::addView(QGraphicsView* view) {
    views_.push_back(view);
    view->setDragMode(QGraphicsView::ScrollHandDrag);
    view->setTransformationAnchor(QGraphicsView::NoAnchor);
    view->viewport()->installEventFilter(this);
    view->setTransform(QTransform::fromScale(zoom_, zoom_));
    const auto followThis = [this, view] { follow(view); };
    connect(view->horizontalScrollBar(), &QScrollBar::valueChanged, this, followThis);
    connect(view->verticalScrollBar(), &QScrollBar::valueChanged, this, followThis);
}

void ZoomSync::setZoom(double factor) {
    factor = std::clamp(factor, kMinZoom, kMaxZoom);
    if (factor == zoom_)
        return;
    zoom_ = factor;
    syncing_ = true;
    for (const auto& v : views_)
        if (v)
            v->setTransform(QTransform::fromScale(zoom_, zoom_));
    syncing_ = false;
    if (!views_.isEmpty() && views_.front())
        follow(views_.front());
    Q_EMIT zoomChanged(zoom_);
}

void ZoomSync::zoomBy(double step, QGraphicsView* anchorView, const QPoint& anchor) {
    if (!anchorView) {
        setZoom(zoom_ * step);
        return;
    }
    // Keep the scene point under the cursor where it is.
    const QPointF scenePoint = anchorView->mapToScene(anchor);
    setZoom(zoom_ * step);
    const QPointF moved = anchorView->mapFromScene(scenePoint);
    const QPointF delta = moved - QPointF(anchor);
    anchorView->horizontalScrollBar()->setValue(anchorView->horizontalScrollBar()->value() + int(std::lround(delta.x())));
    anchorView->verticalScrollBar()->setValue(anchorView->verticalScrollBar()->value() + int(std::lround(delta.y())));
    follow(anchorView);
}

void ZoomSync::fitAll() {
    if (views_.isEmpty() || !views_.front() || !views_.front()->scene())
        return;
    QGraphicsView* v = views_.front();
    const QRectF scene = v->scene()->itemsBoundingRect();
    const QSize port = v->viewport()->size();
    if (scene.isEmpty() || port.isEmpty())
        return;
    setZoom(std::min(port.width() / scene.width(), port.height() / scene.height()));
}

void ZoomSync::follow(QGraphicsView* source) {
    if (syncing_ || !source)
        return;
    syncing_ = true;
    const int h = source->horizontalScrollBar()->value();
    const int v = source->verticalScrollBar()->value();
    for (const auto& view : views_) {
        if (!view || view == source)
            continue;
        view->horizontalScrollBar()->setValue(h);
        view->verticalScrollBar()->setValue(v);
    }
    syncing_ = false;
}

bool ZoomSync::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::Wheel)
        return QObject::eventFilter(watched, event);
    auto* wheel = static_cast<QWheelEvent*>(event);
    for (const auto& view : views_) {
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
