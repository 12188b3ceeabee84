#pragma once
// Loads what the inspection view shows for one sample off the GUI thread: the decoded
// original, and with a model bundle set, its reconstruction and anomaly map (ml::Scorer),
// plus the ground-truth mask. A BackgroundTask (its contract applies); at most one load in
// flight, and when requests come faster than loads finish (holding PageDown) only the
// latest one is loaded and shown. loaded() is emitted on the GUI thread. The destructor
// waits for a load in flight.
// The last kCacheSize loads are kept, and prefetch() loads the samples a person is likely to
// step to next while the loader would otherwise be idle, so J/K show a prepared image at once
// even while training keeps the cores busy. A request always goes before a prefetch.
// A request that is not cached, with a bundle, is also decoded on its own at once:
// previewReady() shows the original (marked pending) while the model's load waits behind a
// prefetch or for cores the trainer holds; loaded() follows with everything and replaces it.
// With a bundle and the project's samples, the validation normals' maps are scored once in the
// background (their own Scorer, cancelled when the bundle changes) into the fixed heatmap
// scale (core::MapScale); mapScaleReady() follows, with an invalid scale when there are none.

#include "core/dataset/Sample.h"
#include "core/eval/MapScale.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/window/BackgroundTask.h"
#include "ui/inspection/InspectionImages.h"

#include <QHash>
#include <QObject>
#include <QStringList>
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
    // method: the score method whose map is shown (the active run's); empty = the bundle's default.
    void setBundle(const QString& bundlePath, const QVector<SampleRow>& samples = {}, const QString& method = {});
    QString method() const { return m_method; }
    core::MapScale mapScale() const { return m_mapScale; }
    bool isComputingMapScale() const;
    QString bundle() const { return m_bundlePath; }
    static constexpr int kCacheSize = 8;
    void request(const core::Sample& sample, const QString& name);
    // Replaces the prefetch queue (nearest first); samples already cached are skipped.
    void prefetch(const QVector<QPair<core::Sample, QString>>& samples);
    bool isLoading() const;
    bool isCached(const QString& path) const { return m_cache.contains(path); }

    // The load itself, plain and blocking (what the worker runs). `scorer` is loaded from
    // `bundlePath` on first use and reused; pass the same pointer from one thread at a time.
    static InspectionImages load(const core::Sample& sample, const QString& name, const QString& bundlePath,
                                 const QString& method, std::shared_ptr<ml::Scorer> scorer,
                                 std::shared_ptr<QString> scorerBundle);

    // The scale from these images' maps (plain and blocking; the worker of the scale task).
    static void computeMapScale(QPromise<core::MapScale>& promise, const QStringList& paths, const QString& bundlePath,
                                const QString& method);

Q_SIGNALS:
    void loaded(const faultline::ui::InspectionImages& images);
    // The original of the latest request, before loaded(); never after it, never for a cached one.
    void previewReady(const faultline::ui::InspectionImages& images);
    void mapScaleReady(const faultline::core::MapScale& scale);

private:
    struct Request {
        core::Sample sample;
        QString name;
    };
    void start(const Request& r);
    void finished();
    void previewFinished();
    void startPreview();
    void remember(const QString& path, const InspectionImages& images);

    QString modelKey() const { return m_bundlePath + QLatin1Char('\n') + m_method; }

    QString m_bundlePath;
    QString m_method;
    std::shared_ptr<ml::Scorer> m_scorer;
    std::shared_ptr<QString> m_scorerBundle;  // the bundle and method m_scorer has loaded
    BackgroundTask<InspectionImages> m_task;
    BackgroundTask<InspectionImages> m_previewTask;  // the original only, of m_previewPath
    QString m_previewPath;
    bool m_previewWanted = false;  // a newer request waits for the preview task (never waited for)
    BackgroundTask<core::MapScale> m_scaleTask;
    core::MapScale m_mapScale;
    QStringList m_scaleImages;  // the validation normals the scale is (being) made from
    std::optional<Request> m_pending;   // the user's latest request, waiting for the task
    QString m_wanted, m_wantedName;     // what the view should show next (path, caption)
    std::optional<Request> m_wantedRequest;
    bool m_wantedShown = true;
    QString m_inFlight, m_inFlightKey;  // the load the task is running, and its bundle and method
    QVector<Request> m_prefetch;
    QHash<QString, InspectionImages> m_cache;  // by path, for m_bundlePath and m_method
    QStringList m_cacheOrder;                  // oldest first
};

} // namespace faultline::ui
