#pragma once
// Two columns that sit side by side when the box is at least wideWidth pixels wide and one
// above the other when it is narrower, so a panel reads well in a narrow dock on a laptop and
// uses the width of a 4K screen. Meant as the widget of a QScrollArea (widgetResizable): the
// scroll area gives it its width, the columns decide its height. Owns the two columns.
// GUI thread only.

#include <QWidget>

class QBoxLayout;

namespace faultline::ui {

class TwoColumnBox : public QWidget {
    Q_OBJECT
public:
    TwoColumnBox(QWidget* first, QWidget* second, int wideWidth, QWidget* parent = nullptr);

    bool isSideBySide() const;
    // Stretch of the first column against the second when side by side (default 1:1).
    void setSideBySideStretch(int first, int second);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void arrange(int width);

    QBoxLayout* m_layout;
    int m_wideWidth;
    int m_stretch[2] = {1, 1};
};

} // namespace faultline::ui
