#include "ui/inspection/InspectionView.h"

#include "core/image/ImageBridge.h"
#include "ui/inspection/InspectionContours.h"
#include "ui/inspection/PixelProbe.h"
#include "ui/inspection/ZoomSync.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QGraphicsPathItem>
#include <QGraphicsPixmapItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace faultline::ui {

namespace {
constexpr int kScaleBarWidth = 160;  // pixels of the colour-scale legend
const QColor kMaskColour(0x2e, 0xcc, 0x71);   // ground-truth outline
const QColor kRegionColour(0xff, 0x00, 0xff); // thresholded error region

QString pixelText(const cv::Mat& m, const QPoint& p) {
    if (m.empty() || p.x() >= m.cols || p.y() >= m.rows)
        return QStringLiteral("–");
    if (m.channels() == 1)
        return QString::number(m.at<float>(p.y(), p.x()), 'f', 4);
    const cv::Vec3f v = m.at<cv::Vec3f>(p.y(), p.x());
    return QStringLiteral("(%1, %2, %3)").arg(v[0], 0, 'f', 3).arg(v[1], 0, 'f', 3).arg(v[2], 0, 'f', 3);
}
} // namespace

QGraphicsView* InspectionView::makePane(const QString& caption, QWidget* parent) {
    auto* view = new QGraphicsView(new QGraphicsScene(parent), parent);
    view->setObjectName(caption.toLower());
    view->setToolTip(tr("%1. Wheel zooms and dragging pans all four panes together.").arg(caption));
    view->setBackgroundBrush(palette().color(QPalette::Dark));
    view->setRenderHint(QPainter::SmoothPixmapTransform, false);  // show pixels as pixels
    // No scroll bars: every pane keeps the same viewport size, so synchronised scroll
    // positions show the same image region. Dragging still pans.
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->installEventFilter(this);
    return view;
}

InspectionView::InspectionView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("inspectionView"));
    setFocusPolicy(Qt::StrongFocus);
    zoom_ = new ZoomSync(this);
    probe_ = new PixelProbe(this);

    const QString names[4] = {tr("Original"), tr("Reconstruction"), tr("Error heatmap"), tr("Overlay")};
    auto* grid = new QGridLayout;
    for (int i = 0; i < 4; ++i) {
        panes_[i] = makePane(names[i], this);
        pixmaps_[i] = panes_[i]->scene()->addPixmap(QPixmap());
        auto* box = new QVBoxLayout;
        box->addWidget(new QLabel(names[i], this));
        box->addWidget(panes_[i], 1);
        grid->addLayout(box, i / 2, i % 2);
        zoom_->addView(panes_[i]);
        probe_->addView(panes_[i]);
    }
    overlayHeat_ = panes_[3]->scene()->addPixmap(QPixmap());
    overlayHeat_->setOpacity(0.8);

    caption_ = new QLabel(this);
    caption_->setObjectName(QStringLiteral("inspectionCaption"));
    probeLabel_ = new QLabel(tr("Move the mouse over an image to read its pixels."), this);
    probeLabel_->setObjectName(QStringLiteral("probeLabel"));
    probeLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    opacity_ = new QSlider(Qt::Horizontal, this);
    opacity_->setObjectName(QStringLiteral("opacitySlider"));
    opacity_->setRange(0, 100);
    opacity_->setValue(80);
    opacity_->setMinimumWidth(100);
    opacity_->setToolTip(tr("Opacity of the heatmap over the original in the overlay pane."));
    fixedScale_ = new QCheckBox(tr("Fixed colour scale"), this);
    fixedScale_->setObjectName(QStringLiteral("fixedScale"));
    fixedScale_->setToolTip(tr("On: one error range for the whole dataset, so heatmaps compare. "
                               "Off: each heatmap spans its own minimum to maximum."));
    regionLevel_ = new QDoubleSpinBox(this);
    regionLevel_->setObjectName(QStringLiteral("regionLevel"));
    regionLevel_->setDecimals(5);
    regionLevel_->setRange(0.0, 1e9);
    regionLevel_->setKeyboardTracking(false);
    regionLevel_->setToolTip(tr("Pixels with error at or above this level are outlined in magenta; "
                                "the ground-truth mask is outlined in green."));
    scaleBar_ = new QLabel(this);
    scaleText_ = new QLabel(this);
    scaleText_->setObjectName(QStringLiteral("scaleText"));
    auto* fit = new QPushButton(tr("Fit"), this);
    fit->setToolTip(tr("Zoom so the whole image is visible."));
    auto* oneToOne = new QPushButton(tr("1:1"), this);
    oneToOne->setToolTip(tr("One image pixel per screen pixel."));

    auto* controls = new QHBoxLayout;
    controls->addWidget(caption_, 1);
    controls->addWidget(new QLabel(tr("Overlay"), this));
    controls->addWidget(opacity_);
    controls->addWidget(fixedScale_);
    controls->addWidget(scaleBar_);
    controls->addWidget(scaleText_);
    controls->addWidget(new QLabel(tr("Region ≥"), this));
    controls->addWidget(regionLevel_);
    controls->addWidget(fit);
    controls->addWidget(oneToOne);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addLayout(grid, 1);
    layout->addWidget(probeLabel_);

    connect(opacity_, &QSlider::valueChanged, this, [this](int v) { overlayHeat_->setOpacity(v / 100.0); });
    connect(fixedScale_, &QCheckBox::toggled, this, [this] { redrawHeatmap(); });
    connect(regionLevel_, &QDoubleSpinBox::valueChanged, this, [this] {
        regionLevelTouched_ = true;
        redrawContours();
    });
    connect(fit, &QPushButton::clicked, zoom_, &ZoomSync::fitAll);
    connect(oneToOne, &QPushButton::clicked, zoom_, [this] { zoom_->setZoom(1.0); });
    connect(probe_, &PixelProbe::pixelHovered, this, &InspectionView::showProbe);
    connect(probe_, &PixelProbe::left, this, [this] { probeLabel_->setText(QString()); });
    clear();
}

QGraphicsView* InspectionView::pane(Pane which) const { return panes_[int(which)]; }

QString InspectionView::probeText() const { return probeLabel_->text(); }

void InspectionView::clear() { setImages({}); }

void InspectionView::setImages(const InspectionImages& images) {
    images_ = images;
    const bool ok = !images_.original.empty();
    if (!images_.errorMessage.isEmpty())
        caption_->setText(tr("<b>%1</b>: %2").arg(images_.name.toHtmlEscaped(), images_.errorMessage.toHtmlEscaped()));
    else if (!ok)
        caption_->setText(tr("No sample selected."));
    else
        caption_->setText(std::isnan(images_.score) ? tr("<b>%1</b> (not scored)").arg(images_.name.toHtmlEscaped())
                                                    : tr("<b>%1</b>  score %2").arg(images_.name.toHtmlEscaped())
                                                          .arg(images_.score, 0, 'g', 5));
    const QPixmap original = ok ? QPixmap::fromImage(core::toQImage(images_.original)) : QPixmap();
    pixmaps_[0]->setPixmap(original);
    pixmaps_[1]->setPixmap(images_.reconstruction.empty() ? QPixmap()
                                                          : QPixmap::fromImage(core::toQImage(images_.reconstruction)));
    pixmaps_[3]->setPixmap(original);
    const QRectF bounds(0, 0, images_.original.cols, images_.original.rows);
    for (QGraphicsView* v : panes_)
        v->scene()->setSceneRect(bounds);
    probe_->setImageSize(QSize(images_.original.cols, images_.original.rows));
    redrawHeatmap();
}

void InspectionView::setFixedRange(double low, double high) {
    fixedLow_ = low;
    fixedHigh_ = high > low ? high : low + 1e-12;
    if (fixedScale())
        redrawHeatmap();
}

void InspectionView::setFixedScale(bool fixed) { fixedScale_->setChecked(fixed); }
bool InspectionView::fixedScale() const { return fixedScale_->isChecked(); }

QPair<double, double> InspectionView::colourRange() const {
    if (fixedScale() || images_.error.empty())
        return {fixedLow_, fixedHigh_};
    double lo = 0.0, hi = 0.0;
    cv::minMaxLoc(images_.error, &lo, &hi);
    if (!(hi > lo))
        hi = lo + 1e-12;  // a flat map: everything the cold colour
    return {lo, hi};
}

void InspectionView::setRegionThreshold(double level) {
    regionLevel_->setValue(level);  // marks the level as chosen and redraws
}

double InspectionView::regionThreshold() const { return regionLevel_->value(); }

void InspectionView::setOverlayOpacity(double opacity) { opacity_->setValue(int(std::lround(opacity * 100.0))); }

void InspectionView::redrawHeatmap() {
    const auto [lo, hi] = colourRange();
    QPixmap heat, overlay;
    if (!images_.error.empty()) {
        const QImage colours = core::heatmapToQImage(images_.error, float(lo), float(hi));
        heat = QPixmap::fromImage(colours);
        // Over the original, low errors are transparent so the part stays visible.
        QImage argb = colours.convertToFormat(QImage::Format_ARGB32);
        for (int y = 0; y < argb.height(); ++y) {
            auto* line = reinterpret_cast<QRgb*>(argb.scanLine(y));
            const float* err = images_.error.ptr<float>(y);
            for (int x = 0; x < argb.width(); ++x) {
                const double a = std::clamp((double(err[x]) - lo) / (hi - lo), 0.0, 1.0);
                line[x] = qRgba(qRed(line[x]), qGreen(line[x]), qBlue(line[x]), int(255.0 * std::sqrt(a)));
            }
        }
        overlay = QPixmap::fromImage(argb);
    }
    pixmaps_[2]->setPixmap(heat);
    overlayHeat_->setPixmap(overlay);

    cv::Mat ramp(1, 256, CV_32FC1);
    for (int i = 0; i < 256; ++i)
        ramp.at<float>(0, i) = float(i) / 255.0f;
    scaleBar_->setPixmap(QPixmap::fromImage(core::heatmapToQImage(ramp, 0.0f, 1.0f))
                             .scaled(kScaleBarWidth, 12, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
    scaleText_->setText(tr("%1 … %2").arg(lo, 0, 'g', 4).arg(hi, 0, 'g', 4));
    if (!regionLevelTouched_) {
        const QSignalBlocker block(regionLevel_);
        regionLevel_->setValue(lo + 0.5 * (hi - lo));
    }
    redrawContours();
}

void InspectionView::redrawContours() {
    for (QGraphicsPathItem* item : contourItems_) {
        item->scene()->removeItem(item);
        delete item;
    }
    contourItems_.clear();
    const QPainterPath mask = regionOutlines(images_.mask, &maskContours_);
    const QPainterPath region = regionOutlines(thresholdMap(images_.error, regionThreshold()), &regionContours_);
    for (int pane : {0, 2, 3}) {
        for (const auto& [path, colour] : {std::pair{mask, kMaskColour}, std::pair{region, kRegionColour}}) {
            if (path.isEmpty())
                continue;
            QPen pen(colour, 1.5);
            pen.setCosmetic(true);  // stays thin at any zoom
            auto* item = panes_[pane]->scene()->addPath(path, pen);
            item->setZValue(10);
            contourItems_.push_back(item);
        }
    }
}

void InspectionView::showProbe(const QPoint& p) {
    QString text = tr("x %1  y %2   original %3").arg(p.x()).arg(p.y()).arg(pixelText(images_.original, p));
    if (!images_.reconstruction.empty())
        text += tr("   reconstruction %1").arg(pixelText(images_.reconstruction, p));
    if (!images_.error.empty())
        text += tr("   error %1").arg(pixelText(images_.error, p));
    if (!images_.mask.empty() && p.x() < images_.mask.cols && p.y() < images_.mask.rows)
        text += images_.mask.at<uchar>(p.y(), p.x()) ? tr("   (in defect mask)") : QString();
    probeLabel_->setText(text);
}

bool InspectionView::handleKey(int key) {
    switch (key) {
    case Qt::Key_PageDown:
    case Qt::Key_J:
        Q_EMIT nextRequested();
        return true;
    case Qt::Key_PageUp:
    case Qt::Key_K:
        Q_EMIT previousRequested();
        return true;
    default:
        return false;
    }
}

bool InspectionView::eventFilter(QObject* watched, QEvent* event) {
    // QGraphicsView would scroll on PageUp/PageDown; here those keys change the sample.
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->modifiers() == Qt::NoModifier && handleKey(key->key()))
            return true;
    }
    return QWidget::eventFilter(watched, event);
}

void InspectionView::keyPressEvent(QKeyEvent* event) {
    if (event->modifiers() == Qt::NoModifier && handleKey(event->key()))
        return;
    QWidget::keyPressEvent(event);
}

} // namespace faultline::ui
