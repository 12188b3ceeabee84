// Per-move cost of dragging the threshold with n scored samples, measured on the real
// widgets (offscreen). A move is: the mouse event on the histogram, the session's
// O(log n) query, the confusion matrix texts; the batched work (at most once per 40 ms)
// is one replot of each plot plus the changed-verdicts list and per-defect table.
//
//   build/release/bench/bench_threshold_ui [n=1000000] [moves=2000]
#include "core/threshold/ThresholdSession.h"
#include "ui/plot/HistogramPlot.h"
#include "ui/plot/RocPrPlot.h"
#include "ui/plot/ThresholdLine.h"
#include "ui/threshold/ThresholdPanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>

#include <cstdio>
#include <random>

using namespace faultline;

namespace {
core::ScoreSet synthetic(int n) {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal(0.30, 0.08), anomalous(0.65, 0.12);
    core::ScoreSet s;
    s.scores.reserve(n);
    s.truths.reserve(n);
    s.defects.reserve(n);
    const QString defects[] = {QStringLiteral("crack"), QStringLiteral("hole"), QStringLiteral("scratch")};
    for (int i = 0; i < n; ++i) {
        const int kind = i % 100;  // 5% anomalous, 10% unlabelled
        if (kind < 5) {
            s.scores.push_back(anomalous(rng));
            s.truths.push_back(core::GroundTruth::Anomalous);
            s.defects.push_back(defects[i % 3]);
        } else {
            s.scores.push_back(normal(rng));
            s.truths.push_back(kind < 15 ? core::GroundTruth::Unknown : core::GroundTruth::Normal);
            s.defects.push_back(QStringLiteral("good"));
        }
    }
    return s;
}

void send(QWidget* w, QEvent::Type type, const QPointF& pos, Qt::MouseButtons buttons) {
    QMouseEvent e(type, pos, w->mapToGlobal(pos), type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton,
                  buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

template <typename F> double microsPer(int reps, F&& f) {
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < reps; ++i)
        f(i);
    return double(t.nsecsElapsed()) / 1000.0 / reps;
}
} // namespace

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int n = argc > 1 ? std::atoi(argv[1]) : 1000000;
    const int moves = argc > 2 ? std::atoi(argv[2]) : 2000;

    core::ThresholdSession session;
    core::ScoreSet set = synthetic(n);
    QElapsedTimer load;
    load.start();
    session.setScores(std::move(set));
    const double loadMs = load.nsecsElapsed() / 1e6;

    ui::ThresholdPanel panel(&session);
    panel.resize(1400, 900);
    panel.show();
    app.processEvents();
    session.setThreshold(0.45);
    session.commit(QStringLiteral("baseline"));
    ui::HistogramPlot* plot = panel.histogram();
    plot->replot();

    // Drag across the middle of the score range, one pixel step per move.
    const double y = plot->axisRect()->rect().center().y();
    const double x0 = plot->line(ui::HistogramPlot::Line::Threshold)->pixelX();
    send(plot, QEvent::MouseButtonPress, {x0, y}, Qt::LeftButton);
    const double perMove = microsPer(moves, [&](int i) {
        send(plot, QEvent::MouseMove, {x0 + (i % 200) - 100, y}, Qt::LeftButton);
    });
    send(plot, QEvent::MouseButtonRelease, {x0, y}, Qt::NoButton);

    const double query = microsPer(moves * 50, [&](int i) {
        volatile qint64 tp = session.metricsAt(0.2 + 0.5 * (i % 1000) / 1000.0).counts.tp;
        (void)tp;
    });
    const int frames = 200;
    const double histReplot = microsPer(frames, [&](int) { plot->replot(); });
    const double rocReplot = microsPer(frames, [&](int) { panel.rocPlot()->replot(); });
    const double prReplot = microsPer(frames, [&](int) { panel.prPlot()->replot(); });
    // The batched details (changed-verdicts list, per-defect table) run via the panel's timer:
    // time the event-loop turn that runs them after a move.
    const double details = microsPer(frames, [&](int i) {
        session.setThreshold(0.40 + 0.001 * (i % 100));
        QElapsedTimer wait;
        wait.start();
        while (wait.elapsed() < 45)  // let the 40 ms timers fire
            app.processEvents(QEventLoop::AllEvents, 5);
    }) - 45000.0;

    // A label edit: metrics, curves and histogram at once; method suggestions after the burst.
    const double labelEdit = microsPer(20, [&](int i) {
        session.setTruth(i * 7919, i % 2 ? core::GroundTruth::Anomalous : core::GroundTruth::Normal);
    });
    QElapsedTimer sugg;
    sugg.start();
    session.setCosts(session.costs());  // recomputes every method's suggestion now
    const double suggestionsMs = sugg.nsecsElapsed() / 1e6;

    std::printf("n = %d samples, %d moves\n", n, moves);
    std::printf("load (sort, histogram, curves, suggestions): %.1f ms\n", loadMs);
    std::printf("threshold query (metricsAt):                 %.3f us\n", query);
    std::printf("mouse move incl. confusion texts:            %.1f us\n", perMove);
    std::printf("histogram replot:                            %.0f us\n", histReplot);
    std::printf("ROC replot:                                  %.0f us\n", rocReplot);
    std::printf("PR replot:                                   %.0f us\n", prReplot);
    std::printf("batched frame work (replots + lists), approx: %.0f us\n", details);
    std::printf("label edit (metrics, curves, histogram):     %.1f ms\n", labelEdit / 1000.0);
    std::printf("all threshold methods recomputed:            %.1f ms\n", suggestionsMs);
    return 0;
}
