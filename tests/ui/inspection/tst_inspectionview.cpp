// InspectionView driven like a person: wheel over one pane zooms all four, dragging pans
// all four, hovering reads the pixel values, PageDown/J/PageUp/K ask for other samples,
// contours follow the mask and the error level, the colour scale switches to the fixed range,
// a pending original says that its reconstruction and heatmap follow.
#include "core/eval/MapScale.h"
#include "ui/inspection/InspectionView.h"
#include "ui/inspection/ZoomSync.h"
#include "ui/window/Theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QGraphicsView>
#include <QLabel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <opencv2/imgproc.hpp>

#include <limits>

using namespace faultline;

namespace {
ui::InspectionImages makeImages() {
    ui::InspectionImages im;
    im.name = QStringLiteral("test/crack/007.png");
    im.score = 0.0123;
    const int w = 64, h = 48;
    im.original = cv::Mat(h, w, CV_32FC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            im.original.at<cv::Vec3f>(y, x) = cv::Vec3f(x / float(w), y / float(h), 0.5f);
    im.reconstruction = im.original * 0.9;
    im.error = cv::Mat(h, w, CV_32FC1, cv::Scalar(0.01f));
    cv::rectangle(im.error, cv::Rect(10, 10, 6, 5), cv::Scalar(0.8f), cv::FILLED);  // two hot blobs
    cv::rectangle(im.error, cv::Rect(40, 30, 4, 4), cv::Scalar(0.6f), cv::FILLED);
    im.mask = cv::Mat::zeros(h, w, CV_8UC1);
    cv::rectangle(im.mask, cv::Rect(9, 9, 8, 7), cv::Scalar(255), cv::FILLED);
    return im;
}

void wheel(QWidget* viewport, const QPoint& pos, int notches) {
    QWheelEvent e(pos, viewport->mapToGlobal(pos), QPoint(), QPoint(0, 120 * notches), Qt::NoButton,
                  Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewport, &e);
}

void hover(QWidget* viewport, const QPoint& pos) {
    QMouseEvent e(QEvent::MouseMove, pos, viewport->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &e);
}
} // namespace

class TestInspectionView : public QObject {
    Q_OBJECT
private:
    ui::InspectionView* view_ = nullptr;
    QGraphicsView* pane(ui::InspectionView::Pane p) { return view_->pane(p); }

private Q_SLOTS:
    void init() {
        view_ = new ui::InspectionView;
        view_->resize(900, 700);
        view_->setImages(makeImages());
        view_->show();
        QVERIFY(QTest::qWaitForWindowExposed(view_));
    }
    void cleanup() { delete view_; }

    // Switching to the dark theme darkens the panes' background too (it stayed light grey).
    void paneBackgroundsFollowTheTheme() {
        for (const ui::Theme theme : {ui::Theme::Dark, ui::Theme::Light}) {
            ui::applyTheme(theme);
            QApplication::processEvents();
            const QColor dark = view_->palette().color(QPalette::Dark);
            for (auto p : {ui::InspectionView::Pane::Original, ui::InspectionView::Pane::Reconstruction,
                           ui::InspectionView::Pane::Heatmap, ui::InspectionView::Pane::Overlay})
                QCOMPARE(pane(p)->backgroundBrush().color(), dark);
        }
        QVERIFY(QColor(0x19, 0x1a, 0x1c) != QApplication::palette().color(QPalette::Dark)); // light again
    }

    void wheelZoomsEveryPaneAboutTheCursor() {
        using P = ui::InspectionView::Pane;
        QWidget* port = pane(P::Heatmap)->viewport();
        const double before = view_->zoomSync()->zoom();
        wheel(port, port->rect().center(), 3);
        const double after = view_->zoomSync()->zoom();
        QVERIFY(after > before * 1.9);
        for (P p : {P::Original, P::Reconstruction, P::Heatmap, P::Overlay})
            QCOMPARE(pane(p)->transform().m11(), after);
        wheel(port, port->rect().center(), -1);
        QVERIFY(view_->zoomSync()->zoom() < after);
    }

    void draggingPansEveryPane() {
        using P = ui::InspectionView::Pane;
        view_->zoomSync()->setZoom(16.0);  // the image is now much larger than a pane
        QWidget* port = pane(P::Original)->viewport();
        QScrollBar* h = pane(P::Original)->horizontalScrollBar();
        QVERIFY(h->maximum() > 0);
        const int start = h->value();
        const QPoint from = port->rect().center();
        QTest::mousePress(port, Qt::LeftButton, {}, from);
        QTest::mouseMove(port, from - QPoint(40, 30));
        QTest::mouseMove(port, from - QPoint(80, 60));
        QTest::mouseRelease(port, Qt::LeftButton, {}, from - QPoint(80, 60));
        QVERIFY(h->value() > start);
        for (P p : {P::Reconstruction, P::Heatmap, P::Overlay}) {
            QCOMPARE(pane(p)->horizontalScrollBar()->value(), h->value());
            QCOMPARE(pane(p)->verticalScrollBar()->value(), pane(P::Original)->verticalScrollBar()->value());
        }
    }

    void probeShowsValuesUnderTheCursor() {
        using P = ui::InspectionView::Pane;
        view_->zoomSync()->setZoom(4.0);
        QGraphicsView* v = pane(P::Reconstruction);
        v->centerOn(12, 12);
        const QPoint at = v->mapFromScene(QPointF(12.5, 11.5));
        hover(v->viewport(), at);
        const QString text = view_->probeText();
        QVERIFY2(text.contains(QStringLiteral("x 12  y 11")), qPrintable(text));
        const cv::Vec3f o = makeImages().original.at<cv::Vec3f>(11, 12);
        QVERIFY2(text.contains(QStringLiteral("original (%1,").arg(o[0], 0, 'f', 3)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("reconstruction (%1,").arg(o[0] * 0.9f, 0, 'f', 3)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("error 0.8000")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("in defect mask")));
    }

    void contoursFollowMaskAndLevel() {
        QCOMPARE(view_->maskContourCount(), 1);
        // Default level is the middle of the per-image range (0.01 .. 0.8): both blobs.
        QCOMPARE(view_->regionContourCount(), 2);
        view_->setRegionThreshold(0.7);
        QCOMPARE(view_->regionContourCount(), 1);
        view_->setRegionThreshold(0.9);
        QCOMPARE(view_->regionContourCount(), 0);
    }

    void colourScalePerImageOrFixed() {
        const auto perImage = view_->colourRange();
        QCOMPARE(perImage.first, 0.01f);
        QCOMPARE(perImage.second, 0.8f);
        view_->setFixedRange(0.0, 2.0);
        QTest::mouseClick(view_->findChild<QCheckBox*>(QStringLiteral("fixedScale")), Qt::LeftButton);
        QVERIFY(view_->fixedScale());
        QCOMPARE(view_->colourRange().second, 2.0);
        QVERIFY(view_->findChild<QLabel*>(QStringLiteral("scaleText"))->text().contains(QStringLiteral("2")));
    }

    // The fixed scale learnt from the validation normals: 0 at their median, 1 at their 99.9th
    // percentile, said in the tooltip and on the scale; without one the switch is off and disabled.
    void fixedScaleFromValidationNormals() {
        auto* fixed = view_->findChild<QCheckBox*>(QStringLiteral("fixedScale"));
        auto* text = view_->findChild<QLabel*>(QStringLiteral("scaleText"));
        QVERIFY(!fixed->isEnabled());  // nothing learnt yet
        core::MapScale scale;
        scale.zero = 0.05;
        scale.one = 0.45;
        scale.maps = 12;
        view_->setMapScale(scale);
        QVERIFY(fixed->isEnabled());
        QVERIFY2(fixed->toolTip().contains(QStringLiteral("12 validation normal")) &&
                     fixed->toolTip().contains(QStringLiteral("99.9th percentile")), qPrintable(fixed->toolTip()));
        QTest::mouseClick(fixed, Qt::LeftButton);
        QVERIFY(view_->fixedScale());
        QCOMPARE(view_->colourRange().first, 0.05);
        QCOMPARE(view_->colourRange().second, 0.45);
        QVERIFY2(text->text().startsWith(QStringLiteral("0 … 1")), qPrintable(text->text()));
        QVERIFY(text->toolTip().contains(QStringLiteral("median")));
        // The probe says where a pixel sits on that scale: the 0.8 blob is (0.8-0.05)/0.4 = 1.88.
        QGraphicsView* v = pane(ui::InspectionView::Pane::Heatmap);
        view_->zoomSync()->setZoom(4.0);
        v->centerOn(12, 12);
        hover(v->viewport(), v->mapFromScene(QPointF(12.5, 12.5)));
        QVERIFY2(view_->probeText().contains(QStringLiteral("1.88 on the fixed scale")), qPrintable(view_->probeText()));

        view_->setMapScale(core::MapScale());  // another run, no validation normals
        QVERIFY(!fixed->isEnabled());
        QVERIFY(!view_->fixedScale());
        QVERIFY2(!text->text().startsWith(QStringLiteral("0 … 1")), qPrintable(text->text()));
    }

    void keysAskForOtherSamples() {
        QSignalSpy next(view_, &ui::InspectionView::nextRequested);
        QSignalSpy previous(view_, &ui::InspectionView::previousRequested);
        QWidget* focus = pane(ui::InspectionView::Pane::Heatmap);
        focus->setFocus();
        QTest::keyClick(focus, Qt::Key_PageDown);
        QTest::keyClick(focus, Qt::Key_J);
        QTest::keyClick(view_, Qt::Key_K);
        QTest::keyClick(focus, Qt::Key_PageUp);
        QCOMPARE(next.count(), 2);
        QCOMPARE(previous.count(), 2);
        QTest::keyClick(focus, Qt::Key_Down);  // arrows stay with whoever owns them
        QCOMPARE(next.count(), 2);
    }

    // The original alone, while the model's load follows: the caption says so, the original
    // is drawn and the reconstruction and heatmap stay empty until the full images replace it.
    void pendingOriginalSaysScoringFollows() {
        ui::InspectionImages pending = makeImages();
        pending.reconstruction.release();
        pending.error.release();
        pending.mask.release();
        pending.score = std::numeric_limits<double>::quiet_NaN();
        pending.pending = true;
        view_->setImages(pending);
        auto* caption = view_->findChild<QLabel*>(QStringLiteral("inspectionCaption"));
        QVERIFY2(caption->text().contains(QStringLiteral("scoring")), qPrintable(caption->text()));
        QCOMPARE(view_->regionContourCount(), 0);
        view_->setCurrentPane(ui::InspectionView::Pane::Original);
        const QImage shot = view_->grab().toImage();
        if (const QString dir = qEnvironmentVariable("FAULTLINE_SCREENSHOT_DIR"); !dir.isEmpty())
            shot.save(dir + QStringLiteral("/inspection-pending.png"));
        view_->setImages(makeImages());  // the full load arrives
        QVERIFY(!caption->text().contains(QStringLiteral("scoring")));
        QVERIFY(caption->text().contains(QStringLiteral("score 0.0123")));
        QVERIFY(view_->regionContourCount() > 0);
    }

    void errorMessageIsShown() {
        ui::InspectionImages bad;
        bad.name = QStringLiteral("broken.png");
        bad.errorMessage = QStringLiteral("Cannot decode broken.png: not a PNG file");
        view_->setImages(bad);
        QVERIFY(view_->findChild<QLabel*>(QStringLiteral("inspectionCaption"))->text().contains(QStringLiteral("not a PNG")));
        QCOMPARE(view_->regionContourCount(), 0);
    }
};

QTEST_MAIN(TestInspectionView)
#include "tst_inspectionview.moc"
