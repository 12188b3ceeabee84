#pragma once
// Prepares what the inspection view shows for one sample, off the GUI thread: the image, its
// mask, and, when the active run has a model bundle, the reconstruction and anomaly map.
// Only the newest request is delivered: moving quickly through samples never queues work.
// Threads: request() and ready() on the GUI thread; the Scorer is used by one worker at a time.

#include "ui/InspectionImages.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>

namespace faultline::ui {

struct SampleRow;

class InspectionLoader : public QObject {
    Q_OBJECT
public:
    explicit InspectionLoader(QObject* parent = nullptr);
    ~InspectionLoader() override;

    void setBundle(const QString& bundlePath);   // empty: images and masks only
    void request(const SampleRow& sample);

    struct Shared;   // bundle path and scorer, shared with running workers (defined in the .cpp)

Q_SIGNALS:
    void ready(const faultline::ui::InspectionImages& images);

private:
    void startNext();

    std::shared_ptr<Shared> m_shared;
    QFutureWatcher<InspectionImages> m_watcher;
    bool m_pending = false;
    QString m_nextPath, m_nextMask, m_nextName;
    double m_nextScore = 0.0;
};

} // namespace faultline::ui
