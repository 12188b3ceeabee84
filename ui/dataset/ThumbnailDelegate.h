#pragma once
// Paints one sample in the thumbnail grid: the thumbnail (or a placeholder while it loads),
// a frame in the verdict's colour, a badge with the user's label and the elided file name.
// Every cell has the same size, so the view can lay out 100,000 items without asking each one.

#include <QStyledItemDelegate>

namespace faultline::ui {

class ThumbnailDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit ThumbnailDelegate(int thumbnailSide, QObject* parent = nullptr);

    QSize cellSize() const;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int m_side;
};

} // namespace faultline::ui
