#include "ui/training/TrainingWorker.h"

namespace faultline::ui {

void TrainingWorker::run(const ml::TrainConfig& config, const QString& root, const QVector<core::Sample>& samples) {
    m_cancel.store(false);
    const ml::TrainResult result = ml::trainSamples(config, root, samples, [this](const ml::TrainProgress& p) {
        if (p.refreshed || p.epochFinished)
            Q_EMIT progress(p);
        return !m_cancel.load();
    });
    Q_EMIT finished(config, result);
}

} // namespace faultline::ui
