#include "ui/window/TwoColumnBox.h"

#include <QBoxLayout>
#include <QResizeEvent>

namespace faultline::ui {

TwoColumnBox::TwoColumnBox(QWidget* first, QWidget* second, int wideWidth, QWidget* parent)
    : QWidget(parent), m_layout(new QBoxLayout(QBoxLayout::TopToBottom, this)), m_wideWidth(wideWidth) {
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->addWidget(first, 1);
    m_layout->addWidget(second, 1);
    arrange(0);
}

bool TwoColumnBox::isSideBySide() const { return m_layout->direction() == QBoxLayout::LeftToRight; }

void TwoColumnBox::setSideBySideStretch(int first, int second) {
    m_stretch[0] = first;
    m_stretch[1] = second;
    arrange(width());
}

void TwoColumnBox::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    arrange(event->size().width());
}

void TwoColumnBox::arrange(int width) {
    // The width comes from the scroll area, not from the columns, so switching cannot oscillate.
    const auto direction = width >= m_wideWidth ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (m_layout->direction() != direction) m_layout->setDirection(direction);
    // One above the other, the first column (plots) takes the height the second leaves.
    const bool side = direction == QBoxLayout::LeftToRight;
    m_layout->setStretch(0, side ? m_stretch[0] : 1);
    m_layout->setStretch(1, side ? m_stretch[1] : 0);
}

} // namespace faultline::ui
