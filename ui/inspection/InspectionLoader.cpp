#include "ui/inspection/InspectionLoader.h"

#include "core/image/ImageLoader.h"
#include "core/ml/Scorer.h"

#include <opencv2/imgproc.hpp>

namespace faultline::ui {

InspectionLoader::InspectionLoader(QObject* parent)
    : QObject(parent), m_scorer(std::make_shared<ml::Scorer>()), m_scorerBundle(std::make_shared<QString>()) {
    connect(&m_task, &BackgroundTaskBase::finished, this, &InspectionLoader::finished);
    connect(&m_previewTask, &BackgroundTaskBase::finished, this, &InspectionLoader::previewFinished);
    connect(&m_scaleTask, &BackgroundTaskBase::finished, this, [this] {
        m_mapScale = m_scaleTask.hasResult() ? m_scaleTask.result() : core::MapScale();
        Q_EMIT mapScaleReady(m_mapScale);
    });
}

InspectionLoader::~InspectionLoader() = default;  // m_task waits for a load in flight

void InspectionLoader::setBundle(const QString& bundlePath, const QVector<SampleRow>& samples, const QString& method) {
    QStringList normals;
    for (const SampleRow& s : samples)
        if (s.split == core::Split::Val && s.truth == core::GroundTruth::Normal) normals << s.path;
    if (bundlePath != m_bundlePath || method != m_method) {
        m_bundlePath = bundlePath;
        m_method = method;
        // A load in flight keeps its own scorer; the next one starts with a fresh one.
        m_scorer = std::make_shared<ml::Scorer>();
        m_scorerBundle = std::make_shared<QString>();
        m_cache.clear();
        m_cacheOrder.clear();
        m_prefetch.clear();
    } else if (normals == m_scaleImages) {
        return;
    }
    m_scaleImages = normals;
    m_mapScale = core::MapScale();
    if (bundlePath.isEmpty() || normals.isEmpty()) {
        m_scaleTask.cancel();
        Q_EMIT mapScaleReady(m_mapScale);
        return;
    }
    m_scaleTask.start(&InspectionLoader::computeMapScale, normals, bundlePath, method);  // cancels one in flight
}

bool InspectionLoader::isLoading() const { return m_task.isRunning(); }

bool InspectionLoader::isComputingMapScale() const { return m_scaleTask.isRunning(); }

void InspectionLoader::computeMapScale(QPromise<core::MapScale>& promise, const QStringList& paths,
                                       const QString& bundlePath, const QString& method) {
    ml::Scorer scorer;
    ml::ScoreOptions options;
    options.method = method;
    options.wantMap = true;  // the maps the inspection shows: same smoothing, original size
    options.batchSize = 8;
    QString error;
    if (!scorer.load(bundlePath, options, &error)) return;  // no result: no fixed scale
    core::MapScaleAccumulator acc;
    const ml::ScoreRunSummary summary = scorer.scoreFiles(
        paths, [&acc](int, const ml::ImageScore& s) { if (s.ok) acc.add(s.anomalyMap); },
        [&promise](qint64, qint64) { return !promise.isCanceled(); });
    if (!summary.cancelled) promise.addResult(acc.result());
}

void InspectionLoader::request(const core::Sample& sample, const QString& name) {
    m_wanted = sample.path;
    m_wantedName = name;
    m_wantedRequest = Request{sample, name};
    if (const auto hit = m_cache.constFind(sample.path); hit != m_cache.cend()) {
        m_pending.reset();
        m_wantedShown = true;
        InspectionImages images = *hit;
        images.name = name;
        Q_EMIT loaded(images);
        return;
    }
    m_wantedShown = false;
    if (!m_bundlePath.isEmpty()) {  // the model's part takes long: show the original meanwhile
        m_previewWanted = true;
        if (!m_previewTask.isRunning()) startPreview();
    }
    if (!m_task.isRunning()) start({sample, name});
    else if (m_inFlight != sample.path) m_pending = Request{sample, name};
    else m_pending.reset();  // the load in flight is this one
}

void InspectionLoader::prefetch(const QVector<QPair<core::Sample, QString>>& samples) {
    m_prefetch.clear();
    for (const auto& [sample, name] : samples)
        if (!m_cache.contains(sample.path)) m_prefetch.push_back({sample, name});
    if (!m_task.isRunning() && !m_pending) finished();
}

void InspectionLoader::start(const Request& r) {
    m_inFlight = r.sample.path;
    m_inFlightKey = modelKey();
    m_task.start(&InspectionLoader::load, r.sample, r.name, m_bundlePath, m_method, m_scorer, m_scorerBundle);
}

void InspectionLoader::remember(const QString& path, const InspectionImages& images) {
    if (!images.errorMessage.isEmpty() || m_cache.contains(path)) return;  // errors are tried again
    m_cache.insert(path, images);
    m_cacheOrder << path;
    while (m_cacheOrder.size() > kCacheSize) m_cache.remove(m_cacheOrder.takeFirst());
}

void InspectionLoader::finished() {
    if (!m_inFlight.isEmpty() && m_task.hasResult()) {
        const InspectionImages images = m_task.result();
        const QString path = m_inFlight;
        m_inFlight.clear();
        if (m_inFlightKey == modelKey()) remember(path, images);
        // Shown only when it is what the view waits for: a newer request makes it stale.
        if (path == m_wanted && !m_wantedShown && m_inFlightKey == modelKey()) {
            m_wantedShown = true;
            InspectionImages shown = images;
            shown.name = m_wantedName;
            Q_EMIT loaded(shown);
        }
    }
    m_inFlight.clear();
    if (m_pending) {
        const Request r = *m_pending;
        m_pending.reset();
        start(r);
        return;
    }
    if (!m_wantedShown && m_wantedRequest) {  // made with an earlier bundle: load it again
        start(*m_wantedRequest);
        return;
    }
    while (!m_prefetch.isEmpty()) {
        const Request next = m_prefetch.takeFirst();
        if (m_cache.contains(next.sample.path)) continue;
        start(next);
        return;
    }
}

void InspectionLoader::startPreview() {
    m_previewWanted = false;
    m_previewPath = m_wanted;
    core::Sample sample = m_wantedRequest->sample;
    sample.maskPath.clear();  // the full load brings the mask
    m_previewTask.start(&InspectionLoader::load, sample, m_wantedName, QString(), QString(), std::shared_ptr<ml::Scorer>(),
                        std::shared_ptr<QString>());
}

void InspectionLoader::previewFinished() {
    // A decode is never cancelled or waited for: requests made meanwhile take the next one.
    if (m_previewWanted && !m_wantedShown) {
        startPreview();
        return;
    }
    m_previewWanted = false;
    if (!m_previewTask.hasResult()) return;
    InspectionImages images = m_previewTask.result();
    // Errors wait for the full load, which says them with the model's; a later request or the
    // full images already shown make the preview stale.
    if (!images.errorMessage.isEmpty() || m_previewPath != m_wanted || m_wantedShown) return;
    images.name = m_wantedName;
    images.pending = true;
    Q_EMIT previewReady(images);
}

namespace {
// Brings a reconstruction (model input size and channels) to the original's size and type.
cv::Mat matchOriginal(const cv::Mat& recon, const cv::Mat& original) {
    if (recon.empty())
        return {};
    cv::Mat out;
    cv::resize(recon, out, original.size(), 0, 0, cv::INTER_LINEAR);
    if (out.channels() == 1 && original.channels() == 3)
        cv::cvtColor(out, out, cv::COLOR_GRAY2RGB);
    else if (out.channels() == 3 && original.channels() == 1)
        cv::cvtColor(out, out, cv::COLOR_RGB2GRAY);
    return out;
}
} // namespace

InspectionImages InspectionLoader::load(const core::Sample& sample, const QString& name, const QString& bundlePath,
                                        const QString& method, std::shared_ptr<ml::Scorer> scorer,
                                        std::shared_ptr<QString> scorerBundle) {
    InspectionImages im;
    im.name = name;
    const core::LoadedImage original = core::loadImage(sample.path);
    if (!original.ok()) {
        im.errorMessage = original.error;
        return im;
    }
    im.original = original.image;
    if (!sample.maskPath.isEmpty()) {
        const core::LoadedImage mask = core::loadImage(sample.maskPath, {/*size=*/0, /*channels=*/1});
        if (!mask.ok()) {
            im.errorMessage = QObject::tr("mask not shown: %1").arg(mask.error);
        } else {
            cv::Mat m;
            cv::resize(mask.image, m, im.original.size(), 0, 0, cv::INTER_NEAREST);
            cv::compare(m, 0.5, im.mask, cv::CMP_GT);
        }
    }
    if (bundlePath.isEmpty())
        return im;
    const QString key = bundlePath + QLatin1Char('\n') + method;
    if (*scorerBundle != key) {
        ml::ScoreOptions options;
        options.method = method;
        options.wantMap = true;
        options.wantReconstruction = true;
        options.batchSize = 1;
        QString error;
        if (!scorer->load(bundlePath, options, &error)) {
            im.errorMessage = error;
            return im;
        }
        *scorerBundle = key;
    }
    const ml::ImageScore s = scorer->scoreFile(sample.path);
    if (!s.ok) {
        im.errorMessage = s.error;
        return im;
    }
    im.score = s.score;
    im.error = s.anomalyMap;
    if (!im.error.empty() && im.error.size() != im.original.size())
        cv::resize(im.error, im.error, im.original.size(), 0, 0, cv::INTER_LINEAR);
    im.reconstruction = matchOriginal(s.reconstruction, im.original);
    return im;
}

} // namespace faultline::ui
