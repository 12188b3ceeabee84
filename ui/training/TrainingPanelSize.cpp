// TrainingPanel: the input size and tiling read from the dataset's images before Start, as
// `faultline-cli train` chooses them without --size (core::chooseInputSize).
#include "ui/training/TrainingPanel.h"
#include "ui/window/BackgroundTask.h"

#include <QLabel>
#include <QSpinBox>
#include <QtConcurrent/QtConcurrentRun>

namespace faultline::ui {

void TrainingPanel::chooseSizeFromImages() {
    QStringList paths;
    for (const core::Sample& s : m_samples)
        if (s.split == core::Split::Train && s.truth != core::GroundTruth::Anomalous) paths << s.path;
    if (paths.isEmpty()) {
        m_sizeChoice = {};
        refreshSizeReason();
        return;
    }
    m_sizeWatcher.waitForFinished();  // an earlier dataset's read: milliseconds, and its answer is dropped
    m_sizeWatcher.setFuture(QtConcurrent::run(backgroundTaskPool(), [paths] { return core::chooseInputSizeForFiles(paths); }));
}

void TrainingPanel::applySizeChoice() {
    m_sizeChoice = m_sizeWatcher.result();
    if (!m_sizeKept && !m_training) {
        m_settingSize = true;
        m_size->setValue(m_sizeChoice.size);
        m_tile->setValue(m_sizeChoice.tile);
        m_settingSize = false;
    }
    refreshSizeReason();
}

void TrainingPanel::refreshSizeReason() {
    if (m_sizeChoice.reason.isEmpty()) {
        m_sizeReason->setVisible(false);
        return;
    }
    QString text = tr("From the images: %1.").arg(m_sizeChoice.reason);
    if (m_size->value() != m_sizeChoice.size) text += tr(" Set to %1 px here.").arg(m_size->value());
    if (m_tile->value() != m_sizeChoice.tile)
        text += m_tile->value() > 0 ? tr(" Tiles of %1 px here.").arg(m_tile->value()) : tr(" Whole images here.");
    for (const QString& note : m_sizeChoice.notes) text += QLatin1Char(' ') + note + QLatin1Char('.');
    m_sizeReason->setText(text);
    m_sizeReason->setVisible(true);
}

} // namespace faultline::ui
