#pragma once
// The column of four preview buttons beside the inspection view's large pane: each shows a
// small picture of its view (original, reconstruction, heatmap, overlay) and clicking one
// (or pressing 1-4 in the view) puts that view in the large pane. Exclusive, one is always
// current. Previews are QPixmaps, so GUI thread only.

#include <QWidget>

class QButtonGroup;
class QToolButton;

namespace faultline::ui {

class PaneSwitcher : public QWidget {
    Q_OBJECT
public:
    static constexpr int kPreviewWidth = 88;   // px, preview picture in each button
    static constexpr int kPreviewHeight = 66;

    PaneSwitcher(const QStringList& names, const QStringList& tips, QWidget* parent = nullptr);

    int current() const;
    void setCurrent(int index);           // emits currentChanged when it changes
    void setPreview(int index, const QPixmap& picture);  // a null pixmap shows a blank tile
    QToolButton* button(int index) const;

Q_SIGNALS:
    void currentChanged(int index);

private:
    QButtonGroup* m_group;
};

} // namespace faultline::ui
