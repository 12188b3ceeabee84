#include <torch/torch.h>
#include "Trainer.h"

#include "internal/AnomalyNet.h"
#include "internal/BackboneFit.h"
#include "internal/BackboneNet.h"
#include "internal/BundleBuilder.h"
#include "internal/Checkpoint.h"
#include "internal/DeviceSelectTorch.h"
#include "internal/ImageSet.h"
#include "ScoreMethod.h"
#include "internal/TorchSerial.h"

#include "core/dataset/DatasetScanner.h"
#include "core/dataset/ValidationSplit.h"

#include <ATen/autocast_mode.h>

#include <QElapsedTimer>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <future>
#include <numeric>
#include <random>

namespace faultline::ml {

namespace {

constexpr double kCollapseRatio = 0.03;      // reconstruction spread below this share of the inputs' = collapse
constexpr int64_t kCollapseSample = 256;     // validation images inspected by the collapse check
constexpr double kMinLossDrop = 0.05;        // the loss must fall by at least this share over the run
constexpr int kListedProblems = 5;           // unreadable files named in a warning before "and N more"

struct Splits {
    QStringList train, val;
    bool heldOut = false;
};

Splits splitSamples(QVector<core::Sample> samples, quint64 seed) {
    Splits s;
    s.heldOut = core::ensureValidation(samples, seed) > 0;
    for (const core::Sample& sample : samples) {
        if (sample.truth == core::GroundTruth::Anomalous) continue;
        if (sample.split == core::Split::Train) s.train << sample.path;
        else if (sample.split == core::Split::Val) s.val << sample.path;
    }
    return s;
}

QString problemsWarning(const QStringList& problems) {
    QString text = QStringLiteral("%1 image(s) could not be read and were left out: ").arg(problems.size());
    text += problems.mid(0, kListedProblems).join(QStringLiteral("; "));
    if (problems.size() > kListedProblems) text += QStringLiteral("; and %1 more").arg(problems.size() - kListedProblems);
    return text;
}

std::vector<int64_t> epochOrder(int64_t n, quint64 seed, int epoch) {
    // Derived from seed and epoch alone, so a resumed run shuffles exactly like an uninterrupted one.
    std::mt19937_64 rng(seed ^ (quint64(epoch) * 0x9E3779B97F4A7C15ull));
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), int64_t(0));
    std::shuffle(order.begin(), order.end(), rng);
    return order;
}

double validationLoss(AnomalyNetImpl& net, const ImageSet& val, int batch, torch::Device device) {
    torch::NoGradGuard noGrad;
    net.eval();
    double sum = 0.0;
    for (int64_t start = 0; start < val.count(); start += batch) {
        auto x = val.range(start, std::min(val.count(), start + batch)).to(device);
        sum += net.validationLoss(x, start).item<double>() * double(x.size(0));
    }
    net.train();
    return val.count() ? sum / double(val.count()) : std::numeric_limits<double>::quiet_NaN();
}

// Share of the inputs' spread across images that the reconstructions keep; ~0 = constant output.
double reconstructionSpread(AnomalyNetImpl& net, const ImageSet& images, torch::Device device) {
    torch::NoGradGuard noGrad;
    net.eval();
    auto x = images.range(0, std::min<int64_t>(images.count(), kCollapseSample)).to(device);
    auto recon = net.run(x).recon;
    const double inputSpread = x.std(0).mean().item<double>();
    const double reconSpread = recon.std(0).mean().item<double>();
    return inputSpread > 1e-6 ? reconSpread / inputSpread : 1.0;
}

void setAutocast(bool on) {
#if (TORCH_VERSION_MAJOR > 2) || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    at::autocast::set_autocast_enabled(at::kCPU, on);
    if (on) at::autocast::set_autocast_dtype(at::kCPU, at::kBFloat16);
#else
    at::autocast::set_cpu_enabled(on);
    if (on) at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
#endif
    if (!on) at::autocast::clear_cache();
}

struct AutocastScope {
    explicit AutocastScope(bool on) : active(on) { if (active) setAutocast(true); }
    ~AutocastScope() { if (active) setAutocast(false); }
    bool active;
};

// What collapse means for this run: whether the score the bundle will use depends on the
// reconstruction at all, and what to change for the scores that do.
QString collapseWarning(const TrainConfig& config, double spread) {
    ScoreMethod score = defaultScoreMethod(config.model);
    if (!config.scoreMethod.isEmpty()) parseScoreMethod(config.scoreMethod, &score);
    const bool readsPixels = score == ScoreMethod::Knn || score == ScoreMethod::ImageKnn || score == ScoreMethod::TextureKnn;
    QString text = QStringLiteral("the network collapsed: its reconstructions are nearly the same for every image "
                                  "(they keep %1% of the images' variation). ")
                       .arg(spread * 100.0, 0, 'f', 1);
    text += readsPixels ? QStringLiteral("The '%1' score compares the pixels with the training images and does not use "
                                         "the reconstruction, so it is not affected; reconstruction scores (mse, topk, "
                                         "ssim, vae) and the reconstruction view will not show anomalies. ")
                              .arg(scoreMethodName(score))
                        : QStringLiteral("The '%1' score will not separate anomalies. ").arg(scoreMethodName(score));
    text += config.model == QLatin1String("seed-ae")
                ? QStringLiteral("Try the 'ae' model (normalisation + LeakyReLU), a lower learning rate or more epochs")
            : config.model == QLatin1String("restore")
                ? QStringLiteral("Try more epochs, a lower learning rate or wider networks (--widths)")
                : QStringLiteral("Fine textures are beyond a dense code of %1 values: try a larger latent size, more epochs "
                                 "or a lower learning rate")
                      .arg(config.latent);
    return text;
}

QString compatibility(const QJsonObject& saved, const TrainConfig& now) {
    const TrainConfig was = trainConfigFromJson(saved);
    if (was.model != now.model || was.size != now.size || was.channels != now.channels ||
        was.widths != now.widths || was.latent != now.latent)
        return QStringLiteral("the checkpoint is for %1 at %2 px, %3 channel(s); this run asks for %4 at %5 px, "
                              "%6 channel(s)")
            .arg(was.model).arg(was.size).arg(was.channels).arg(now.model).arg(now.size).arg(now.channels);
    return {};
}

} // namespace

TrainResult trainSamples(const TrainConfig& config, const QString& root, const QVector<core::Sample>& samples,
                         const TrainProgressFn& progress) {
    QElapsedTimer clock;
    clock.start();
    TrainResult result;
    result.bundlePath = config.bundlePath;
    auto finish = [&]() -> TrainResult {
        result.seconds = clock.elapsed() / 1000.0;
        releaseFreedMemory(); // the batches' memory, kept while training, is not needed any more
        return result;
    };
    if (const QString bad = validateTrainConfig(config); !bad.isEmpty()) {
        result.error = bad;
        return finish();
    }
    DeviceChoice choice = DeviceChoice::Auto;
    parseDeviceChoice(config.device, &choice);
    torch::Device device(torch::kCPU);
    if (!resolveDevice(choice, &device, &result.error)) return finish();
    applyThreads(config.threads);
    result.device = describeDevice(choice, config.threads);

    // A backbone file that will be refused is refused before a single image is decoded.
    std::shared_ptr<BackboneNetImpl> backbone;
    if (config.model == QLatin1String("backbone") && !(backbone = loadBackboneNet(config, &result.error))) return finish();
    const Splits splits = splitSamples(samples, config.seed);
    if (splits.train.isEmpty()) {
        result.error = QStringLiteral("the dataset has no normal training images (split 'train'); "
                                      "put good images under train/good or in the dataset folder");
        return finish();
    }
    if (splits.val.isEmpty()) {
        result.error = QStringLiteral("the dataset has only %1 normal training image and no validation image: training "
                                      "needs at least 2 (one is held out to validate the model)")
                           .arg(splits.train.size());
        return finish();
    }
    if (splits.heldOut)
        result.warnings << QStringLiteral("the dataset has no validation images; %1 of the %2 training images "
                                          "were held out for validation (seeded)")
                               .arg(splits.val.size()).arg(splits.val.size() + splits.train.size());
    QStringList problems;
    // Training takes a seeded choice of each tiled image's windows; validation takes every window
    // the scorer scores, so its calibration is in the scorer's units.
    ImageSetFraming trainFraming{framingSpec(config), false, config.tilesPerImage, config.seed};
    ImageSetFraming valFraming = trainFraming;
    valFraming.scoringWindows = true;
    const ImageSet trainSet = ImageSet::load(splits.train, trainFraming, config.channels, config.memoryBudgetBytes, &problems);
    const ImageSet valSet = ImageSet::load(splits.val, valFraming, config.channels, config.memoryBudgetBytes / 4, &problems);
    if (!problems.isEmpty()) result.warnings << problemsWarning(problems);
    if (trainSet.count() == 0) {
        result.error = QStringLiteral("none of the %1 training images could be read").arg(splits.train.size());
        return finish();
    }
    if (valSet.count() == 0) {
        result.error = QStringLiteral("none of the %1 validation image(s) could be read (see the warning above); add "
                                      "readable normal images").arg(splits.val.size());
        return finish();
    }
    result.trainImages = int(trainSet.paths().size());
    result.valImages = int(valSet.paths().size());
    const QString fingerprint = dataFingerprint(root, splits.train + splits.val);
    if (config.model == QLatin1String("backbone")) {
        fitBackbone(config, *backbone, fingerprint, trainSet, valSet, device, progress, &result);
        return finish();
    }

    torch::manual_seed(config.seed);
    NetSpec spec{config.model, config.size, config.channels,
                 std::vector<int64_t>(config.widths.begin(), config.widths.end()), config.latent, config.klWeight, {}};
    AnomalyNetPtr net = makeNet(spec, &result.error);
    if (!net) return finish();
    placeNet(*net, device);
    torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(config.learningRate));

    CheckpointState state;
    state.config = trainConfigToJson(config);
    state.dataFingerprint = fingerprint;
    const QString checkpointPath =
        !config.checkpointPath.isEmpty() ? config.checkpointPath
        : !config.bundlePath.isEmpty()   ? config.bundlePath + QStringLiteral(".ckpt")
                                         : QString();
    if (config.resume) {
        if (QFileInfo::exists(checkpointPath)) {
            CheckpointState loaded;
            if (!loadCheckpoint(checkpointPath, *net, optimizer, &loaded, &result.error)) return finish();
            placeNet(*net, device);
            if (const QString why = compatibility(loaded.config, config); !why.isEmpty()) {
                result.error = QStringLiteral("cannot resume from '%1': %2").arg(checkpointPath, why);
                return finish();
            }
            if (loaded.dataFingerprint != fingerprint)
                result.warnings << QStringLiteral("the training images changed since the checkpoint was written");
            loaded.config = state.config;
            state = loaded;
            state.dataFingerprint = fingerprint;
            result.resumed = true;
        } else {
            result.warnings << QStringLiteral("no checkpoint at '%1'; training starts from scratch").arg(checkpointPath);
        }
    }

    const int64_t n = trainSet.count();
    const int batchesPerEpoch = int((n + config.batchSize - 1) / config.batchSize);
    const int firstEpoch = state.epochsDone + 1;
    const int64_t totalBatches = int64_t(std::max(0, config.epochs - state.epochsDone)) * batchesPerEpoch;
    int64_t batchesDone = 0, imagesDone = 0;
    QElapsedTimer trainClock;
    trainClock.start();
    TrainProgress report;
    report.epochs = config.epochs;
    report.batchesPerEpoch = batchesPerEpoch;
    if (!state.history.isEmpty()) report.valLoss = state.history.last().valLoss;
    const bool stalled = config.patience > 0 && state.epochsSinceBest >= config.patience;
    result.stoppedEarly = stalled;

    net->train();
    try {
    for (int epoch = firstEpoch; epoch <= config.epochs && !stalled; ++epoch) {
        QElapsedTimer epochClock;
        epochClock.start();
        // The rate is a function of the epoch alone, so a resumed run continues the schedule.
        for (auto& group : optimizer.param_groups())
            static_cast<torch::optim::AdamOptions&>(group.options()).lr(learningRateAt(config, epoch));
        net->beginEpoch(epoch, learningRateAt(config, epoch));
        const std::vector<int64_t> order = epochOrder(n, config.seed, epoch);
        auto indicesOf = [&](int b) {
            const size_t lo = size_t(b) * size_t(config.batchSize);
            const size_t hi = std::min(order.size(), lo + size_t(config.batchSize));
            return std::vector<int64_t>(order.begin() + lo, order.begin() + hi);
        };
        std::future<torch::Tensor> next;
        if (!trainSet.inMemory()) next = std::async(std::launch::async, [&, idx = indicesOf(0)] { return trainSet.batch(idx, nullptr); });
        auto epochLoss = torch::zeros({}, torch::TensorOptions().device(device));
        auto windowLoss = torch::zeros({}, torch::TensorOptions().device(device));
        int windowBatches = 0;
        for (int b = 0; b < batchesPerEpoch; ++b) {
            torch::Tensor x;
            if (trainSet.inMemory()) {
                x = trainSet.batch(indicesOf(b));
            } else {
                x = next.get();
                if (b + 1 < batchesPerEpoch)
                    next = std::async(std::launch::async, [&, idx = indicesOf(b + 1)] { return trainSet.batch(idx, nullptr); });
            }
            x = x.to(device);
            optimizer.zero_grad();
            torch::Tensor loss;
            {
                AutocastScope autocast(config.bf16 && device.is_cpu());
                loss = net->trainingLoss(x);
            }
            loss.backward();
            optimizer.step();
            epochLoss += loss.detach();
            windowLoss += loss.detach();
            ++windowBatches;
            ++batchesDone;
            imagesDone += x.size(0);

            report.epoch = epoch;
            report.batch = b + 1;
            report.epochFinished = false;
            report.refreshed = (b + 1) % config.progressEvery == 0 || b + 1 == batchesPerEpoch;
            if (report.refreshed) {
                report.trainLoss = (windowLoss / windowBatches).item<double>();
                windowLoss.zero_();
                windowBatches = 0;
                if (!std::isfinite(report.trainLoss)) {
                    result.error = QStringLiteral("training diverged: the loss became %1 in epoch %2, batch %3. "
                                                  "Lower the learning rate (now %4), or check the images for "
                                                  "invalid pixels")
                                       .arg(report.trainLoss).arg(epoch).arg(b + 1).arg(config.learningRate);
                    return finish();
                }
                if (state.firstLoss == 0.0) state.firstLoss = report.trainLoss;
                const double secs = trainClock.elapsed() / 1000.0;
                report.imagesPerSecond = secs > 0 ? imagesDone / secs : 0.0;
                const double perBatch = secs / double(batchesDone);
                report.etaSeconds = perBatch * double(totalBatches - batchesDone);
            }
            if (progress && !progress(report)) {
                result.cancelled = true;
                break;
            }
        }
        if (result.cancelled) break;

        EpochRecord record;
        record.epoch = epoch;
        record.trainLoss = (epochLoss / batchesPerEpoch).item<double>();
        record.valLoss = validationLoss(*net, valSet, config.batchSize, device);
        record.seconds = epochClock.elapsed() / 1000.0;
        if (!std::isfinite(record.trainLoss) || !std::isfinite(record.valLoss)) {
            result.error = QStringLiteral("training diverged: the loss became non-finite in epoch %1. Lower the "
                                          "learning rate (now %2), or check the images for invalid pixels")
                               .arg(epoch).arg(config.learningRate);
            return finish();
        }
        state.history.append(record);
        state.epochsDone = epoch;
        if (record.valLoss < state.bestValLoss) {
            state.bestValLoss = record.valLoss;
            state.bestEpoch = epoch;
            state.epochsSinceBest = 0;
            state.bestWeights = moduleToBytes(*net);
        } else {
            ++state.epochsSinceBest;
        }
        if (!checkpointPath.isEmpty()) {
            QString why;
            if (!saveCheckpoint(checkpointPath, *net, optimizer, state, &why))
                result.warnings << why + QStringLiteral("; training went on without a checkpoint");
        }
        report.valLoss = record.valLoss;
        report.trainLoss = record.trainLoss;
        report.epochFinished = true;
        report.refreshed = true;
        if (progress && !progress(report)) {
            result.cancelled = true;
            break;
        }
        if (config.patience > 0 && state.epochsSinceBest >= config.patience && epoch < config.epochs) {
            result.stoppedEarly = true;
            break;
        }
    }
    } catch (const c10::Error& e) {
        // A LibTorch failure inside an epoch (an operator that this build lacks for the chosen
        // precision or device, memory) ends the run with the reason; the last checkpoint stays.
        result.error = QStringLiteral("training failed in LibTorch: %1")
                           .arg(QString::fromUtf8(e.what_without_backtrace()).left(300));
        return finish();
    }
    const double trainSecs = trainClock.elapsed() / 1000.0;
    result.imagesPerSecond = trainSecs > 0 ? imagesDone / trainSecs : 0.0;
    result.history = state.history;
    result.bestEpoch = state.bestEpoch;
    result.bestValLoss = state.bestValLoss;
    if (result.cancelled) {
        result.error = QStringLiteral("training was cancelled");
        return finish();
    }
    if (state.bestWeights.isEmpty()) {
        result.error = QStringLiteral("no epoch finished, so there is no model to save");
        return finish();
    }
    try {
        moduleFromBytes(*net, state.bestWeights);
        placeNet(*net, device);
    } catch (const c10::Error& e) {
        result.error = QStringLiteral("restoring the best epoch failed: %1").arg(QString::fromUtf8(e.what_without_backtrace()));
        return finish();
    }
    result.warnings << net->trainingWarnings();
    const double spread = reconstructionSpread(*net, valSet, device);
    if (spread < kCollapseRatio) result.warnings << collapseWarning(config, spread);
    if (state.history.size() >= 2 && state.firstLoss > 0.0 &&
        state.history.last().trainLoss > (1.0 - kMinLossDrop) * state.firstLoss)
        result.warnings << QStringLiteral("the training loss did not fall (first %1, last %2): try a higher or lower "
                                          "learning rate, more epochs, or check that the images vary")
                               .arg(state.firstLoss, 0, 'g', 4).arg(state.history.last().trainLoss, 0, 'g', 4);
    if (!config.bundlePath.isEmpty()) {
        BundleInputs in;
        in.config = &config;
        in.net = net.get();
        in.device = device;
        in.train = &trainSet;
        in.val = &valSet;
        in.metadata.model = config.model;
        in.metadata.size = config.size;
        in.metadata.channels = config.channels;
        in.metadata.dataFingerprint = fingerprint;
        in.metadata.trainImages = result.trainImages;
        in.metadata.valImages = result.valImages;
        in.metadata.epochsRun = state.epochsDone;
        in.metadata.bestValLoss = state.bestValLoss;
        if (!buildBundle(in, &result.error)) return finish();
        result.imagesAligned = in.imagesAligned;
    }
    result.ok = true;
    return finish();
}

TrainResult train(const TrainConfig& config, const core::Dataset& dataset, const TrainProgressFn& progress) {
    return trainSamples(config, dataset.root, dataset.samples, progress);
}

} // namespace faultline::ml
