#include "ui/dataset/SampleTableModel.h"
#include "ui/dataset/ThumbnailCache.h"
#include "ui/dataset/ThumbnailDelegate.h"

#include <QFile>
#include <QIcon>
#include <QImage>
#include <QApplication>
#include <QPainter>
#include <QStyleOptionViewItem>
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

// One browser row for the image at path.
faultline::ui::SampleRow oneRow(const QString& name, const QString& path) {
    faultline::ui::SampleRow row;
    row.id = 1;
    row.name = name;
    row.path = path;
    return row;
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
        model.setSamples({oneRow("s.png", path)});
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

    // On a 2x screen a thumbnail is decoded at twice the side in device pixels and carries
    // ratio 2, so it takes side x side logical pixels; changing the ratio drops the thumbnails
    // made for the old one.
    void rendersAtTheDevicePixelRatio() {
        QTemporaryDir dir;
        const QString path = writeImage(dir, "wide.png", {300, 150}, Qt::blue);
        ThumbnailCache cache(48);
        QCOMPARE(cache.devicePixelRatio(), qApp->devicePixelRatio());
        cache.setDevicePixelRatio(2.0);
        QCOMPARE(cache.pixelSide(), 96);
        QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
        cache.thumbnail(path);
        QVERIFY(ready.wait(5000));
        QPixmap pm = cache.thumbnail(path);
        QCOMPARE(pm.size(), QSize(96, 48));
        QCOMPARE(pm.devicePixelRatio(), 2.0);
        QCOMPARE(pm.deviceIndependentSize(), QSizeF(48, 24));

        cache.setDevicePixelRatio(1.5);
        QVERIFY(!cache.contains(path));
        QCOMPARE(cache.usedBytes(), 0);
        cache.thumbnail(path);
        QVERIFY(ready.wait(5000));
        pm = cache.thumbnail(path);
        QCOMPARE(pm.size(), QSize(72, 36));
        QCOMPARE(pm.devicePixelRatio(), 1.5);
    }

    // The grid delegate paints a 2x thumbnail pixel for pixel on a 2x surface: one-pixel
    // stripes stay one pixel wide (drawn at 1x and scaled up they would come out in pairs).
    void delegateDrawsSharpOnAHighDpiSurface() {
        QTemporaryDir dir;
        constexpr int side = 32;
        QImage stripes(2 * side, 2 * side, QImage::Format_RGB32);
        for (int y = 0; y < stripes.height(); ++y)
            for (int x = 0; x < stripes.width(); ++x)
                stripes.setPixel(x, y, x % 2 ? qRgb(255, 255, 255) : qRgb(0, 0, 0));
        const QString path = dir.filePath("stripes.png");
        QVERIFY(stripes.save(path));
        SampleTableModel model;
        model.setSamples({oneRow("stripes.png", path)});
        ThumbnailCache cache(side);
        cache.setDevicePixelRatio(2.0);
        model.setThumbnailCache(&cache);
        QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
        model.index(0, 0).data(Qt::DecorationRole);
        QVERIFY(ready.wait(5000));

        ThumbnailDelegate delegate(side);
        const QSize cell = delegate.cellSize();
        QImage surface(cell * 2, QImage::Format_RGB32);
        surface.setDevicePixelRatio(2.0);
        surface.fill(Qt::gray);
        QStyleOptionViewItem option;
        option.rect = QRect(QPoint(0, 0), cell);
        option.palette = QApplication::palette();
        option.font = QApplication::font();
        {
            QPainter painter(&surface);
            delegate.paint(&painter, option, model.index(0, 0));
        }
        // The thumbnail box starts 6 logical pixels in (the delegate's padding): 12 device pixels.
        const int y = 12 + side;
        int alternations = 0;
        for (int x = 12; x < 12 + 2 * side - 1; ++x)
            alternations += qGray(surface.pixel(x, y)) != qGray(surface.pixel(x + 1, y));
        QCOMPARE(alternations, 2 * side - 1);
        QCOMPARE(qGray(surface.pixel(12, y)), 0);
        QCOMPARE(qGray(surface.pixel(13, y)), 255);
    }
};

QTEST_MAIN(TestThumbnailCache)
#include "tst_thumbnailcache.moc"
