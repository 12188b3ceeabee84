#include "ui/dataset/ThumbnailCache.h"

#include "ui/dataset/ThumbnailLoader.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QFutureWatcher>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace faultline::ui {

namespace {
struct Decoded {
    QImage image;
    QString error;
};
} // namespace

ThumbnailCache::ThumbnailCache(int side, QObject* parent)
    : QObject(parent), m_side(side), m_loader(&loadThumbnail) {
    m_cache.setMaxCost(kDefaultBudgetBytes);
    if (qGuiApp)
        m_ratio = qGuiApp->devicePixelRatio();
    // Leave one core to the GUI thread and the rest of the program.
    m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount() - 1));
}

ThumbnailCache::~ThumbnailCache() {
    m_pending.clear();
    m_pool.waitForDone();
}

void ThumbnailCache::setBudgetBytes(qint64 bytes) { m_cache.setMaxCost(bytes); }

void ThumbnailCache::setDevicePixelRatio(qreal ratio) {
    if (!(ratio > 0.0) || ratio == m_ratio)
        return;
    m_ratio = ratio;
    clear();  // also drops results in flight, which were decoded at the old ratio
}

int ThumbnailCache::pixelSide() const { return int(std::ceil(m_side * m_ratio)); }

void ThumbnailCache::clear() {
    m_cache.clear();
    m_errors.clear();
    for (const QString& p : m_pending) m_queued.remove(p);
    m_pending.clear();
    ++m_generation;
}

void ThumbnailCache::waitForIdle() {
    while (m_running > 0 || !m_pending.empty()) {
        m_pool.waitForDone();
        QCoreApplication::sendPostedEvents(this);
        QCoreApplication::processEvents();
    }
}

QPixmap ThumbnailCache::thumbnail(const QString& path) {
    if (const QPixmap* hit = m_cache.object(path)) return *hit;
    if (path.isEmpty() || m_errors.contains(path)) return {};
    if (m_queued.contains(path)) {
        // Asked again: it is on screen now, so serve it before older requests.
        const auto it = std::find(m_pending.begin(), m_pending.end(), path);
        if (it != m_pending.end() && it != m_pending.begin()) {
            m_pending.erase(it);
            m_pending.push_front(path);
        }
        return {};
    }
    m_queued.insert(path);
    m_pending.push_front(path);
    while (int(m_pending.size()) > kMaxPending) {
        m_queued.remove(m_pending.back());
        m_pending.pop_back();
    }
    startNext();
    return {};
}

void ThumbnailCache::startNext() {
    while (m_running < m_pool.maxThreadCount() && !m_pending.empty()) {
        const QString path = m_pending.front();
        m_pending.pop_front();
        ++m_running;
        const quint64 generation = m_generation;
        auto* watcher = new QFutureWatcher<Decoded>(this);
        connect(watcher, &QFutureWatcher<Decoded>::finished, this, [this, watcher, path, generation] {
            watcher->deleteLater();
            --m_running;
            const Decoded result = watcher->result();
            if (generation == m_generation) finished(path, result.image, result.error);
            else m_queued.remove(path);
            startNext();
        });
        const Loader loader = m_loader;
        const int side = pixelSide();
        watcher->setFuture(QtConcurrent::run(&m_pool, [loader, path, side] {
            Decoded d;
            d.image = loader(path, side, &d.error);
            return d;
        }));
    }
}

void ThumbnailCache::finished(const QString& path, const QImage& image, const QString& error) {
    m_queued.remove(path);
    if (image.isNull()) {
        const QString reason = error.isEmpty() ? QStringLiteral("%1: cannot be decoded").arg(path) : error;
        m_errors.insert(path, reason);
        Q_EMIT thumbnailFailed(path, reason);
        return;
    }
    // QPixmap only here, on the GUI thread. Decoded at pixelSide(): drawn at side() logical.
    auto* pixmap = new QPixmap(QPixmap::fromImage(image));
    pixmap->setDevicePixelRatio(m_ratio);
    const qint64 cost = qint64(pixmap->width()) * pixmap->height() * std::max(1, pixmap->depth() / 8);
    m_cache.insert(path, pixmap, cost);
    Q_EMIT thumbnailReady(path);
}

} // namespace faultline::ui
