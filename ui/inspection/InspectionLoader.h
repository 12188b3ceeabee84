#pragma once
// Loads what the inspection view shows for one sample off the GUI thread: the decoded
// original, and with a model bundle set, its reconstruction and anomaly map (ml::Scorer),
// plus the ground-truth mask. A BackgroundTask (its contract applies); at most one load in
// flight, and when requests come faster than loads finish (holding PageDown) only the
// latest one is loaded and shown. loaded() is emitted on the GUI thread. The destructor
// waits for a load in flight.
// With a bundle and the project's samples, the validation normals' maps are scored once in the
// background (their own Scorer, cancelled when the bundle changes) into the fixed heatmap
// scale (core::MapScale); mapScaleReady() follows, with an invalid scale when there are none.

#include "core/dataset/Sample.h"
#include "core/eval/MapScale.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/window/BackgroundTask.h"
#include "ui/inspection/InspectionImages.h"

#include <QObject>
#include <QPromise>

#include <memory>
#include <optional>

namespace faultline::ml { class Scorer; }

namespace faultline::ui {

class InspectionLoader : public QObject {
    Q_OBJECT
public:
    explicit InspectionLoader(QObject* parent = nullptr);
    ~InspectionLoader() override;

    // The run whose reconstructions and maps are shown; empty shows originals only. With
    // samples, their validation normals (split val, ground truth normal) set the fixed scale.
    void setBundle(const QString& bundlePath, const QVector<SampleRow>& samples = {});
    core::MapScale mapScale() const { return m_mapScale; }
    bool isComputingMapScale() const;
    QString bundle() const { return m_bundlePath; }
    void request(const core::Sample& sample, const QString& name);
    bool isLoading() const;

    // The load itself, plain and blocking (what the worker runs). `scorer` is loaded from
    // `bundlePath` on first use and reused; pass the same pointer from one thread at a time.
    static InspectionImages load(const core::Sample& sample, const QString& name, const QString& bundlePath,
                                 std::shared_ptr<ml::Scorer> scorer, std::shared_ptr<QString> scorerBundle);

    // The scale from these images' maps (plain and blocking; the worker of the scale task).
    static void computeMapScale(QPromise<core::MapScale>& promise, const QStringList& paths, const QString& bundlePath);

Q_SIGNALS:
    void loaded(const faultline::ui::InspectionImages& images);
    void mapScaleReady(const faultline::core::MapScale& scale);

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
    BackgroundTask<core::MapScale> m_scaleTask;
    core::MapScale m_mapScale;
    QStringList m_scaleImages;  // the validation normals the scale is (being) made from
    std::optional<Request> m_pending;
};

} // namespace faultline::ui
