#include <torch/torch.h>
#include "TrainingSuspects.h"

#include "DeviceSelect.h"
#include "ModelBundle.h"
#include "TrainConfig.h"
#include "internal/KCenterCoreset.h"
#include "internal/FeatureBank.h"
#include "internal/ImageSet.h"
#include "internal/NeighbourFeatures.h"
#include "internal/TorchSerial.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QElapsedTimer>

#include <algorithm>

namespace faultline::ml {

namespace {
constexpr int64_t kSuspectBatch = 32;                      // images per scoring batch
constexpr qint64 kMemoryBudget = qint64(1) << 30;   // preprocessed training images kept in memory up to this
constexpr uint64_t kFoldSeedOffset = 0xf01d;        // the fold assignment's seed, apart from the bundle's others
constexpr int64_t kMaxFoldImageRows = 20000;            // image descriptors kept per fold bank (as the bundle keeps)

struct FoldBanks {
    torch::Tensor images;
    torch::Tensor texture;
};

std::vector<int64_t> batchOf(const std::vector<int64_t>& ids, size_t from) {
    return std::vector<int64_t>(ids.begin() + long(from), ids.begin() + long(std::min(ids.size(), from + size_t(kSuspectBatch))));
}

// Banks of the images in `ids` as the bundle builds them: every image's descriptor, and an even
// random share of every image's texture windows, the bundle's texture bank size in all, shrunk
// to its coreset when it has one (fold scores are read in the bundle's knn units, which were
// measured against that kind of bank).
FoldBanks buildBanks(const ImageSet& set, const std::vector<int64_t>& ids, const TrainConfig& config, at::Generator& gen) {
    const int64_t textureRows = config.textureBankSize;
    std::vector<torch::Tensor> images, windows;
    int64_t perImage = 0;
    for (size_t from = 0; from < ids.size(); from += size_t(kSuspectBatch)) {
        auto x = set.batch(batchOf(ids, from));
        images.push_back(imageDescriptors(x));
        auto t = textureDescriptors(x);
        const int64_t cells = t.size(2) * t.size(3);
        if (perImage == 0) perImage = std::clamp<int64_t>((textureRows + int64_t(ids.size()) - 1) / int64_t(ids.size()), 1, cells);
        auto w = t.permute({0, 2, 3, 1}).reshape({t.size(0), cells, t.size(1)});
        for (int64_t i = 0; i < t.size(0); ++i) windows.push_back(w[i].index_select(0, torch::randperm(cells, gen).slice(0, 0, perImage)));
    }
    auto sample = [&](torch::Tensor rows, int64_t count) {
        if (rows.size(0) <= count) return rows.contiguous();
        return rows.index_select(0, torch::randperm(rows.size(0), gen).slice(0, 0, count)).contiguous();
    };
    return {sample(torch::cat(images), kMaxFoldImageRows), textureBankFromSample(sample(torch::cat(windows), textureRows), config)};
}

double shareBelow(const std::vector<float>& ascending, double v) {
    if (ascending.empty()) return 0.0;
    return double(std::lower_bound(ascending.begin(), ascending.end(), float(v)) - ascending.begin()) / double(ascending.size());
}
} // namespace

SuspectReport findTrainingSuspects(const QString& bundlePath, const QStringList& trainPaths, const SuspectOptions& options,
                                   const SuspectProgressFn& progress) {
    QElapsedTimer clock;
    clock.start();
    SuspectReport report;
    auto finish = [&]() {
        report.seconds = clock.elapsed() / 1000.0;
        return report;
    };
    if (options.folds < 2) {
        report.error = QStringLiteral("folds %1 must be 2 or more").arg(options.folds);
        return finish();
    }
    ModelBundle bundle;
    if (!ModelBundle::load(bundlePath, &bundle, &report.error)) return finish();
    const ScoreCalibration* knnCalibration = bundle.calibration.find(QStringLiteral("knn"));
    torch::Tensor texture, scale;
    try {
        if (!bundle.features.isEmpty()) {
            torch::serialize::InputArchive archive;
            archiveFromBytes(bundle.features, &archive);
            archive.try_read("texture", texture);
            archive.try_read("knn_scale", scale);
        }
    } catch (const c10::Error& e) {
        report.error = QStringLiteral("model bundle '%1': its memory banks are damaged (%2)")
                           .arg(bundlePath, QString::fromUtf8(e.what_without_backtrace()).left(200));
        return finish();
    }
    if (!texture.defined() || !scale.defined() || scale.numel() != 5 || !knnCalibration) {
        report.error = QStringLiteral("model bundle '%1' has no knn memory banks to rank its training images with; "
                                      "train it again with this version").arg(bundlePath);
        return finish();
    }
    applyThreads(options.threads);
    torch::NoGradGuard noGrad;
    const TrainConfig config = trainConfigFromJson(bundle.metadata.trainConfig);
    // Every window of a tiled image, as the scorer scores it; the folds leave out whole images.
    const ImageSetFraming framing{framingSpec(config), true, config.tilesPerImage, config.seed};
    const ImageSet set = ImageSet::load(trainPaths, framing, bundle.metadata.channels, kMemoryBudget, &report.problems);
    const int64_t n = int64_t(set.paths().size());
    if (n < 2 * options.folds) {
        report.error = QStringLiteral("%1 readable training image(s): the %2-fold leave-out needs at least %3")
                           .arg(n).arg(options.folds).arg(2 * options.folds);
        return finish();
    }
    auto gen = at::detail::createCPUGenerator(config.seed + kFoldSeedOffset);
    auto perm = torch::randperm(n, gen);
    std::vector<int64_t> foldOfImage(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) foldOfImage[size_t(perm[i].item<int64_t>())] = i % options.folds;
    std::vector<std::vector<int64_t>> folds(size_t(options.folds)); // sample indices, ascending
    for (int64_t s = 0; s < set.count(); ++s) folds[size_t(foldOfImage[size_t(set.sourceOf(s))])].push_back(s);

    std::vector<double> scores(size_t(n), -std::numeric_limits<double>::infinity()); // per image: worst window
    int done = 0;
    try {
        for (size_t f = 0; f < folds.size(); ++f) {
            std::vector<int64_t> others;
            for (size_t g = 0; g < folds.size(); ++g)
                if (g != f) others.insert(others.end(), folds[g].begin(), folds[g].end());
            std::sort(others.begin(), others.end());
            const FoldBanks banks = buildBanks(set, others, config, gen);
            for (size_t from = 0; from < folds[f].size(); from += size_t(kSuspectBatch)) {
                const std::vector<int64_t> ids = batchOf(folds[f], from);
                auto x = set.batch(ids);
                auto imageDist = knnDistance(imageDescriptors(x), banks.images, /*k=*/1);
                auto textureScore = textureDistanceMap(x, banks.texture).view({x.size(0), -1}).amax(1);
                auto knn = combineKnn(imageDist, textureScore, scale).to(torch::kFloat64).contiguous();
                for (size_t j = 0; j < ids.size(); ++j) {
                    double& s = scores[size_t(set.sourceOf(ids[j]))];
                    s = std::max(s, knn.data_ptr<double>()[j]);
                }
                done += int(ids.size());
                if (progress && !progress(done, int(set.count()))) {
                    report.cancelled = true;
                    report.error = QStringLiteral("ranking the training images was cancelled");
                    return finish();
                }
            }
        }
    } catch (const c10::Error& e) {
        report.error = QStringLiteral("ranking the training images failed in LibTorch: %1")
                           .arg(QString::fromUtf8(e.what_without_backtrace()).left(300));
        return finish();
    }
    report.folds = options.folds;
    report.flagThreshold = knnCalibration->quantile(options.flagQuantile);
    for (int64_t i = 0; i < n; ++i) {
        TrainingSuspect s;
        s.path = set.paths()[int(i)];
        s.score = scores[size_t(i)];
        s.valPercentile = shareBelow(knnCalibration->scores, s.score);
        s.flagged = s.score > report.flagThreshold;
        report.ranked.push_back(s);
    }
    std::stable_sort(report.ranked.begin(), report.ranked.end(),
                     [](const TrainingSuspect& a, const TrainingSuspect& b) { return a.score > b.score; });
    report.ok = true;
    return finish();
}

} // namespace faultline::ml
