#include "ui/InspectionLoader.h"

#include "core/ImageLoader.h"
#include "core/ml/Scorer.h"
#include "ui/SampleTableModel.h"

#include <QMutex>
#include <QtConcurrent/QtConcurrentRun>

#include <opencv2/imgproc.hpp>

namespace faultline::ui {

// The scorer outlives a window change of bundle while a worker still uses it.
struct InspectionLoader::Shared {
    QMutex mutex;
    QString bundlePath;
    std::unique_ptr<ml::Scorer> scorer;   // loaded lazily by the first worker that needs it
    QString loadError;
};

namespace {
InspectionImages load(const std::shared_ptr<InspectionLoader::Shared>& shared, const QString& path,
                      const QString& maskPath, const QString& name, double score) {
    InspectionImages out;
    out.name = name;
    out.score = score;
    ml::ImageScore scored;
    {
        QMutexLocker lock(&shared->mutex);
        if (!shared->bundlePath.isEmpty() && !shared->scorer && shared->loadError.isEmpty()) {
            ml::ScoreOptions options;
            options.wantReconstruction = true;
            auto scorer = std::make_unique<ml::Scorer>();
            if (scorer->load(shared->bundlePath, options, &shared->loadError)) shared->scorer = std::move(scorer);
        }
        if (shared->scorer) scored = shared->scorer->scoreFile(path);
    }
    // The original in the model's channel layout, so the panes compare like with like.
    core::ImageLoadOptions options;
    if (scored.ok && !scored.reconstruction.empty()) options.channels = scored.reconstruction.channels();
    const core::LoadedImage image = core::loadImage(path, options);
    if (!image.ok()) {
        out.errorMessage = image.error;
        return out;
    }
    out.original = image.image;
    if (scored.ok) {
        out.score = scored.score;
        out.error = scored.anomalyMap;
        if (!scored.reconstruction.empty())
            cv::resize(scored.reconstruction, out.reconstruction, out.original.size(), 0, 0, cv::INTER_LINEAR);
    } else if (!scored.error.isEmpty()) {
        out.errorMessage = scored.error;
    }
    if (!maskPath.isEmpty()) {
        core::ImageLoadOptions maskOptions;
        maskOptions.channels = 1;
        const core::LoadedImage mask = core::loadImage(maskPath, maskOptions);
        if (mask.ok()) {
            cv::Mat resized = mask.image;
            if (resized.size() != out.original.size())
                cv::resize(mask.image, resized, out.original.size(), 0, 0, cv::INTER_NEAREST);
            out.mask = resized > 0.5f;
        }
    }
    return out;
}
} // namespace

InspectionLoader::InspectionLoader(QObject* parent) : QObject(parent), m_shared(std::make_shared<Shared>()) {
    connect(&m_watcher, &QFutureWatcher<InspectionImages>::finished, this, [this] {
        // A newer request waits: deliver that one instead of this stale result.
        if (m_pending) {
            startNext();
            return;
        }
        Q_EMIT ready(m_watcher.result());
    });
}

InspectionLoader::~InspectionLoader() { m_watcher.waitForFinished(); }

void InspectionLoader::setBundle(const QString& bundlePath) {
    auto shared = std::make_shared<Shared>();
    shared->bundlePath = bundlePath;
    m_shared = shared;   // running workers keep the old one alive
}

void InspectionLoader::request(const SampleRow& sample) {
    m_nextPath = sample.path;
    m_nextMask = sample.maskPath;
    m_nextName = sample.name;
    m_nextScore = sample.score;
    m_pending = true;
    if (!m_watcher.isRunning()) startNext();
}

void InspectionLoader::startNext() {
    m_pending = false;
    m_watcher.setFuture(QtConcurrent::run(&load, m_shared, m_nextPath, m_nextMask, m_nextName, m_nextScore));
}

} // namespace faultline::ui
