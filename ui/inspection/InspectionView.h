#pragma once
// Original, reconstruction, error heatmap and an overlay (heatmap over the original with
// adjustable opacity), side by side with zoom and pan kept in step, a pixel probe, the
// ground-truth mask outline and the thresholded error region drawn as contours.
// The heatmap colour scale is per image or fixed across the dataset (so heatmaps compare).
// PageDown/J asks for the next sample, PageUp/K for the previous one (arrow keys belong
// to the browser). GUI thread only: images arrive already decoded and scored.

#include "ui/inspection/InspectionImages.h"

#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QGraphicsPathItem;
class QGraphicsPixmapItem;
class QGraphicsView;
class QLabel;
class QSlider;

namespace faultline::ui {

class PixelProbe;
class ZoomSync;

class InspectionView : public QWidget {
    Q_OBJECT
public:
    enum class Pane { Original, Reconstruction, Heatmap, Overlay };

    explicit InspectionView(QWidget* parent = nullptr);

    void setImages(const InspectionImages& images);
    void clear();
    const InspectionImages& images() const { return images_; }

    // The dataset-wide error range used when the fixed scale is on (e.g. from validation maps).
    void setFixedRange(double low, double high);
    void setFixedScale(bool fixed);
    bool fixedScale() const;
    QPair<double, double> colourRange() const;  // the range the heatmap is drawn with now

    // Error level at or above which pixels form the outlined "error region".
    void setRegionThreshold(double level);
    double regionThreshold() const;
    void setOverlayOpacity(double opacity);  // 0..1

    QGraphicsView* pane(Pane which) const;
    ZoomSync* zoomSync() const { return zoom_; }
    QString probeText() const;
    int regionContourCount() const { return regionContours_; }
    int maskContourCount() const { return maskContours_; }

Q_SIGNALS:
    void nextRequested();
    void previousRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    bool handleKey(int key);
    void redrawHeatmap();
    void redrawContours();
    void showProbe(const QPoint& pixel);
    QGraphicsView* makePane(const QString& caption, QWidget* parent);

    InspectionImages images_;
    QGraphicsView* panes_[4] = {};
    QGraphicsPixmapItem* pixmaps_[4] = {};
    QGraphicsPixmapItem* overlayHeat_ = nullptr;
    QVector<QGraphicsPathItem*> contourItems_;
    ZoomSync* zoom_;
    PixelProbe* probe_;
    QLabel* caption_;
    QLabel* probeLabel_;
    QLabel* scaleBar_;
    QLabel* scaleText_;
    QSlider* opacity_;
    QCheckBox* fixedScale_;
    QDoubleSpinBox* regionLevel_;
    double fixedLow_ = 0.0, fixedHigh_ = 1.0;
    int regionContours_ = 0, maskContours_ = 0;
    bool regionLevelTouched_ = false;  // the user chose a level: keep it across images
};

} // namespace faultline::ui
