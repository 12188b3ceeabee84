#pragma once
// The training panel's backbone rows: a TorchScript file (typed, or chosen with Browse…) and the
// names of its layers whose outputs are the features ("layer2,layer3" when left empty, ResNet's).
// Shown only for the backbone model. The file is read when training starts, which names it in its
// error when it cannot be used. GUI thread only.

#include <QStringList>
#include <QWidget>

class QLineEdit;
class QToolButton;

namespace faultline::ui {

class BackboneField : public QWidget {
    Q_OBJECT
public:
    explicit BackboneField(QWidget* parent = nullptr);

    QString path() const;
    void setPath(const QString& path);
    QStringList layers() const;             // empty: the model's default layers
    void setLayers(const QStringList& layers);
    QLineEdit* layersEdit() const { return m_layers; }
    QLineEdit* pathEdit() const { return m_path; }

private:
    void browse();

    QLineEdit* m_path;
    QToolButton* m_browse;
    QLineEdit* m_layers;
};

} // namespace faultline::ui
