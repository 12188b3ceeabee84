// ThresholdPanel driven like a person: drag the red line, click method buttons, switch on
// the review band, commit with a note, type a threshold. Expected counts are brute-forced
// from the raw scores, independent of the session's sorted search.
#include "core/threshold/ThresholdSession.h"
#include "ui/threshold/ConfusionView.h"
#include "ui/plot/HistogramPlot.h"
#include "ui/plot/RocPrPlot.h"
#include "ui/plot/ThresholdLine.h"
#include "ui/threshold/ThresholdPanel.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <cmath>
#include <tuple>

using namespace faultline;
using core::GroundTruth;

namespace {
core::ScoreSet makeScores() {
    core::ScoreSet s;
    for (int i = 0; i < 300; ++i) {  // normals around 0.3, anomalies around 0.7, some unlabelled
        const double u = std::fmod(i * 0.618034, 1.0);
        if (i % 6 == 0) {
            s.scores.push_back(0.45 + 0.5 * u);
            s.truths.push_back(GroundTruth::Anomalous);
            s.defects.push_back(i % 12 == 0 ? QStringLiteral("scratch") : QStringLiteral("hole"));
        } else {
            s.scores.push_back(0.1 + 0.45 * u);
            s.truths.push_back(i % 25 == 1 ? GroundTruth::Unknown : GroundTruth::Normal);
            s.defects.push_back(QStringLiteral("good"));
        }
        s.names.push_back(QStringLiteral("img_%1.png").arg(i, 3, 10, QLatin1Char('0')));
    }
    return s;
}

struct Counts { qint64 tp = 0, fp = 0, tn = 0, fn = 0; };
Counts bruteForce(const core::ScoreSet& s, double t) {
    Counts c;
    for (size_t i = 0; i < s.scores.size(); ++i) {
        const bool flagged = s.scores[i] >= t;
        if (s.truths[i] == GroundTruth::Anomalous)
            (flagged ? c.tp : c.fn)++;
        else if (s.truths[i] == GroundTruth::Normal)
            (flagged ? c.fp : c.tn)++;
    }
    return c;
}
} // namespace

class TestThresholdPanel : public QObject {
    Q_OBJECT
private:
    core::ThresholdSession* session_ = nullptr;
    ui::ThresholdPanel* panel_ = nullptr;
    QUndoStack* undo_ = nullptr;

    QPoint linePixel(ui::HistogramPlot::Line which) {
        ui::HistogramPlot* plot = panel_->histogram();
        plot->replot();  // lays out the axis rect so coordinates map to pixels
        const int x = int(std::lround(plot->line(which)->pixelX()));
        return {x, plot->axisRect()->rect().center().y()};
    }
    void drag(const QPoint& from, const QPoint& to) {
        QWidget* plot = panel_->histogram();
        QTest::mousePress(plot, Qt::LeftButton, {}, from);
        QTest::mouseMove(plot, (from + to) / 2);
        QTest::mouseMove(plot, to);
        QTest::mouseRelease(plot, Qt::LeftButton, {}, to);
    }
    void expectConfusion(double threshold) {
        const Counts c = bruteForce(session_->scores(), threshold);
        ui::ConfusionView* view = panel_->confusion();
        QCOMPARE(view->text("tp"), QString::number(c.tp));
        QCOMPARE(view->text("fp"), QString::number(c.fp));
        QCOMPARE(view->text("tn"), QString::number(c.tn));
        QCOMPARE(view->text("fn"), QString::number(c.fn));
    }

private Q_SLOTS:
    void init() {
        session_ = new core::ThresholdSession;
        session_->setScores(makeScores());
        session_->setThreshold(0.5);
        panel_ = new ui::ThresholdPanel(session_);
        undo_ = new QUndoStack(panel_);
        panel_->setUndoStack(undo_);
        panel_->resize(1300, 850);
        panel_->show();
        QVERIFY(QTest::qWaitForWindowExposed(panel_));
    }
    void cleanup() {
        delete panel_;
        delete session_;
    }

    void draggingTheLineChangesTheConfusionMatrix() {
        expectConfusion(0.5);
        const QString tpBefore = panel_->confusion()->text("tp");
        const QPoint start = linePixel(ui::HistogramPlot::Line::Threshold);
        ui::HistogramPlot* plot = panel_->histogram();
        const QPoint end(int(plot->xAxis->coordToPixel(0.75)), start.y());
        drag(start, end);
        const double t = session_->threshold();
        QVERIFY2(std::abs(t - 0.75) < 2.0 * (plot->xAxis->range().size() / plot->axisRect()->width()),
                 qPrintable(QString::number(t)));
        expectConfusion(t);
        QVERIFY(panel_->confusion()->text("tp") != tpBefore);
        // The operating point followed: ROC's dot is at (FPR, recall) of the new threshold.
        const Counts c = bruteForce(session_->scores(), t);
        QCOMPARE(panel_->rocPlot()->operatingPoint().y(), double(c.tp) / double(c.tp + c.fn));
        // One drag is one undo step, and undo puts the line back.
        QCOMPARE(undo_->count(), 1);
        undo_->undo();
        QCOMPARE(session_->threshold(), 0.5);
        expectConfusion(0.5);
        QCOMPARE(panel_->histogram()->line(ui::HistogramPlot::Line::Threshold)->value(), 0.5);
    }

    void pressAwayFromTheLineDoesNotMoveIt() {
        const QPoint start = linePixel(ui::HistogramPlot::Line::Threshold);
        drag(start + QPoint(60, 0), start + QPoint(120, 0));
        QCOMPARE(session_->threshold(), 0.5);
        QCOMPARE(undo_->count(), 0);
    }

    void methodButtonMovesThresholdAndExplains() {
        auto* button = panel_->findChild<QPushButton*>(QStringLiteral("method:max-f1"));
        QVERIFY(button);
        QVERIFY(button->isEnabled());
        QVERIFY(button->toolTip().contains(QStringLiteral("F1")));
        QTest::mouseClick(button, Qt::LeftButton);
        // F1 brute-forced over every distinct score.
        double best = -1, bestT = 0;
        for (double t : session_->scores().scores) {
            const Counts c = bruteForce(session_->scores(), t);
            const double f1 = 2.0 * c.tp / double(2 * c.tp + c.fp + c.fn);
            if (f1 > best || (f1 == best && t > bestT)) { best = f1; bestT = t; }
        }
        QCOMPARE(session_->threshold(), bestT);
        expectConfusion(bestT);
        auto* explanation = panel_->findChild<QLabel*>(QStringLiteral("methodExplanation"));
        QVERIFY(explanation->text().contains(QStringLiteral("highest F1")));
        QCOMPARE(undo_->count(), 1);
    }

    void costsMoveTheMinimumCostThreshold() {
        auto* missed = panel_->findChild<QDoubleSpinBox*>(QStringLiteral("costMissedDefect"));
        missed->setValue(1000.0);  // a missed defect is ruinous: catch every anomaly
        QTest::mouseClick(panel_->findChild<QPushButton*>(QStringLiteral("method:min-cost")), Qt::LeftButton);
        QCOMPARE(panel_->confusion()->text("fn"), QStringLiteral("0"));
        auto* explanation = panel_->findChild<QLabel*>(QStringLiteral("methodExplanation"));
        QVERIFY(explanation->text().contains(QStringLiteral("missed defect 1000")));
    }

    void reviewBandLinesAppearAndDrag() {
        auto* enable = panel_->findChild<QCheckBox*>(QStringLiteral("bandEnabled"));
        QTest::mouseClick(enable, Qt::LeftButton);
        QVERIFY(session_->reviewBandEnabled());
        ui::HistogramPlot* plot = panel_->histogram();
        QVERIFY(plot->line(ui::HistogramPlot::Line::BandHigh)->isVisible());
        const QPoint high = linePixel(ui::HistogramPlot::Line::BandHigh);
        drag(high, high + QPoint(80, 0));
        const core::ReviewBand band = session_->reviewBand();
        QVERIFY(band.high > band.low);
        QVERIFY(band.high > 0.5 + 0.05);  // moved right of its start
        // The upper line is the threshold: one line, and the threshold moved with it.
        QCOMPARE(session_->threshold(), band.high);
        QVERIFY(!plot->line(ui::HistogramPlot::Line::Threshold)->isVisible());
        expectConfusion(band.high);
        qint64 inBand = 0;
        for (double s : session_->scores().scores)
            inBand += (s >= band.low && s < band.high);
        auto* count = panel_->findChild<QLabel*>(QStringLiteral("bandCount"));
        QTRY_VERIFY(count->text().startsWith(QString::number(inBand) + QLatin1Char(' ')));
        // The spin box shows the dragged value (to its six decimals).
        QVERIFY(std::abs(panel_->findChild<QDoubleSpinBox*>(QStringLiteral("bandHigh"))->value() - band.high) < 1e-6);
    }

    // Switching the band on, dragging its upper line and typing its lower edge are three
    // undo steps; undo walks back through them to the band being off, redo replays them.
    void reviewBandEditsUndoAndRedo() {
        auto* enable = panel_->findChild<QCheckBox*>(QStringLiteral("bandEnabled"));
        auto* lowSpin = panel_->findChild<QDoubleSpinBox*>(QStringLiteral("bandLow"));
        const auto state = [this] {
            const core::ReviewBand b = session_->reviewBand();
            return std::make_tuple(session_->reviewBandEnabled(), b.low, b.high);
        };
        const auto off = state();
        QVERIFY(!std::get<0>(off));

        QTest::mouseClick(enable, Qt::LeftButton);
        const auto switchedOn = state();
        QVERIFY(std::get<0>(switchedOn));
        QCOMPARE(undo_->count(), 1);

        const QPoint high = linePixel(ui::HistogramPlot::Line::BandHigh);
        drag(high, high + QPoint(60, 0));
        const auto dragged = state();
        QVERIFY(std::get<2>(dragged) > std::get<2>(switchedOn));
        QCOMPARE(std::get<1>(dragged), std::get<1>(switchedOn));
        QCOMPARE(undo_->count(), 2);  // the whole drag is one step

        lowSpin->setFocus();
        lowSpin->selectAll();
        QTest::keyClicks(lowSpin, QStringLiteral("0.42"));
        QTest::keyClick(lowSpin, Qt::Key_Return);
        const auto typed = state();
        QCOMPARE(std::get<1>(typed), 0.42);
        QCOMPARE(std::get<2>(typed), std::get<2>(dragged));
        QCOMPARE(undo_->count(), 3);
        QCOMPARE(std::get<2>(switchedOn), 0.5);  // switching on keeps the threshold as the fail line
        QCOMPARE(session_->threshold(), std::get<2>(typed));  // the upper edge is the threshold

        undo_->undo();
        QCOMPARE(state(), dragged);
        QVERIFY(std::abs(lowSpin->value() - std::get<1>(dragged)) < 1e-6);  // the controls follow (six decimals)
        undo_->undo();
        QCOMPARE(state(), switchedOn);
        // The line is drawn where the band is again.
        QVERIFY(std::abs(panel_->histogram()->line(ui::HistogramPlot::Line::BandHigh)->value() - std::get<2>(switchedOn)) < 1e-12);
        undo_->undo();
        QCOMPARE(std::get<0>(state()), false);
        QVERIFY(!enable->isChecked());
        QVERIFY(!panel_->histogram()->line(ui::HistogramPlot::Line::BandHigh)->isVisible());
        QCOMPARE(session_->threshold(), 0.5);

        undo_->redo();
        QCOMPARE(state(), switchedOn);
        QVERIFY(enable->isChecked());
        undo_->redo();
        QCOMPARE(state(), dragged);
        undo_->redo();
        QCOMPARE(state(), typed);
        QCOMPARE(session_->threshold(), std::get<2>(typed));
        // Count in the band label follows the redone band.
        qint64 inBand = 0;
        for (double s : session_->scores().scores)
            inBand += (s >= std::get<1>(typed) && s < std::get<2>(typed));
        auto* count = panel_->findChild<QLabel*>(QStringLiteral("bandCount"));
        QTRY_VERIFY(count->text().startsWith(QString::number(inBand) + QLatin1Char(' ')));
    }

    // The "From targets" button is one undo step too.
    // The "From targets" button is one undo step too, and the threshold line follows the fail
    // edge it sets (and comes back with undo).
    void reviewBandFromTargetsUndoes() {
        session_->setThreshold(0.9);
        QTest::mouseClick(panel_->findChild<QPushButton*>(QStringLiteral("bandFromTargets")), Qt::LeftButton);
        QVERIFY(session_->reviewBandEnabled());
        const core::ReviewBand band = session_->reviewBand();
        QCOMPARE(session_->threshold(), band.high);
        QCOMPARE(panel_->histogram()->line(ui::HistogramPlot::Line::BandHigh)->value(), band.high);
        expectConfusion(band.high);
        QCOMPARE(undo_->count(), 1);
        undo_->undo();
        QVERIFY(!session_->reviewBandEnabled());
        QCOMPARE(session_->threshold(), 0.9);
        QCOMPARE(panel_->histogram()->line(ui::HistogramPlot::Line::Threshold)->value(), 0.9);
        undo_->redo();
        QVERIFY(session_->reviewBandEnabled());
        QCOMPARE(session_->threshold(), band.high);
    }

    // The value tags of the review, fail and committed lines, close together and at the left
    // edge of the plot: no tag covers another or reaches over the axes.
    void lineTagsDoNotOverlap() {
        ui::HistogramPlot* plot = panel_->histogram();
        const double lo = plot->xAxis->range().lower;
        const double span = plot->xAxis->range().size();
        session_->setThreshold(lo + 0.01 * span);
        session_->commit(QStringLiteral("near the edge"));
        session_->setReviewBand(lo + 0.005 * span, lo + 0.02 * span, /*enabled=*/true);
        for (int pass = 0; pass < 2; ++pass) {
            if (pass == 1) {  // and with the band off: threshold and committed lines
                session_->setReviewBand(lo, lo + 0.02 * span, /*enabled=*/false);
                session_->setThreshold(lo + 0.011 * span);
            }
            plot->replot();
            QVector<QRectF> tags;
            for (auto which : {ui::HistogramPlot::Line::Threshold, ui::HistogramPlot::Line::BandLow,
                               ui::HistogramPlot::Line::BandHigh, ui::HistogramPlot::Line::Committed})
                if (plot->line(which)->isVisible())
                    tags << plot->line(which)->tagRect();
            QCOMPARE(tags.size(), pass == 0 ? 3 : 2);
            const QRectF area = plot->axisRect()->rect();
            for (int i = 0; i < tags.size(); ++i) {
                QVERIFY2(area.contains(tags[i]), qPrintable(QStringLiteral("tag %1 leaves the axis rect").arg(i)));
                for (int j = i + 1; j < tags.size(); ++j)
                    QVERIFY2(!tags[i].intersects(tags[j]), qPrintable(QStringLiteral("tags %1 and %2 overlap").arg(i).arg(j)));
            }
        }
    }

    void commitThenChangedVerdictsList() {
        QSignalSpy committed(panel_, &ui::ThresholdPanel::thresholdCommitted);
        auto* note = panel_->findChild<QLineEdit*>(QStringLiteral("commitNote"));
        QTest::keyClicks(note, QStringLiteral("first run"));
        QTest::mouseClick(panel_->findChild<QPushButton*>(QStringLiteral("commitButton")), Qt::LeftButton);
        QCOMPARE(committed.count(), 1);
        QCOMPARE(committed.at(0).at(0).toDouble(), 0.5);
        QCOMPARE(committed.at(0).at(1).toString(), QStringLiteral("first run"));
        // The histogram keeps a dashed mark where the commit put the threshold.
        ui::ThresholdLine* mark = panel_->histogram()->line(ui::HistogramPlot::Line::Committed);
        QVERIFY(mark->isVisible());
        QCOMPARE(mark->value(), 0.5);

        // Type a new threshold the way a user does.
        auto* spin = panel_->findChild<QDoubleSpinBox*>(QStringLiteral("thresholdSpin"));
        spin->selectAll();
        QTest::keyClicks(spin, QStringLiteral("0.42"));
        QTest::keyClick(spin, Qt::Key_Return);
        QCOMPARE(session_->threshold(), 0.42);
        qint64 expected = 0;
        for (double s : session_->scores().scores)
            expected += (s >= 0.42 && s < 0.5);
        QVERIFY(expected > 0);
        auto* list = panel_->findChild<QListWidget*>(QStringLiteral("changedVerdicts"));
        QTRY_COMPARE(list->count(), int(expected));
        QVERIFY(list->item(0)->text().contains(QStringLiteral("now FAIL")));
        QSignalSpy activated(panel_, &ui::ThresholdPanel::sampleActivated);
        Q_EMIT list->itemActivated(list->item(0));
        QCOMPARE(activated.count(), 1);
        const int index = activated.at(0).at(0).toInt();
        QVERIFY(session_->scores().scores[index] >= 0.42 && session_->scores().scores[index] < 0.5);
    }

    void perDefectTable() {
        auto* table = panel_->findChild<QTableWidget*>(QStringLiteral("defectRecall"));
        session_->setThreshold(0.6);
        QTRY_COMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("hole"));
        qint64 caught = 0, total = 0;
        const auto& s = session_->scores();
        for (size_t i = 0; i < s.scores.size(); ++i)
            if (s.truths[i] == GroundTruth::Anomalous && s.defects[int(i)] == QStringLiteral("hole")) {
                ++total;
                caught += s.scores[i] >= 0.6;
            }
        QTRY_COMPARE(table->item(0, 1)->text(), QStringLiteral("%1 / %2").arg(caught).arg(total));
    }

    void exportPngAndPdf() {
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("hist.png"));
        QString error;
        QVERIFY2(panel_->exportPlot(ui::ThresholdPanel::Plot::Histogram, png, &error), qPrintable(error));
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 800);
        const QString pdf = dir.filePath(QStringLiteral("roc.pdf"));
        QVERIFY2(panel_->exportPlot(ui::ThresholdPanel::Plot::Roc, pdf, &error), qPrintable(error));
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.read(4), QByteArray("%PDF"));
        QVERIFY(!panel_->exportPlot(ui::ThresholdPanel::Plot::Roc, dir.filePath("x.bmp"), &error));
        QVERIFY(error.contains(QStringLiteral("x.bmp")));
        QVERIFY(!panel_->exportPlot(ui::ThresholdPanel::Plot::Roc, "/nonexistent-dir/a.png", &error));
        QVERIFY(error.contains(QStringLiteral("/nonexistent-dir/a.png")));
    }
};

QTEST_MAIN(TestThresholdPanel)
#include "tst_thresholdpanel.moc"
