#pragma once
// Runs train() on a thread of its own and owns that thread: the object a GUI worker or a CLI can
// hold. Destroying a running job cancels it and waits for the thread (honoured within one batch),
// so no training outlives its owner. All member functions are called from the owner's thread;
// the progress callback runs on the training thread.

#include "Trainer.h"

#include <QString>
#include <QVector>

#include <atomic>
#include <mutex>
#include <thread>

namespace faultline::ml {

class TrainingJob {
public:
    TrainingJob() = default;
    ~TrainingJob();
    TrainingJob(const TrainingJob&) = delete;
    TrainingJob& operator=(const TrainingJob&) = delete;

    // Starts training; false when a run is still going. `progress` may be empty; a cancel request
    // stops the run whatever the callback returns.
    bool start(const TrainConfig& config, const QString& root, const QVector<core::Sample>& samples,
               TrainProgressFn progress = {});
    void cancel();
    bool isRunning() const;
    // Blocks until the run ends and returns its result (an empty result when none was started).
    TrainResult wait();

private:
    std::thread m_thread;
    std::atomic_bool m_cancel{false};
    std::atomic_bool m_running{false};
    std::mutex m_mutex;
    TrainResult m_result;
};

} // namespace faultline::ml
