#include <torch/torch.h>
#include "Scorer.h"

#include "internal/AnomalyNet.h"
#include "internal/DeviceSelectTorch.h"
#include "internal/FeatureBank.h"
#include "internal/ModelInput.h"
#include "internal/NeighbourIndex.h"
#include "internal/ScoreEngine.h"
#include "TensorBridge.h"
#include "internal/TorchSerial.h"
#include "TrainConfig.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentMap>

#include <opencv2/imgproc.hpp>

#include <atomic>
#include <limits>
#include <future>
#include <numeric>

namespace faultline::ml {

struct Scorer::Impl {
    ScoreOptions options;
    BundleMetadata metadata;
    BundleCalibration calibration;
    AnomalyNetPtr net;
    FeatureBanks banks;
    torch::Device device{torch::kCPU};
    ScoreMethod method = ScoreMethod::Mse;
    QString deviceText;

    core::FramingSpec framing;

    // Tiled restorations are shown on the decoded image, which only then is kept.
    bool keepOriginal() const { return options.wantReconstruction && framing.tiled(); }

    std::vector<ModelInput> decode(const QStringList& paths, int from, int to) const {
        std::vector<ModelInput> inputs(size_t(to - from));
        std::vector<int> order(inputs.size());
        std::iota(order.begin(), order.end(), 0);
        QtConcurrent::blockingMap(order, [&](int i) {
            inputs[size_t(i)] = loadModelInput(paths[from + i], framing, metadata.channels, keepOriginal());
        });
        return inputs;
    }

    cv::Mat smoothed(const torch::Tensor& map) const {
        cv::Mat m = tensorToMat(map);
        if (options.smoothSigma > 0.0) cv::GaussianBlur(m, m, cv::Size(0, 0), options.smoothSigma);
        return m;
    }

    // Scores every window of the inputs in batches of options.batchSize windows; an image's
    // score is its worst window's, its map the windows' maps projected onto its own pixels.
    std::vector<ImageScore> score(const std::vector<ModelInput>& inputs) {
        std::vector<ImageScore> results(inputs.size());
        struct Window { size_t image; size_t frame; };
        std::vector<Window> windows;
        for (size_t i = 0; i < inputs.size(); ++i) {
            results[i].originalSize = inputs[i].originalSize;
            if (!inputs[i].ok()) {
                results[i].error = inputs[i].error;
                continue;
            }
            for (size_t f = 0; f < inputs[i].frames.size(); ++f) windows.push_back({i, f});
        }
        std::vector<ScoreMethod> methods{method};
        if (options.allScores)
            for (ScoreMethod m : supportedMethods(*net, banks))
                if (m != method && (options.allScoresOf.isEmpty() || options.allScoresOf.contains(scoreMethodName(m))))
                    methods.push_back(m);
        std::vector<std::vector<cv::Mat>> maps(inputs.size()), recons(inputs.size());
        std::vector<bool> failed(inputs.size(), false);
        constexpr double kNone = -std::numeric_limits<double>::infinity();
        for (size_t i = 0; i < inputs.size(); ++i) {
            if (!inputs[i].ok()) continue;
            results[i].score = kNone;
            maps[i].resize(inputs[i].frames.size());
            recons[i].resize(inputs[i].frames.size());
        }
        const size_t chunk = size_t(std::max(1, options.batchSize));
        for (size_t from = 0; from < windows.size(); from += chunk) {
            const size_t to = std::min(windows.size(), from + chunk);
            std::vector<cv::Mat> mats;
            for (size_t w = from; w < to; ++w) mats.push_back(inputs[windows[w].image].frames[windows[w].frame]);
            try {
                torch::NoGradGuard noGrad;
                auto x = matsToBatch(mats).to(device);
                BatchScores s = scoreBatch(*net, banks, x, methods, options.knnK, options.wantReconstruction);
                auto scores = s.scores.at(method).to(torch::kCPU, torch::kFloat64).contiguous();
                auto batchMaps = s.maps.at(method).to(torch::kCPU);
                auto recon = options.wantReconstruction ? s.recon.to(torch::kCPU) : torch::Tensor();
                std::map<ScoreMethod, torch::Tensor> all;
                if (options.allScores)
                    for (const auto& [m, t] : s.scores) all[m] = t.to(torch::kCPU, torch::kFloat64).contiguous();
                for (size_t w = from; w < to; ++w) {
                    const int64_t j = int64_t(w - from);
                    ImageScore& r = results[windows[w].image];
                    r.score = std::max(r.score, scores.data_ptr<double>()[j]);
                    for (const auto& [m, t] : all) {
                        const double v = t.data_ptr<double>()[j];
                        auto it = r.allScores.find(m);
                        if (it == r.allScores.end()) r.allScores[m] = v;
                        else it->second = std::max(it->second, v);
                    }
                    if (options.wantMap) maps[windows[w].image][windows[w].frame] = smoothed(batchMaps[j]);
                    if (options.wantReconstruction) recons[windows[w].image][windows[w].frame] = tensorToMat(recon[j]);
                }
            } catch (const c10::Error& e) {
                for (size_t w = from; w < to; ++w) {
                    failed[windows[w].image] = true;
                    results[windows[w].image].error =
                        QStringLiteral("scoring failed: %1").arg(QString::fromUtf8(e.what_without_backtrace()));
                }
            }
        }
        for (size_t i = 0; i < inputs.size(); ++i) {
            if (!inputs[i].ok() || failed[i]) continue;
            ImageScore& r = results[i];
            const ModelInput& in = inputs[i];
            const bool single = in.frames.size() == 1;
            r.ok = true;
            if (options.wantMap) {
                r.anomalyMap = core::projectToOriginal(maps[i], in.layout, r.originalSize);
                r.inputMap = single ? maps[i].front() : r.anomalyMap;
            }
            if (options.wantReconstruction) {
                // Without the padding: an aspect-kept image shows as itself, not as a padded square.
                const cv::Rect content = in.layout.front().content;
                r.reconstruction = single ? recons[i].front()(content).clone()
                                          : core::projectToOriginal(recons[i], in.layout, r.originalSize);
                r.input = single ? in.frames.front()(content).clone() : in.original;
            }
        }
        return results;
    }
};

Scorer::Scorer() : d(std::make_unique<Impl>()) {}
Scorer::~Scorer() = default;

bool Scorer::load(const QString& bundlePath, const ScoreOptions& options, QString* error) {
    auto fresh = std::make_unique<Impl>();
    fresh->options = options;
    ModelBundle bundle;
    if (!ModelBundle::load(bundlePath, &bundle, error)) return false;
    auto fail = [&](const QString& why) {
        if (error) *error = QStringLiteral("model bundle '%1': %2").arg(bundlePath, why);
        return false;
    };
    DeviceChoice choice = DeviceChoice::Auto;
    if (!parseDeviceChoice(options.device, &choice)) return fail(QStringLiteral("unknown device '%1'").arg(options.device));
    QString why;
    if (!resolveDevice(choice, &fresh->device, &why)) return fail(why);
    applyThreads(options.threads);
    fresh->deviceText = describeDevice(choice, options.threads);
    const TrainConfig config = trainConfigFromJson(bundle.metadata.trainConfig);
    NetSpec spec{bundle.metadata.model, bundle.metadata.size, bundle.metadata.channels,
                 std::vector<int64_t>(config.widths.begin(), config.widths.end()), config.latent, config.klWeight,
                 effectiveBackboneLayers(config)};
    try {
        fresh->net = makeNet(spec, &why);
    } catch (const std::exception& e) { // e.g. the allocator refusing a network the metadata makes huge
        return fail(QStringLiteral("cannot build the %1 network it describes (%2)").arg(bundle.metadata.model, QString::fromUtf8(e.what()).left(300)));
    }
    if (!fresh->net) return fail(why);
    try {
        if (!bundle.metadata.backboneSha256.isEmpty() &&
            QString::fromLatin1(QCryptographicHash::hash(bundle.weights, QCryptographicHash::Sha256).toHex()) !=
                bundle.metadata.backboneSha256)
            return fail(QStringLiteral("the embedded backbone is not the file it records (SHA-256 mismatch)"));
        if (!fresh->net->loadWeights(bundle.weights, QStringLiteral("embedded in the bundle"), &why)) return fail(why);
        if (!bundle.features.isEmpty()) {
            torch::serialize::InputArchive archive;
            archiveFromBytes(bundle.features, &archive);
            fresh->banks = readBanks(archive, fresh->device);
        }
        const QString indexName = options.knnIndex.isEmpty() ? config.knnIndex : options.knnIndex;
        KnnIndex index = KnnIndex::Exact;
        if (!parseKnnIndex(indexName, &index))
            return fail(QStringLiteral("unknown knn index '%1' (expected one of %2)")
                            .arg(indexName, knnIndexNames().join(QStringLiteral(", "))));
        // FAISS here is CPU-only; on CUDA the LibTorch matrix products stay.
        if (index != KnnIndex::Exact && fresh->banks.texture.defined() && fresh->device.is_cpu()) {
            fresh->banks.textureIndex = NeighbourIndex::build(fresh->banks.texture, index, &why);
            if (!fresh->banks.textureIndex) return fail(why);
        }
    } catch (const c10::Error& e) {
        return fail(QStringLiteral("the weights do not match the %1 architecture or are damaged (%2)")
                        .arg(bundle.metadata.model, QString::fromUtf8(e.what_without_backtrace()).left(300)));
    } catch (const std::exception& e) { // torch::jit::ErrorReport from a damaged archive is no c10::Error
        return fail(QStringLiteral("the weights are damaged (%1)").arg(QString::fromUtf8(e.what()).left(300)));
    }
    placeNet(*fresh->net, fresh->device);
    fresh->net->eval();
    const QString methodName = options.method.isEmpty() ? bundle.metadata.defaultScore : options.method;
    if (!parseScoreMethod(methodName, &fresh->method))
        return fail(QStringLiteral("unknown score method '%1' (expected one of %2)")
                        .arg(methodName, scoreMethodNames().join(QStringLiteral(", "))));
    const auto supported = supportedMethods(*fresh->net, fresh->banks);
    if (std::find(supported.begin(), supported.end(), fresh->method) == supported.end())
        return fail(QStringLiteral("score method '%1' is not available for a %2 model")
                        .arg(methodName, bundle.metadata.model));
    if (fresh->options.batchSize < 1) fresh->options.batchSize = 1;
    fresh->framing = framingSpec(config);
    fresh->framing.side = bundle.metadata.size;
    fresh->metadata = bundle.metadata;
    fresh->calibration = bundle.calibration;
    d = std::move(fresh);
    return true;
}

bool Scorer::isLoaded() const { return d->net != nullptr; }
const BundleMetadata& Scorer::metadata() const { return d->metadata; }
const BundleCalibration& Scorer::calibration() const { return d->calibration; }
ScoreMethod Scorer::method() const { return d->method; }
QString Scorer::deviceDescription() const { return d->deviceText; }

bool Scorer::knnUsesWholeImage() const {
    return d->banks.knnScale.defined() && d->banks.knnScale[4].item<double>() > 0.5;
}

ImageScore Scorer::scoreFile(const QString& path) {
    if (!isLoaded()) {
        ImageScore r;
        r.error = QStringLiteral("no model loaded");
        return r;
    }
    return d->score({loadModelInput(path, d->framing, d->metadata.channels, d->keepOriginal())}).front();
}

ImageScore Scorer::scoreImage(const cv::Mat& image) {
    if (!isLoaded()) {
        ImageScore r;
        r.error = QStringLiteral("no model loaded");
        return r;
    }
    return d->score({prepareModelInput(image, d->framing, d->metadata.channels, d->keepOriginal())}).front();
}

ScoreRunSummary Scorer::scoreFiles(const QStringList& paths, const ScoreSinkFn& sink, const ScoreProgressFn& progress) {
    QElapsedTimer clock;
    clock.start();
    ScoreRunSummary summary;
    if (!isLoaded()) return summary;
    const int total = int(paths.size());
    const int batch = d->options.batchSize;
    // Decoding the next batch overlaps with scoring this one; two batches are alive at most.
    std::future<std::vector<ModelInput>> next;
    std::atomic<qint64> decodeNs{0};  // written by the decoder while this thread scores
    const auto decodeAsync = [&](int from) {
        return std::async(std::launch::async, [&, from] {
            QElapsedTimer t;
            t.start();
            std::vector<ModelInput> inputs = d->decode(paths, from, std::min(total, from + batch));
            decodeNs += t.nsecsElapsed();
            return inputs;
        });
    };
    if (total > 0) next = decodeAsync(0);
    QElapsedTimer step;
    for (int start = 0; start < total; start += batch) {
        step.start();
        std::vector<ModelInput> inputs = next.get();
        summary.waitSeconds += step.nsecsElapsed() / 1e9;
        const int following = start + batch;
        if (following < total) next = decodeAsync(following);
        step.start();
        const std::vector<ImageScore> results = d->score(inputs);
        summary.scoreSeconds += step.nsecsElapsed() / 1e9;
        for (size_t i = 0; i < results.size(); ++i) {
            results[i].ok ? ++summary.scored : ++summary.failed;
            if (sink) sink(start + int(i), results[i]);
        }
        if (progress && !progress(std::min(total, start + batch), total)) {
            summary.cancelled = true;
            if (next.valid()) next.wait();
            break;
        }
    }
    summary.seconds = clock.elapsed() / 1000.0;
    summary.decodeSeconds = decodeNs.load() / 1e9;
    return summary;
}

} // namespace faultline::ml
