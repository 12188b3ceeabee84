#pragma once
// Thumbnails made off the GUI thread into a bounded LRU cache of QPixmaps.
//
// Threads: decoding runs in the cache's own QThreadPool (QtConcurrent); the finished QImage is
// turned into a QPixmap on the GUI thread. Every public function is GUI-thread only.
// Memory: at most budgetBytes() of pixmaps are kept (default 64 MiB, ~1,800 thumbnails of
// 96x96 RGBA at device pixel ratio 1, a quarter as many at ratio 2); the least recently shown
// are dropped first.
// High-DPI: thumbnails are decoded at side x devicePixelRatio() device pixels and carry that
// ratio, so painters draw them at side x side logical pixels, sharp on a 2x screen. Requests are served newest first and
// at most kMaxPending wait, so scrolling fast through 100,000 samples loads only what is on
// screen now and never queues the whole dataset.

#include <QCache>
#include <QHash>
#include <QSet>
#include <QObject>
#include <QPixmap>
#include <QThreadPool>

#include <deque>
#include <functional>

namespace faultline::ui {

class ThumbnailCache : public QObject {
    Q_OBJECT
public:
    using Loader = std::function<QImage(const QString& path, int side, QString* error)>;
    static constexpr qint64 kDefaultBudgetBytes = 64LL * 1024 * 1024;
    static constexpr int kMaxPending = 256;   // requests older than this are forgotten

    explicit ThumbnailCache(int side = 96, QObject* parent = nullptr);
    ~ThumbnailCache() override;

    // The cached thumbnail, or a null pixmap after queueing a load (thumbnailReady follows).
    QPixmap thumbnail(const QString& path);
    bool contains(const QString& path) const { return m_cache.contains(path); }
    QString errorFor(const QString& path) const { return m_errors.value(path); }
    void clear();

    int side() const { return m_side; }  // logical pixels
    // Defaults to the application's ratio (the highest of its screens). A new ratio drops the
    // cached thumbnails, which were made for the old one.
    void setDevicePixelRatio(qreal ratio);
    qreal devicePixelRatio() const { return m_ratio; }
    int pixelSide() const;  // side() in device pixels, what the loader is asked for
    void setBudgetBytes(qint64 bytes);
    qint64 budgetBytes() const { return m_cache.maxCost(); }
    qint64 usedBytes() const { return m_cache.totalCost(); }
    int runningJobs() const { return m_running; }
    void setLoader(Loader loader) { m_loader = std::move(loader); }  // for other decoders
    void waitForIdle();  // blocks until queued jobs finished (shutdown, tests)

Q_SIGNALS:
    void thumbnailReady(const QString& path);
    void thumbnailFailed(const QString& path, const QString& error);

private:
    void startNext();
    void finished(const QString& path, const QImage& image, const QString& error);

    int m_side;
    qreal m_ratio = 1.0;
    Loader m_loader;
    QCache<QString, QPixmap> m_cache;        // cost in bytes
    QHash<QString, QString> m_errors;        // failed paths are not retried
    std::deque<QString> m_pending;           // newest at the front
    QSet<QString> m_queued;                  // pending or running
    QThreadPool m_pool;
    int m_running = 0;
    quint64 m_generation = 0;                // results from before clear() are dropped
};

} // namespace faultline::ui
