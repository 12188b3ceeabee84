#include "ui/window/WelcomePage.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace faultline::ui {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent) {
    auto* title = new QLabel(tr("<h2>Faultline</h2><p>Train an anomaly detector on normal images, inspect what it "
                                "finds, set the threshold and label the doubtful cases.</p>"),
                             this);
    title->setAlignment(Qt::AlignCenter);
    title->setWordWrap(true);
    m_demo = new QPushButton(tr("Open the demo dataset"), this);
    m_demo->setToolTip(tr("Generate a small woven-fabric dataset with five kinds of defect and open it"));
    m_open = new QPushButton(tr("Open a project…"), this);
    m_open->setToolTip(tr("Open a Faultline project file (.faultline)"));
    m_import = new QPushButton(tr("Import a dataset folder…"), this);
    m_import->setToolTip(tr("Index a folder of images (MVTec AD layout or plain folders); you can also drop a "
                            "folder onto the window"));
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(title);
    for (QPushButton* b : {m_demo, m_open, m_import}) {
        b->setMinimumWidth(260);
        layout->addWidget(b, 0, Qt::AlignHCenter);
    }
    auto* hint = new QLabel(tr("Drop a dataset folder here to import it."), this);
    hint->setAlignment(Qt::AlignCenter);
    hint->setEnabled(false);
    layout->addWidget(hint);
    layout->addStretch(2);
    connect(m_demo, &QPushButton::clicked, this, &WelcomePage::demoRequested);
    connect(m_open, &QPushButton::clicked, this, &WelcomePage::openRequested);
    connect(m_import, &QPushButton::clicked, this, &WelcomePage::importRequested);
}

} // namespace faultline::ui
