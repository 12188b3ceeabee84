#include "ui/inspection/PaneSwitcher.h"

#include <QButtonGroup>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>

namespace faultline::ui {

PaneSwitcher::PaneSwitcher(const QStringList& names, const QStringList& tips, QWidget* parent)
    : QWidget(parent), m_group(new QButtonGroup(this)) {
    setObjectName(QStringLiteral("paneSwitcher"));
    m_group->setExclusive(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    for (int i = 0; i < names.size(); ++i) {
        auto* b = new QToolButton(this);
        b->setObjectName(QStringLiteral("pane:%1").arg(i));
        b->setText(QStringLiteral("&%1 %2").arg(i + 1).arg(names[i]));
        b->setToolTip(i < tips.size() ? tips[i] : names[i]);
        b->setCheckable(true);
        b->setAutoRaise(true);
        b->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        b->setIconSize(QSize(kPreviewWidth, kPreviewHeight));
        b->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        m_group->addButton(b, i);
        layout->addWidget(b);
        setPreview(i, QPixmap());
    }
    if (auto* first = m_group->button(0)) first->setChecked(true);
    connect(m_group, &QButtonGroup::idToggled, this, [this](int id, bool on) {
        if (on) Q_EMIT currentChanged(id);
    });
}

int PaneSwitcher::current() const { return m_group->checkedId(); }

void PaneSwitcher::setCurrent(int index) {
    if (QAbstractButton* b = m_group->button(index)) b->setChecked(true);
}

QToolButton* PaneSwitcher::button(int index) const { return static_cast<QToolButton*>(m_group->button(index)); }

void PaneSwitcher::setPreview(int index, const QPixmap& picture) {
    QToolButton* b = button(index);
    if (!b) return;
    // Every tile the same size, the picture centred and letterboxed: the column does not jump.
    QPixmap tile(kPreviewWidth, kPreviewHeight);
    tile.fill(palette().color(QPalette::Dark));
    if (!picture.isNull()) {
        const QPixmap scaled = picture.scaled(tile.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
        QPainter p(&tile);
        p.drawPixmap((tile.width() - scaled.width()) / 2, (tile.height() - scaled.height()) / 2, scaled);
    }
    b->setIcon(QIcon(tile));
}

} // namespace faultline::ui
