#include "TrainingJob.h"

namespace faultline::ml {

TrainingJob::~TrainingJob() {
    cancel();
    if (m_thread.joinable()) m_thread.join();
}

bool TrainingJob::start(const TrainConfig& config, const QString& root, const QVector<core::Sample>& samples,
                        TrainProgressFn progress) {
    if (m_running.load()) return false;
    if (m_thread.joinable()) m_thread.join();
    m_cancel = false;
    m_running = true;
    m_thread = std::thread([this, config, root, samples, progress = std::move(progress)] {
        TrainResult r = trainSamples(config, root, samples, [&](const TrainProgress& p) {
            if (m_cancel.load()) return false;
            return progress ? progress(p) : true;
        });
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_result = std::move(r);
        }
        m_running = false;
    });
    return true;
}

void TrainingJob::cancel() { m_cancel = true; }

bool TrainingJob::isRunning() const { return m_running.load(); }

TrainResult TrainingJob::wait() {
    if (m_thread.joinable()) m_thread.join();
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_result;
}

} // namespace faultline::ml
