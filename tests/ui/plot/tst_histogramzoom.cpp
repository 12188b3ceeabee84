// The score histogram's reading aids, driven with the mouse: the wheel zooms the score axis
// about the cursor, dragging where there is no line pans it (the threshold stays put), a double
// click shows every score again, label edits keep the zoom, and the log count axis keeps a bin
// of one sample visible next to a bin of thousands.
#include "core/threshold/ThresholdSession.h"
#include "ui/plot/HistogramPlot.h"

#include <QApplication>
#include <QWheelEvent>
#include <QtTest>

using namespace faultline;

namespace {
// 5,000 normals packed near 0.1 and a long tail of 20 anomalies up to 10.
core::ScoreSet longTail() {
    core::ScoreSet s;
    for (int i = 0; i < 5000; ++i) {
        s.scores.push_back(0.1 + 0.00001 * i);
        s.truths.push_back(core::GroundTruth::Normal);
    }
    for (int i = 0; i < 20; ++i) {
        s.scores.push_back(0.5 + 0.5 * i);
        s.truths.push_back(core::GroundTruth::Anomalous);
    }
    return s;
}

void wheel(QWidget* w, QPoint at, int notches) {
    QWheelEvent e(at, w->mapToGlobal(at), QPoint(), QPoint(0, 120 * notches), Qt::NoButton, Qt::NoModifier,
                  Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &e);
}
} // namespace

class TestHistogramZoom : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wheelZoomsDragPansDoubleClickResets() {
        core::ThresholdSession session;
        session.setScores(longTail());
        session.setThreshold(8.0);
        ui::HistogramPlot plot(&session);
        plot.resize(600, 300);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replot();
        const QCPRange full = plot.xAxis->range();
        QVERIFY(full.lower < 0.1 && full.upper > 10.0);

        // Zoom in three notches about a point left of the middle, where no line is.
        const QPoint at(plot.axisRect()->left() + plot.axisRect()->width() / 4, plot.axisRect()->center().y());
        const double under = plot.xAxis->pixelToCoord(at.x());
        wheel(&plot, at, 3);
        const QCPRange zoomed = plot.xAxis->range();
        QVERIFY(plot.isZoomed());
        QVERIFY(zoomed.size() < full.size() * 0.7);
        QVERIFY(std::abs(plot.xAxis->pixelToCoord(at.x()) - under) < full.size() * 0.01); // about the cursor

        // Drag on the bars: the axis pans right-to-left, the threshold does not move.
        QTest::mousePress(&plot, Qt::LeftButton, Qt::NoModifier, at);
        QTest::mouseMove(&plot, at + QPoint(-100, 0));
        QTest::mouseRelease(&plot, Qt::LeftButton, Qt::NoModifier, at + QPoint(-100, 0));
        QVERIFY(plot.xAxis->range().lower > zoomed.lower);
        QCOMPARE(session.threshold(), 8.0);

        // A label edit rebuilds the bars but keeps what the user zoomed to.
        const QCPRange before = plot.xAxis->range();
        session.setTruth(0, core::GroundTruth::Anomalous);
        QCOMPARE(plot.xAxis->range().lower, before.lower);

        QTest::mouseDClick(&plot, Qt::LeftButton, Qt::NoModifier, at);
        QVERIFY(!plot.isZoomed());
        QCOMPARE(plot.xAxis->range().lower, full.lower);
        QCOMPARE(plot.xAxis->range().upper, full.upper);
    }

    void logCountAxisShowsSingleSamples() {
        core::ThresholdSession session;
        session.setScores(longTail());
        ui::HistogramPlot plot(&session);
        plot.setLogCounts(true);
        QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(plot.yAxis->range().lower > 0.0 && plot.yAxis->range().lower < 1.0); // a one-sample bar shows
        QVERIFY(plot.yAxis->range().upper >= 5000.0);
        plot.setLogCounts(false);
        QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLinear);
        QCOMPARE(plot.yAxis->range().lower, 0.0);
    }
};

QTEST_MAIN(TestHistogramZoom)
#include "tst_histogramzoom.moc"
