// Every panel plot (histogram, ROC, PR, loss curves) takes its frame colours from the widget
// palette and follows it when the application switches between the light and dark themes,
// or when the plot's own palette changes. Checked on the plot's settings and on the pixels
// it renders.
#include "core/threshold/ThresholdSession.h"
#include "ui/plot/HistogramPlot.h"
#include "ui/plot/LossPlot.h"
#include "ui/plot/PlotLineStyle.h"
#include "ui/plot/PlotPalette.h"
#include "ui/plot/RocPrPlot.h"
#include "ui/window/Theme.h"

#include <QApplication>
#include <QImage>
#include <QtTest>

#include <memory>

using namespace faultline;

namespace {
core::ScoreSet scores() {
    core::ScoreSet s;
    for (int i = 0; i < 200; ++i) {
        s.scores.push_back(i % 5 == 0 ? 0.6 + 0.001 * i : 0.2 + 0.001 * i);
        s.truths.push_back(i % 5 == 0 ? core::GroundTruth::Anomalous : core::GroundTruth::Normal);
    }
    return s;
}

// What a plot must show for palette p: checked on each axis rect, axis, grid and legend.
void expectFollows(QCustomPlot* plot, const QPalette& p) {
    const QColor text = p.color(QPalette::Text), base = p.color(QPalette::Base);
    QCOMPARE(plot->palette().color(QPalette::Base), base);
    QCOMPARE(plot->axisRect()->backgroundBrush().color(), base);
    for (QCPAxis* axis : plot->axisRect()->axes()) {
        QCOMPARE(axis->basePen().color(), text);
        QCOMPARE(axis->tickPen().color(), text);
        QCOMPARE(axis->tickLabelColor(), text);
        QCOMPARE(axis->labelColor(), text);
        QCOMPARE(axis->grid()->pen().color(), ui::PlotPalette::gridColour(p));
    }
    QCOMPARE(plot->legend->textColor(), text);
    QCOMPARE(plot->legend->brush().color().rgb(), base.rgb());
    // Rendered: a pixel of the empty plot area inside the axis rect (top-left corner, away from
    // data, lines and legend) is the base colour.
    plot->replot();
    const QImage image = plot->toPixmap(plot->width(), plot->height(), 1.0).toImage();
    const QRect rect = plot->axisRect()->rect();
    QCOMPARE(QColor(image.pixel(rect.left() + 4, rect.top() + 4)).rgb(), base.rgb());
    // Outside the axis rect (the margin around the axes) the plot background is the window colour.
    QCOMPARE(QColor(image.pixel(1, 1)).rgb(), p.color(QPalette::Window).rgb());
}
} // namespace

class TestPlotPalette : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<core::ThresholdSession> session_;
    std::unique_ptr<QWidget> host_;
    QList<QCustomPlot*> plots_;

private Q_SLOTS:
    void init() {
        ui::applyTheme(ui::Theme::Light);
        session_ = std::make_unique<core::ThresholdSession>();
        session_->setScores(scores());
        host_ = std::make_unique<QWidget>();
        auto* layout = new QVBoxLayout(host_.get());
        plots_ = {new ui::HistogramPlot(session_.get()), new ui::RocPrPlot(ui::RocPrPlot::Kind::Roc, session_.get()),
                  new ui::RocPrPlot(ui::RocPrPlot::Kind::PrecisionRecall, session_.get()), new ui::LossPlot};
        for (QCustomPlot* plot : plots_)
            layout->addWidget(plot);
        host_->resize(500, 1200);
        host_->show();
        QVERIFY(QTest::qWaitForWindowExposed(host_.get()));
    }
    void cleanup() {
        plots_.clear();
        host_.reset();
        session_.reset();
        ui::applyTheme(ui::Theme::Light);
    }

    void lightThemeAtStart() {
        for (QCustomPlot* plot : plots_)
            expectFollows(plot, QApplication::palette());
        QVERIFY(!ui::PlotPalette::isDark(QApplication::palette()));
    }

    void switchingToDarkRecoloursEveryPlot() {
        ui::applyTheme(ui::Theme::Dark);
        const QPalette dark = QApplication::palette();
        QVERIFY(ui::PlotPalette::isDark(dark));
        for (QCustomPlot* plot : plots_)
            QTRY_COMPARE(plot->axisRect()->backgroundBrush().color(), dark.color(QPalette::Base));
        for (QCustomPlot* plot : plots_)
            expectFollows(plot, dark);
        // The ROC/PR curve is lightened so it stays visible on the dark background.
        auto* roc = static_cast<ui::RocPrPlot*>(plots_[1]);
        bool lightened = false;
        for (int i = 0; i < roc->plottableCount(); ++i)
            if (auto* curve = qobject_cast<QCPCurve*>(roc->plottable(i)))
                lightened = curve->pen().color() == ui::PlotPalette::curveColour(dark)
                            && curve->pen().color().lightnessF() > ui::PlotLineStyle::curve().lightnessF();
        QVERIFY(lightened);

        // And back.
        ui::applyTheme(ui::Theme::Light);
        for (QCustomPlot* plot : plots_)
            QTRY_COMPARE(plot->axisRect()->backgroundBrush().color(), QApplication::palette().color(QPalette::Base));
        for (QCustomPlot* plot : plots_)
            expectFollows(plot, QApplication::palette());
    }

    void aPaletteSetOnThePlotItselfIsFollowed() {
        QPalette custom = QApplication::palette();
        custom.setColor(QPalette::Base, QColor(0x10, 0x20, 0x30));
        custom.setColor(QPalette::Text, QColor(0xf0, 0xe0, 0xd0));
        plots_[3]->setPalette(custom);
        QTRY_COMPARE(plots_[3]->axisRect()->backgroundBrush().color(), QColor(0x10, 0x20, 0x30));
        expectFollows(plots_[3], custom);
        // The others keep the application palette.
        expectFollows(plots_[0], QApplication::palette());
    }

    // Without labels the curves say what they need, inside the plot even at the small size the
    // threshold panel gives them (the text used to run past the axis and be cut off).
    void emptyCurveCaptionFitsTheAxisRect() {
        core::ThresholdSession session;
        core::ScoreSet unlabelled;
        for (int i = 0; i < 20; ++i) {
            unlabelled.scores.push_back(0.1 * i);
            unlabelled.truths.push_back(core::GroundTruth::Unknown);
        }
        session.setScores(unlabelled);
        for (const ui::RocPrPlot::Kind kind : {ui::RocPrPlot::Kind::Roc, ui::RocPrPlot::Kind::PrecisionRecall}) {
            ui::RocPrPlot plot(kind, &session);
            plot.resize(170, 180);
            plot.show();
            QTest::qWait(ui::RocPrPlot::kReplotMs * 3);
            plot.replot();
            const QCPItemText* caption = plot.caption();
            QVERIFY(caption->text().contains(QLatin1String("labels")));
            const QRect rect = plot.axisRect()->rect();
            const QPointF tl = caption->topLeft->pixelPosition(), br = caption->bottomRight->pixelPosition();
            QVERIFY2(rect.contains(tl.toPoint()) && rect.contains(br.toPoint()),
                     qPrintable(QStringLiteral("caption %1,%2-%3,%4 outside the axis rect %5,%6-%7,%8")
                                    .arg(tl.x()).arg(tl.y()).arg(br.x()).arg(br.y())
                                    .arg(rect.left()).arg(rect.top()).arg(rect.right()).arg(rect.bottom())));
        }
    }

    // The loss curve refits on every update with a margin: no point, not even the first one at
    // epoch 0 or the lowest loss, sits on the frame where its marker is cut off.
    void lossPlotKeepsEveryPointInsideTheFrame() {
        ui::LossPlot plot;
        plot.resize(400, 260);
        plot.show();
        const double losses[] = {0.9, 0.31, 0.12, 0.08, 0.05};
        for (int e = 0; e < 5; ++e) {
            plot.addTrainPoint(e, losses[e] * 1.1);
            plot.addValidationPoint(e, losses[e]);
            QTest::qWait(ui::LossPlot::kReplotMs * 2);
            const QCPRange x = plot.xAxis->range(), y = plot.yAxis->range();
            for (int k = 0; k <= e; ++k) {
                QVERIFY2(x.lower < k && k < x.upper, qPrintable(QStringLiteral("epoch %1 outside %2..%3").arg(k).arg(x.lower).arg(x.upper)));
                QVERIFY(y.lower < losses[k] && losses[k] * 1.1 < y.upper);
            }
        }
    }
};

QTEST_MAIN(TestPlotPalette)
#include "tst_plotpalette.moc"
