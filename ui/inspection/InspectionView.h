#pragma once
// Original, reconstruction, error heatmap and an overlay (heatmap over the original with
// adjustable opacity): one of them large, the four as previews in a column beside it that
// switch the large pane (keys 1-4). Zoom and pan are kept in step across the four, a pixel
// probe, the ground-truth mask outline and the thresholded error region drawn as contours.
// The heatmap colour scale is per image or fixed across the dataset (so heatmaps compare).
// PageDown/J asks for the next sample, PageUp/K for the previous one (arrow keys belong
// to the browser). GUI thread only: images arrive already decoded and scored.

#include "ui/inspection/InspectionImages.h"

#include <QWidget>

namespace faultline::core { struct MapScale; }

class QCheckBox;
class QDoubleSpinBox;
class QGraphicsPathItem;
class QGraphicsPixmapItem;
class QGraphicsView;
class QLabel;
class QSlider;
class QStackedLayout;

namespace faultline::ui {

class PaneSwitcher;
class PixelProbe;
class ZoomSync;

class InspectionView : public QWidget {
    Q_OBJECT
public:
    enum class Pane { Original, Reconstruction, Heatmap, Overlay };

    explicit InspectionView(QWidget* parent = nullptr);

    void setImages(const InspectionImages& images);
    void clear();
    const InspectionImages& images() const { return m_images; }

    // The fixed scale learnt from the validation normals' maps (0 at their median, 1 at their
    // 99.9th percentile); an invalid scale switches the fixed scale off and disables it.
    void setMapScale(const core::MapScale& scale);
    // The dataset-wide error range used when the fixed scale is on, in map values.
    void setFixedRange(double low, double high);
    void setFixedScale(bool fixed);
    bool fixedScale() const;
    QPair<double, double> colourRange() const;  // the range the heatmap is drawn with now

    // Error level at or above which pixels form the outlined "error region".
    void setRegionThreshold(double level);
    double regionThreshold() const;
    void setOverlayOpacity(double opacity);  // 0..1

    QGraphicsView* pane(Pane which) const;
    void setCurrentPane(Pane which);  // the view in the large pane
    Pane currentPane() const;
    PaneSwitcher* switcher() const { return m_switcher; }
    ZoomSync* zoomSync() const { return m_zoom; }
    QString probeText() const;
    int regionContourCount() const { return m_regionContours; }
    int maskContourCount() const { return maskContours_; }

Q_SIGNALS:
    void nextRequested();
    void previousRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;  // the panes' background follows the theme
    void keyPressEvent(QKeyEvent* event) override;

private:
    bool handleKey(int key);
    void redrawHeatmap();
    void redrawContours();
    void refreshPreviews();
    void fitToPane();  // whole image visible, and kept so when the pane resizes
    void showProbe(const QPoint& pixel);
    QGraphicsView* makePane(const QString& caption, QWidget* parent);

    InspectionImages m_images;
    QGraphicsView* m_panes[4] = {};
    QGraphicsPixmapItem* m_pixmaps[4] = {};
    QGraphicsPixmapItem* m_overlayHeat = nullptr;
    QVector<QGraphicsPathItem*> m_contourItems;
    QStackedLayout* m_stack;
    PaneSwitcher* m_switcher;
    ZoomSync* m_zoom;
    PixelProbe* m_probe;
    QLabel* m_caption;
    QLabel* m_probeLabel;
    QLabel* m_scaleBar;
    QLabel* m_scaleText;
    QSlider* m_opacity;
    QCheckBox* m_fixedScale;
    QDoubleSpinBox* m_regionLevel;
    double m_fixedLow = 0.0, fixedHigh_ = 1.0;
    int m_regionContours = 0, maskContours_ = 0;
    bool m_regionLevelTouched = false;
    bool m_autoFit = true;   // no zoom chosen yet: images fill the pane
    bool m_fitting = false;
    QString m_scaleExplanation;  // what 0 and 1 of the fixed scale are, from setMapScale  // the user chose a level: keep it across images
};

} // namespace faultline::ui
