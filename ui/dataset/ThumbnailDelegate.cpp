#include "ui/dataset/ThumbnailDelegate.h"

#include "ui/dataset/SampleTableModel.h"

#include <QApplication>
#include <QIcon>
#include <QPainter>

namespace faultline::ui {

namespace {
constexpr int kPadding = 6;   // around the thumbnail, px
constexpr int kFrame = 3;     // verdict frame width, px

QColor verdictColour(SampleTableModel::Verdict v) {
    switch (v) {
    case SampleTableModel::Verdict::Fail: return QColor(0xd6, 0x3b, 0x2f);
    case SampleTableModel::Verdict::Review: return QColor(0xe0, 0xa1, 0x00);
    case SampleTableModel::Verdict::Pass: return QColor(0x2e, 0x8b, 0x57);
    case SampleTableModel::Verdict::Unscored: break;
    }
    return {};
}
} // namespace

ThumbnailDelegate::ThumbnailDelegate(int thumbnailSide, QObject* parent)
    : QStyledItemDelegate(parent), m_side(thumbnailSide) {}

QSize ThumbnailDelegate::cellSize() const {
    const int text = QFontMetrics(QApplication::font()).height();
    return {m_side + 2 * kPadding, m_side + 2 * kPadding + text + 2};
}

QSize ThumbnailDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const { return cellSize(); }

void ThumbnailDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    painter->save();
    const QPalette& pal = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    if (selected) painter->fillRect(option.rect, pal.highlight());

    const QRect box(option.rect.left() + kPadding, option.rect.top() + kPadding, m_side, m_side);
    const QIcon icon = index.data(Qt::DecorationRole).value<QIcon>();
    // At the ratio of the device painted on (a 2x screen, or a 2x image in a test), so a
    // thumbnail decoded at 2x is drawn pixel for pixel rather than scaled down and up.
    const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : qreal(1);
    const QPixmap pm = icon.isNull() ? QPixmap() : icon.pixmap(QSize(m_side, m_side), ratio);
    if (pm.isNull()) {
        painter->fillRect(box, pal.alternateBase());
        painter->setPen(pal.color(QPalette::PlaceholderText));
        painter->drawText(box, Qt::AlignCenter, QStringLiteral("…"));
    } else {
        const QSize logical = pm.size() / pm.devicePixelRatio();
        const QRect target(box.left() + (m_side - logical.width()) / 2, box.top() + (m_side - logical.height()) / 2,
                           logical.width(), logical.height());
        painter->drawPixmap(target, pm);
    }

    const auto verdict = SampleTableModel::Verdict(index.data(SampleTableModel::VerdictRole).toInt());
    const QColor frame = verdictColour(verdict);
    if (frame.isValid()) {
        painter->setPen(QPen(frame, kFrame));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(box.adjusted(-1, -1, 1, 1));
    }

    const auto label = core::GroundTruth(index.data(SampleTableModel::LabelRole).toInt());
    if (label != core::GroundTruth::Unknown) {
        const bool anomalous = label == core::GroundTruth::Anomalous;
        const QRect badge(box.right() - 17, box.top() + 2, 16, 16);
        painter->setPen(Qt::NoPen);
        painter->setBrush(anomalous ? QColor(0xd6, 0x3b, 0x2f) : QColor(0x2e, 0x8b, 0x57));
        painter->drawEllipse(badge);
        painter->setPen(Qt::white);
        QFont f = option.font;
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 0.8);
        painter->setFont(f);
        painter->drawText(badge, Qt::AlignCenter, anomalous ? QStringLiteral("A") : QStringLiteral("N"));
        painter->setFont(option.font);
    }

    // Folder and file: "crack/003.png" tells apart the same file name in different folders.
    const QString name = index.data(SampleTableModel::NameRole).toString().section(QLatin1Char('/'), -2);
    const QRect textRect(option.rect.left() + 2, box.bottom() + 3, option.rect.width() - 4, option.fontMetrics.height());
    painter->setPen(selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text));
    painter->drawText(textRect, Qt::AlignHCenter | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(name, Qt::ElideMiddle, textRect.width()));
    if (option.state & QStyle::State_HasFocus) {
        painter->setPen(QPen(pal.color(QPalette::Highlight).darker(130), 1, Qt::DashLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(option.rect.adjusted(0, 0, -1, -1));
    }
    painter->restore();
}

} // namespace faultline::ui
