#include "ui/inspection/InspectionView.h"

#include "core/eval/MapScale.h"
#include "core/image/ImageBridge.h"
#include "ui/inspection/InspectionContours.h"
#include "ui/inspection/PaneSwitcher.h"
#include "ui/inspection/PixelProbe.h"
#include "ui/inspection/ZoomSync.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QGraphicsPathItem>
#include <QGraphicsPixmapItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QPainter>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QStackedLayout>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace faultline::ui {

namespace {
constexpr int kMinimumPaneSide = 256;  // px: below this a defect is a few pixels on screen
constexpr int kScaleBarWidth = 110;  // pixels of the colour-scale legend (the side column's width)
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
    view->setToolTip(tr("%1. Wheel zooms and dragging pans; the four views keep the same zoom and position.").arg(caption));
    view->setMinimumSize(kMinimumPaneSide, kMinimumPaneSide);
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
    m_zoom = new ZoomSync(this);
    m_probe = new PixelProbe(this);

    // One large pane shows one view at a time; the column beside it previews all four and
    // switches. The panes are stacked with the same geometry, so zoom and pan stay in step.
    const QStringList names = {tr("Original"), tr("Reconstruction"), tr("Heatmap"), tr("Overlay")};
    const QStringList tips = {tr("The image as loaded (key 1)."),
                              tr("What the model makes of the image: a normal surface where it can (key 2)."),
                              tr("The anomaly map: where the model sees what it has not learnt (key 3)."),
                              tr("The heatmap over the original, with adjustable opacity (key 4).")};
    m_stack = new QStackedLayout;
    m_stack->setStackingMode(QStackedLayout::StackAll);
    for (int i = 0; i < 4; ++i) {
        m_panes[i] = makePane(names[i], this);
        m_pixmaps[i] = m_panes[i]->scene()->addPixmap(QPixmap());
        m_stack->addWidget(m_panes[i]);
        m_zoom->addView(m_panes[i]);
        m_probe->addView(m_panes[i]);
    }
    m_overlayHeat = m_panes[3]->scene()->addPixmap(QPixmap());
    m_overlayHeat->setOpacity(0.8);
    m_switcher = new PaneSwitcher(names, tips, this);

    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("inspectionCaption"));
    m_caption->setWordWrap(true);
    m_caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);  // wraps, never widens the window
    m_probeLabel = new QLabel(tr("Move the mouse over an image to read its pixels."), this);
    m_probeLabel->setObjectName(QStringLiteral("probeLabel"));
    m_probeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_probeLabel->setWordWrap(true);
    m_probeLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);

    m_opacity = new QSlider(Qt::Horizontal, this);
    m_opacity->setObjectName(QStringLiteral("opacitySlider"));
    m_opacity->setRange(0, 100);
    m_opacity->setValue(80);
    m_opacity->setToolTip(tr("Opacity of the heatmap over the original in the overlay pane."));
    m_fixedScale = new QCheckBox(tr("Fixed colour scale"), this);
    m_fixedScale->setObjectName(QStringLiteral("fixedScale"));
    m_fixedScale->setEnabled(false);  // until a scale is known (setMapScale)
    m_fixedScale->setToolTip(tr("Needs the validation normals' maps of the active run: they set the fixed scale."));
    m_regionLevel = new QDoubleSpinBox(this);
    m_regionLevel->setObjectName(QStringLiteral("regionLevel"));
    m_regionLevel->setDecimals(5);
    m_regionLevel->setRange(0.0, 1e9);
    m_regionLevel->setKeyboardTracking(false);
    m_regionLevel->setToolTip(tr("Pixels with error at or above this level are outlined in magenta; "
                                "the ground-truth mask is outlined in green."));
    m_scaleBar = new QLabel(this);
    m_scaleBar->setToolTip(tr("Heatmap colours from low (left) to high (right) error."));
    m_scaleText = new QLabel(this);
    m_scaleText->setObjectName(QStringLiteral("scaleText"));
    m_scaleText->setWordWrap(true);
    auto* fit = new QPushButton(tr("Fit"), this);
    fit->setToolTip(tr("Zoom so the whole image is visible."));
    auto* oneToOne = new QPushButton(tr("1:1"), this);
    oneToOne->setToolTip(tr("One image pixel per screen pixel."));

    auto* zoomRow = new QHBoxLayout;
    zoomRow->addWidget(fit);
    zoomRow->addWidget(oneToOne);
    auto* side = new QVBoxLayout;
    side->setSpacing(4);
    side->addWidget(m_switcher);
    side->addSpacing(6);
    side->addLayout(zoomRow);
    side->addWidget(new QLabel(tr("Overlay opacity"), this));
    side->addWidget(m_opacity);
    side->addWidget(m_fixedScale);
    side->addWidget(m_scaleBar);
    side->addWidget(m_scaleText);
    side->addWidget(new QLabel(tr("Outline error ≥"), this));
    side->addWidget(m_regionLevel);
    side->addStretch(1);
    auto* middle = new QHBoxLayout;
    middle->addLayout(m_stack, 1);
    middle->addLayout(side);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_caption);
    layout->addLayout(middle, 1);
    layout->addWidget(m_probeLabel);

    connect(m_switcher, &PaneSwitcher::currentChanged, this, [this](int i) { m_stack->setCurrentIndex(i); });
    connect(m_opacity, &QSlider::valueChanged, this, [this](int v) {
        m_overlayHeat->setOpacity(v / 100.0);
        refreshPreviews();
    });
    connect(m_fixedScale, &QCheckBox::toggled, this, [this] { redrawHeatmap(); });
    connect(m_regionLevel, &QDoubleSpinBox::valueChanged, this, [this] {
        m_regionLevelTouched = true;
        redrawContours();
    });
    connect(fit, &QPushButton::clicked, this, &InspectionView::fitToPane);
    connect(oneToOne, &QPushButton::clicked, m_zoom, [this] { m_zoom->setZoom(1.0); });
    // A zoom the user chose (wheel, 1:1) stays; until then every image fills the pane.
    connect(m_zoom, &ZoomSync::zoomChanged, this, [this] { if (!m_fitting) m_autoFit = false; });
    connect(m_probe, &PixelProbe::pixelHovered, this, &InspectionView::showProbe);
    connect(m_probe, &PixelProbe::left, this, [this] { m_probeLabel->setText(QString()); });
    clear();
}

void InspectionView::setCurrentPane(Pane which) { m_switcher->setCurrent(int(which)); }

InspectionView::Pane InspectionView::currentPane() const { return Pane(m_stack->currentIndex()); }

void InspectionView::refreshPreviews() {
    for (int i = 0; i < 3; ++i) m_switcher->setPreview(i, m_pixmaps[i]->pixmap());
    // The overlay tile is the original with the heatmap at the chosen opacity, as the pane shows it.
    QPixmap overlay = m_pixmaps[3]->pixmap();
    if (!overlay.isNull() && !m_overlayHeat->pixmap().isNull()) {
        QPainter p(&overlay);
        p.setOpacity(m_overlayHeat->opacity());
        p.drawPixmap(0, 0, m_overlayHeat->pixmap());
    }
    m_switcher->setPreview(3, overlay);
}

QGraphicsView* InspectionView::pane(Pane which) const { return m_panes[int(which)]; }

QString InspectionView::probeText() const { return m_probeLabel->text(); }

void InspectionView::clear() { setImages({}); }

void InspectionView::setImages(const InspectionImages& images) {
    m_images = images;
    const bool ok = !m_images.original.empty();
    if (!m_images.errorMessage.isEmpty())
        m_caption->setText(tr("<b>%1</b>: %2").arg(m_images.name.toHtmlEscaped(), m_images.errorMessage.toHtmlEscaped()));
    else if (!ok)
        m_caption->setText(tr("No sample selected."));
    else if (m_images.pending)
        m_caption->setText(tr("<b>%1</b>  scoring… (reconstruction and heatmap follow)").arg(m_images.name.toHtmlEscaped()));
    else
        m_caption->setText(std::isnan(m_images.score) ? tr("<b>%1</b> (not scored)").arg(m_images.name.toHtmlEscaped())
                                                    : tr("<b>%1</b>  score %2").arg(m_images.name.toHtmlEscaped())
                                                          .arg(m_images.score, 0, 'g', 5));
    const QPixmap original = ok ? QPixmap::fromImage(core::toQImage(m_images.original)) : QPixmap();
    m_pixmaps[0]->setPixmap(original);
    m_pixmaps[1]->setPixmap(m_images.reconstruction.empty() ? QPixmap()
                                                          : QPixmap::fromImage(core::toQImage(m_images.reconstruction)));
    m_pixmaps[3]->setPixmap(original);
    const QRectF bounds(0, 0, m_images.original.cols, m_images.original.rows);
    for (QGraphicsView* v : m_panes)
        v->scene()->setSceneRect(bounds);
    m_probe->setImageSize(QSize(m_images.original.cols, m_images.original.rows));
    redrawHeatmap();
    if (m_autoFit) fitToPane();
}

void InspectionView::fitToPane() {
    m_fitting = true;
    m_zoom->fitAll();
    m_fitting = false;
    m_autoFit = true;
}

void InspectionView::setMapScale(const core::MapScale& scale) {
    if (!scale.valid()) {
        m_scaleExplanation.clear();
        m_fixedScale->setChecked(false);
        m_fixedScale->setEnabled(false);
        m_fixedScale->setToolTip(tr("Needs the validation normals' maps of the active run (a model run and "
                                   "validation images): they set the fixed scale."));
        redrawHeatmap();
        return;
    }
    m_scaleExplanation = tr("Fixed scale from the maps of %n validation normal(s): 0 is the median of their "
                            "pixels (map value %1), 1 their 99.9th percentile (%2): only one normal pixel in a "
                            "thousand reaches 1. Values above 1 are drawn as 1.", nullptr, scale.maps)
                             .arg(scale.zero, 0, 'g', 4).arg(scale.one, 0, 'g', 4);
    m_fixedScale->setToolTip(tr("On: every heatmap on one scale learnt from the validation normals, so "
                               "heatmaps compare. Off: each heatmap spans its own minimum to maximum.\n%1")
                                 .arg(m_scaleExplanation));
    setFixedRange(scale.zero, scale.one);
}

void InspectionView::setFixedRange(double low, double high) {
    m_fixedLow = low;
    fixedHigh_ = high > low ? high : low + 1e-12;
    m_fixedScale->setEnabled(true);
    if (fixedScale())
        redrawHeatmap();
}

void InspectionView::setFixedScale(bool fixed) { m_fixedScale->setChecked(fixed); }
bool InspectionView::fixedScale() const { return m_fixedScale->isChecked(); }

QPair<double, double> InspectionView::colourRange() const {
    if (fixedScale() || m_images.error.empty())
        return {m_fixedLow, fixedHigh_};
    double lo = 0.0, hi = 0.0;
    cv::minMaxLoc(m_images.error, &lo, &hi);
    if (!(hi > lo))
        hi = lo + 1e-12;  // a flat map: everything the cold colour
    return {lo, hi};
}

void InspectionView::setRegionThreshold(double level) {
    m_regionLevel->setValue(level);  // marks the level as chosen and redraws
}

double InspectionView::regionThreshold() const { return m_regionLevel->value(); }

void InspectionView::setOverlayOpacity(double opacity) { m_opacity->setValue(int(std::lround(opacity * 100.0))); }

void InspectionView::redrawHeatmap() {
    const auto [lo, hi] = colourRange();
    QPixmap heat, overlay;
    if (!m_images.error.empty()) {
        const QImage colours = core::heatmapToQImage(m_images.error, float(lo), float(hi));
        heat = QPixmap::fromImage(colours);
        // Over the original, low errors are transparent so the part stays visible.
        QImage argb = colours.convertToFormat(QImage::Format_ARGB32);
        for (int y = 0; y < argb.height(); ++y) {
            auto* line = reinterpret_cast<QRgb*>(argb.scanLine(y));
            const float* err = m_images.error.ptr<float>(y);
            for (int x = 0; x < argb.width(); ++x) {
                const double a = std::clamp((double(err[x]) - lo) / (hi - lo), 0.0, 1.0);
                line[x] = qRgba(qRed(line[x]), qGreen(line[x]), qBlue(line[x]), int(255.0 * std::sqrt(a)));
            }
        }
        overlay = QPixmap::fromImage(argb);
    }
    m_pixmaps[2]->setPixmap(heat);
    m_overlayHeat->setPixmap(overlay);
    refreshPreviews();

    cv::Mat ramp(1, 256, CV_32FC1);
    for (int i = 0; i < 256; ++i)
        ramp.at<float>(0, i) = float(i) / 255.0f;
    m_scaleBar->setPixmap(QPixmap::fromImage(core::heatmapToQImage(ramp, 0.0f, 1.0f))
                             .scaled(kScaleBarWidth, 12, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
    if (fixedScale()) {
        // On the normals' scale: 0 is a typical normal pixel, 1 the rarest thousandth of them.
        m_scaleText->setText(tr("0 … 1 (map %1 … %2)").arg(lo, 0, 'g', 4).arg(hi, 0, 'g', 4));
        m_scaleText->setToolTip(m_scaleExplanation.isEmpty() ? tr("The fixed range, in map values.") : m_scaleExplanation);
    } else {
        m_scaleText->setText(tr("%1 … %2").arg(lo, 0, 'g', 4).arg(hi, 0, 'g', 4));
        m_scaleText->setToolTip(tr("This heatmap's own lowest and highest map value."));
    }
    m_scaleBar->setToolTip(m_scaleText->toolTip());
    if (!m_regionLevelTouched) {
        const QSignalBlocker block(m_regionLevel);
        m_regionLevel->setValue(lo + 0.5 * (hi - lo));
    }
    redrawContours();
}

void InspectionView::redrawContours() {
    for (QGraphicsPathItem* item : m_contourItems) {
        item->scene()->removeItem(item);
        delete item;
    }
    m_contourItems.clear();
    const QPainterPath mask = regionOutlines(m_images.mask, &maskContours_);
    const QPainterPath region = regionOutlines(thresholdMap(m_images.error, regionThreshold()), &m_regionContours);
    for (int pane : {0, 2, 3}) {
        for (const auto& [path, colour] : {std::pair{mask, kMaskColour}, std::pair{region, kRegionColour}}) {
            if (path.isEmpty())
                continue;
            QPen pen(colour, 1.5);
            pen.setCosmetic(true);  // stays thin at any zoom
            auto* item = m_panes[pane]->scene()->addPath(path, pen);
            item->setZValue(10);
            m_contourItems.push_back(item);
        }
    }
}

void InspectionView::showProbe(const QPoint& p) {
    QString text = tr("x %1  y %2   original %3").arg(p.x()).arg(p.y()).arg(pixelText(m_images.original, p));
    if (!m_images.reconstruction.empty())
        text += tr("   reconstruction %1").arg(pixelText(m_images.reconstruction, p));
    if (!m_images.error.empty())
        text += tr("   error %1").arg(pixelText(m_images.error, p));
    if (!m_images.error.empty() && fixedScale() && p.x() < m_images.error.cols && p.y() < m_images.error.rows)
        text += tr(" (%1 on the fixed scale)")
                    .arg((m_images.error.at<float>(p.y(), p.x()) - m_fixedLow) / (fixedHigh_ - m_fixedLow), 0, 'f', 2);
    if (!m_images.mask.empty() && p.x() < m_images.mask.cols && p.y() < m_images.mask.rows)
        text += m_images.mask.at<uchar>(p.y(), p.x()) ? tr("   (in defect mask)") : QString();
    m_probeLabel->setText(text);
}

void InspectionView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        for (QGraphicsView* view : m_panes)
            if (view) view->setBackgroundBrush(palette().color(QPalette::Dark));
}

bool InspectionView::handleKey(int key) {
    if (key >= Qt::Key_1 && key <= Qt::Key_4) {
        setCurrentPane(Pane(key - Qt::Key_1));
        return true;
    }
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
    if (event->type() == QEvent::Resize && m_autoFit && watched == m_panes[0])
        QMetaObject::invokeMethod(this, &InspectionView::fitToPane, Qt::QueuedConnection);  // after the viewport resized
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
