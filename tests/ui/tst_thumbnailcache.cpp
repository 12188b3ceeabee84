#include "ui/SampleTableModel.h"
#include "ui/ThumbnailCache.h"

#include <QFile>
#include <QIcon>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace faultline::ui;

namespace {
QString writeImage(const QTemporaryDir& dir, const QString& name, QSize size, QColor colour) {
    QImage image(size, QImage::Format_RGB888);
    image.fill(colour);
    const QString path = dir.filePath(name);
    image.save(path);
    return path;
}
} // namespace

class TestThumbnailCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decodesOffTheGuiThreadAndCaches() {
        QTemporaryDir dir;
        const QString path = writeImage(dir, "wide image.png", {300, 150}, Qt::red);
        ThumbnailCache cache(64);
        QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
        QVERIFY(cache.thumbnail(path).isNull());  // queued, not decoded on this thread
        QVERIFY(ready.wait(5000));
        QCOMPARE(ready[0][0].toString(), path);
        const QPixmap pm = cache.thumbnail(path);
        QCOMPARE(pm.size(), QSize(64, 32));  // fits the square, keeps the aspect ratio
        QCOMPARE(pm.toImage().pixelColor(10, 10), QColor(Qt::red));
        QVERIFY(cache.usedBytes() > 0);
    }

    void reportsBrokenFilesOnce() {
        QTemporaryDir dir;
        const QString path = dir.filePath("not really.png");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is text, not a PNG");
        f.close();
        ThumbnailCache cache(64);
        QSignalSpy failed(&cache, &ThumbnailCache::thumbnailFailed);
        cache.thumbnail(path);
        QVERIFY(failed.wait(5000));
        QVERIFY2(failed[0][1].toString().contains(path), qPrintable(failed[0][1].toString()));
        QVERIFY(cache.thumbnail(path).isNull());
        cache.waitForIdle();
        QCOMPARE(failed.size(), 1);  // not retried
        QVERIFY(!cache.errorFor(path).isEmpty());
    }

    void staysWithinItsBudget() {
        QTemporaryDir dir;
        ThumbnailCache cache(32);
        const qint64 perThumb = 32 * 32 * 4;
        cache.setBudgetBytes(perThumb * 5);
        QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
        QStringList paths;
        for (int i = 0; i < 12; ++i) paths << writeImage(dir, QStringLiteral("%1.png").arg(i), {40, 40}, QColor(i * 20, 0, 0));
        for (const QString& p : paths) cache.thumbnail(p);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 12, 10000);
        QVERIFY(cache.usedBytes() <= cache.budgetBytes());
        int kept = 0;
        QString touched;
        for (const QString& p : paths)
            if (cache.contains(p)) { ++kept; touched = p; }
        QCOMPARE(kept, 5);
        // The least recently shown goes first: a thumbnail just painted survives new arrivals.
        QVERIFY(!cache.thumbnail(touched).isNull());
        for (int i = 0; i < 4; ++i) cache.thumbnail(writeImage(dir, QStringLiteral("n%1.png").arg(i), {40, 40}, Qt::gray));
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 16, 10000);
        QVERIFY(cache.contains(touched));
        QVERIFY(cache.usedBytes() <= cache.budgetBytes());
    }

    void onlyTheNewestRequestsWait() {
        QTemporaryDir dir;
        const QString path = writeImage(dir, "a.png", {8, 8}, Qt::blue);
        ThumbnailCache cache(16);
        int calls = 0;
        cache.setLoader([&calls, path](const QString& p, int side, QString* error) {
            ++calls;  // only this worker touches it while the GUI thread waits below
            QThread::msleep(2);
            return QImage(p == path ? path : path).scaled(side, side);
        });
        for (int i = 0; i < ThumbnailCache::kMaxPending * 3; ++i) cache.thumbnail(QStringLiteral("/x/%1.png").arg(i));
        cache.waitForIdle();
        QVERIFY(calls <= ThumbnailCache::kMaxPending + cache.runningJobs() + 4);
        QVERIFY(calls >= ThumbnailCache::kMaxPending);
    }

    void modelAnnouncesReadyThumbnails() {
        QTemporaryDir dir;
        const QString path = writeImage(dir, "s.png", {20, 20}, Qt::green);
        SampleTableModel model;
        SampleRow row;
        row.id = 1;
        row.name = "s.png";
        row.path = path;
        model.setSamples({row});
        ThumbnailCache cache(16);
        model.setThumbnailCache(&cache);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(!model.index(0, 0).data(Qt::DecorationRole).isValid());
        QVERIFY(changed.wait(5000));
        QCOMPARE(changed[0][2].value<QList<int>>(), QList<int>{Qt::DecorationRole});
        const QIcon icon = model.index(0, 0).data(Qt::DecorationRole).value<QIcon>();
        QVERIFY(!icon.isNull());
        QCOMPARE(icon.pixmap(QSize(16, 16)).size(), QSize(16, 16));
    }
};

QTEST_MAIN(TestThumbnailCache)
#include "tst_thumbnailcache.moc"
