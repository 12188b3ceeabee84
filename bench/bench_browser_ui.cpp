// Cost of the dataset browser with n samples, on the real widgets (offscreen): building the
// model, sorting and filtering the proxy, moving the threshold with a verdict filter on, and
// scrolling the thumbnail grid and the table one page at a time (paint included). Thumbnails
// come from an in-memory loader here, so the figures are GUI-thread costs; decoding runs in
// the cache's worker pool and is measured by bench_scan/bench_demo on the data side.
//
//   QT_QPA_PLATFORM=offscreen build/release/bench/bench_browser_ui [n=100000] [pages=200]
#include "ui/DatasetBrowser.h"
#include "ui/SampleFilterProxy.h"
#include "ui/SampleTableModel.h"
#include "ui/ThumbnailCache.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QListView>
#include <QScrollBar>
#include <QTableView>

#include <cstdio>
#include <random>

using namespace faultline;
using namespace faultline::ui;

namespace {
QVector<SampleRow> synthetic(int n) {
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const QString defects[] = {QStringLiteral("good"), QStringLiteral("crack"), QStringLiteral("hole")};
    QVector<SampleRow> rows;
    rows.reserve(n);
    for (int i = 0; i < n; ++i) {
        SampleRow r;
        r.id = i + 1;
        r.defect = defects[i % 3];
        r.name = QStringLiteral("test/%1/%2.png").arg(r.defect).arg(i, 6, 10, QLatin1Char('0'));
        r.path = QStringLiteral("/data/") + r.name;
        r.split = i % 10 == 0 ? core::Split::Val : core::Split::Test;
        r.truth = i % 3 ? core::GroundTruth::Anomalous : core::GroundTruth::Normal;
        r.score = u(rng);
        rows.push_back(r);
    }
    return rows;
}

double msSince(const QElapsedTimer& t) { return t.nsecsElapsed() / 1e6; }

// Scrolls the view page by page, painting each page synchronously; returns ms per page.
double scrollPages(QAbstractItemView* view, int pages) {
    QScrollBar* bar = view->verticalScrollBar();
    const int step = std::max(1, bar->pageStep());
    QElapsedTimer t;
    t.start();
    for (int p = 0; p < pages; ++p) {
        bar->setValue((p * step) % std::max(1, bar->maximum()));
        view->viewport()->repaint();
        QCoreApplication::processEvents();
    }
    return msSince(t) / pages;
}
} // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    const int n = argc > 1 ? std::atoi(argv[1]) : 100000;
    const int pages = argc > 2 ? std::atoi(argv[2]) : 200;

    ThumbnailCache cache(96);
    cache.setLoader([](const QString& path, int side, QString*) {
        QImage img(side, side, QImage::Format_RGB888);
        img.fill(QColor::fromHsv(int(qHash(path) % 360), 80, 200));
        return img;
    });
    SampleTableModel model;
    model.setThumbnailCache(&cache);

    QElapsedTimer t;
    t.start();
    model.setSamples(synthetic(n));
    const double build = msSince(t);

    DatasetBrowser browser(&model, &cache);
    browser.resize(1280, 900);
    browser.show();
    QCoreApplication::processEvents();

    t.restart();
    browser.proxy()->sort(SampleTableModel::ScoreColumn, Qt::DescendingOrder);
    const double sort = msSince(t);
    t.restart();
    browser.proxy()->setTextFilter(QStringLiteral("crack"));
    const double textFilter = msSince(t);
    browser.proxy()->setTextFilter(QString());
    browser.proxy()->setVerdictFilter(int(SampleTableModel::Verdict::Fail));
    constexpr int kMoves = 50;
    t.restart();
    for (int i = 0; i < kMoves; ++i) model.setThreshold(0.3 + 0.4 * i / kMoves);
    const double thresholdMove = msSince(t) / kMoves;
    browser.proxy()->setVerdictFilter(SampleFilterProxy::kAnyVerdict);

    // Let the grid finish its batched layout before scrolling it.
    QListView* grid = browser.gridView();
    t.restart();
    while (grid->verticalScrollBar()->maximum() < (n / 20) && msSince(t) < 60000) QCoreApplication::processEvents();
    const double layout = msSince(t);
    const double gridPage = scrollPages(grid, pages);
    cache.waitForIdle();
    const double gridPageWarm = scrollPages(grid, pages);
    browser.viewTabs()->setCurrentIndex(1);
    QCoreApplication::processEvents();
    const double tablePage = scrollPages(browser.tableView(), pages);

    std::printf("samples                       %d\n", n);
    std::printf("model build                   %.1f ms\n", build);
    std::printf("proxy sort by score           %.1f ms\n", sort);
    std::printf("text filter                   %.1f ms\n", textFilter);
    std::printf("threshold move, verdict filter %.2f ms per move\n", thresholdMove);
    std::printf("grid batched layout           %.1f ms\n", layout);
    std::printf("grid scroll, cold cache       %.2f ms per page\n", gridPage);
    std::printf("grid scroll, after loads      %.2f ms per page\n", gridPageWarm);
    std::printf("table scroll                  %.2f ms per page\n", tablePage);
    std::printf("thumbnail cache               %.1f of %.1f MiB budget\n", cache.usedBytes() / 1048576.0,
                cache.budgetBytes() / 1048576.0);
    return 0;
}
