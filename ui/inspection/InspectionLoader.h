#pragma once
// Loads what the inspection view shows for one sample off the GUI thread: the decoded
// original, and with a model bundle set, its reconstruction and anomaly map (ml::Scorer),
// plus the ground-truth mask. A BackgroundTask (its contract applies); at most one load in
// flight, and when requests come faster than loads finish (holding PageDown) only the
// latest one is loaded and shown. loaded() is emitted on the GUI thread. The destructor
// waits for a load in flight.

#include "core/dataset/Sample.h"
#include "ui/window/BackgroundTask.h"
#include "ui/inspection/InspectionImages.h"

#include <QObject>

#include <memory>
#include <optional>

namespace faultline::ml { class Scorer; }

namespace faultline::ui {

class InspectionLoader : public QObject {
    Q_OBJECT
public:
    explicit InspectionLoader(QObject* parent = nullptr);
    ~InspectionLoader() override;

    // The run whose reconstructions and maps are shown; empty shows originals only.
    void setBundle(const QString& bundlePath);
    QString bundle() const { return m_bundlePath; }
    void request(const core::Sample& sample, const QString& name);
    bool isLoading() const;

    // The load itself, plain and blocking (what the worker runs). `scorer` is loaded from
    // `bundlePath` on first use and reused; pass the same pointer from one thread at a time.
    static InspectionImages load(const core::Sample& sample, const QString& name, const QString& bundlePath,
                                 std::shared_ptr<ml::Scorer> scorer, std::shared_ptr<QString> scorerBundle);

Q_SIGNALS:
    void loaded(const faultline::ui::InspectionImages& images);

private:
    struct Request {
        core::Sample sample;
        QString name;
    };
    void startNext();

    QString m_bundlePath;
    std::shared_ptr<ml::Scorer> m_scorer;
    std::shared_ptr<QString> m_scorerBundle;  // the bundle m_scorer has loaded
    BackgroundTask<InspectionImages> m_task;
    std::optional<Request> m_pending;
};

} // namespace faultline::ui
