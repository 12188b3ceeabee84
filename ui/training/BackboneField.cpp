#include "ui/training/BackboneField.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace faultline::ui {

BackboneField::BackboneField(QWidget* parent)
    : QWidget(parent), m_path(new QLineEdit(this)), m_browse(new QToolButton(this)), m_layers(new QLineEdit(this)) {
    m_path->setObjectName(QStringLiteral("backbonePath"));
    m_path->setPlaceholderText(tr("resnet18.pt"));
    m_path->setToolTip(tr("A pretrained network saved with torch.jit.script or torch.jit.trace (see docs/ml.md). "
                          "It is copied into the model bundle; nothing is downloaded."));
    m_browse->setText(tr("Browse…"));
    m_browse->setToolTip(tr("Choose the TorchScript file"));
    m_layers->setObjectName(QStringLiteral("backboneLayers"));
    m_layers->setPlaceholderText(QStringLiteral("layer2,layer3"));
    m_layers->setToolTip(tr("The network's layers whose outputs are the features, by name, separated by commas "
                            "(dotted for nested ones, e.g. features.16). Empty: layer2,layer3, as for a ResNet."));
    auto* file = new QHBoxLayout;
    file->setContentsMargins(0, 0, 0, 0);
    file->addWidget(m_path, 1);
    file->addWidget(m_browse);
    auto* rows = new QVBoxLayout(this);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->addLayout(file);
    rows->addWidget(m_layers);
    connect(m_browse, &QToolButton::clicked, this, &BackboneField::browse);
}

QString BackboneField::path() const { return m_path->text().trimmed(); }

void BackboneField::setPath(const QString& path) { m_path->setText(path); }

QStringList BackboneField::layers() const {
    QStringList out;
    for (const QString& part : m_layers->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString name = part.trimmed(); !name.isEmpty()) out << name;
    return out;
}

void BackboneField::setLayers(const QStringList& layers) { m_layers->setText(layers.join(QLatin1Char(','))); }

void BackboneField::browse() {
    const QString file = QFileDialog::getOpenFileName(this, tr("TorchScript backbone"), path(),
                                                      tr("TorchScript files (*.pt *.pth *.ts);;All files (*)"));
    if (!file.isEmpty()) m_path->setText(file);
}

} // namespace faultline::ui
