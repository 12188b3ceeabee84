#include "ui/window/NextStepBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace faultline::ui {

NextStepBanner::NextStepBanner(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("nextStepBanner"));
    setFrameShape(QFrame::StyledPanel);
    setBackgroundRole(QPalette::AlternateBase);
    setAutoFillBackground(true);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);  // wraps instead of widening the window
    m_train = new QPushButton(tr("Train a model…"), this);
    m_train->setObjectName(QStringLiteral("nextStepTrain"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_train);
    connect(m_train, &QPushButton::clicked, this, &NextStepBanner::trainRequested);
    hide();
}

void NextStepBanner::update(int samples, bool scored, bool training) {
    const bool show = samples > 0 && !scored && !training;
    if (show)
        m_text->setText(tr("<b>Next step:</b> these %L1 images have no scores yet. Train a model on the normal "
                           "training images to score them; then set the threshold in the Threshold panel.")
                            .arg(samples));
    setVisible(show);
}

QString NextStepBanner::text() const { return m_text->text(); }

} // namespace faultline::ui
