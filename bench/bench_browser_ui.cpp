// Cost of the dataset browser with n samples, on the real widgets (offscreen): building the
// model, sorting and filtering the proxy, moving the threshold with a verdict filter on, and
// scrolling the thumbnail grid and the table one page at a time (paint included). Thumbnails
// come from an in-memory loader here, so the figures are GUI-thread costs; decoding runs in
// the cache's worker pool and is measured by bench_scan/bench_demo on the data side.
//
//   QT_QPA_PLATFORM=offscreen build/release/bench/bench_browser_ui [n=100000] [pages=200]
#include "ui/dataset/DatasetBrowser.h"
#include "ui/dataset/SampleFilterProxy.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/dataset/ThumbnailCache.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QListView>
#include <QScrollBar>
#include <QTableView>

#include <cstdio>
#include <ctime>
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

// GUI-thread CPU time: the figure that does not depend on what else the machine runs.
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Cost {
    double wall = 0.0, cpu = 0.0;
};

template <typename F>
Cost measure(F&& f, int repeats = 1) {
    QElapsedTimer t;
    t.start();
    const double c0 = threadCpuMs();
    for (int i = 0; i < repeats; ++i) f(i);
    return {msSince(t) / repeats, (threadCpuMs() - c0) / repeats};
}

// Scrolls the view page by page, painting each page synchronously; cost per page.
Cost scrollPages(QAbstractItemView* view, int pages) {
    QScrollBar* bar = view->verticalScrollBar();
    const int step = std::max(1, bar->pageStep());
    return measure([&](int p) {
        bar->setValue((p * step) % std::max(1, bar->maximum()));
        view->viewport()->repaint();
        QCoreApplication::processEvents();
    }, pages);
}

void report(const char* what, Cost c, const char* unit) {
    std::printf("%-34s %9.2f ms wall %9.2f ms GUI-thread CPU %s\n", what, c.wall, c.cpu, unit);
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

    const Cost build = measure([&](int) { model.setSamples(synthetic(n)); });

    DatasetBrowser browser(&model, &cache);
    browser.resize(1280, 900);
    browser.show();
    QCoreApplication::processEvents();
    SampleFilterProxy* proxy = browser.proxy();

    const Cost sort = measure([&](int) { proxy->sort(SampleTableModel::ScoreColumn, Qt::DescendingOrder); });
    const Cost textFilter = measure([&](int) { proxy->setTextFilter(QStringLiteral("crack")); });
    proxy->setTextFilter(QString());
    proxy->setVerdictFilter(int(SampleTableModel::Verdict::Fail));
    constexpr int kMoves = 50;
    // One drag step: verdicts repaint at once; the filter follows when the drag rests.
    const Cost move = measure([&](int i) {
        model.setDecisionRule(core::DecisionRule(0.3 + 0.4 * i / kMoves));
        QCoreApplication::processEvents();
    }, kMoves);
    const Cost rest = measure([&](int) { proxy->refilter(); });
    proxy->setVerdictFilter(SampleFilterProxy::kAnyVerdict);
    const Cost label = measure([&](int i) { model.setUserLabels({i * 997}, core::GroundTruth::Anomalous); }, 50);

    // Let the grid finish its batched layout before scrolling it.
    QListView* grid = browser.gridView();
    QElapsedTimer t;
    t.start();
    while (grid->verticalScrollBar()->maximum() < (n / 20) && msSince(t) < 60000) QCoreApplication::processEvents();
    const Cost gridCold = scrollPages(grid, pages);
    cache.waitForIdle();
    const Cost gridWarm = scrollPages(grid, pages);
    browser.viewTabs()->setCurrentIndex(1);
    QCoreApplication::processEvents();
    const Cost table = scrollPages(browser.tableView(), pages);

    std::printf("samples %d, %d pages scrolled\n", n, pages);
    report("model build", build, "");
    report("proxy sort by score", sort, "");
    report("text filter", textFilter, "");
    report("threshold move (verdict filter on)", move, "per move");
    report("verdict refilter when drag rests", rest, "");
    report("label one sample (no filter)", label, "per label");
    report("grid scroll, thumbnails loading", gridCold, "per page");
    report("grid scroll, thumbnails cached", gridWarm, "per page");
    report("table scroll", table, "per page");
    std::printf("thumbnail cache %.1f of %.1f MiB budget\n", cache.usedBytes() / 1048576.0,
                cache.budgetBytes() / 1048576.0);
    return 0;
}
