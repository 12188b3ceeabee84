#pragma once
// Runs ml::trainSamples() for the training panel. Lives on a QThread of its own (Qt's
// worker-object pattern): run() is invoked through a queued connection and blocks that
// thread's event loop until training ends, so cancel is an atomic flag, not a slot; the
// trainer's callback checks it after every batch. Signals are emitted from the worker
// thread; progress only for the trainer's refreshed reports (every few batches), never
// per batch.

#include "core/dataset/Sample.h"
#include "core/ml/Trainer.h"

#include <QObject>
#include <QVector>

#include <atomic>

namespace faultline::ui {

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    TrainingWorker() = default;

    // Safe from any thread; honoured within one batch.
    void requestCancel() { m_cancel.store(true); }

public Q_SLOTS:
    void run(const faultline::ml::TrainConfig& config, const QString& root,
             const QVector<faultline::core::Sample>& samples);

Q_SIGNALS:
    void progress(const faultline::ml::TrainProgress& progress);
    void finished(const faultline::ml::TrainConfig& config, const faultline::ml::TrainResult& result);

private:
    std::atomic_bool m_cancel{false};
};

} // namespace faultline::ui
