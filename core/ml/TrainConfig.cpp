#include "TrainConfig.h"

#include "DeviceSelect.h"
#include "KnnIndex.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace faultline::ml {

namespace {
constexpr double kStepFactor = 0.2;       // step schedule: the rate is multiplied by this at each milestone
constexpr double kFirstMilestone = 0.8;   // ... after this share of the epochs
constexpr double kSecondMilestone = 0.9;  // ... and again after this share
constexpr int kMaxBackboneLayers = 8;     // more layers than this is no patch feature, it is the whole network
} // namespace

QStringList effectiveBackboneLayers(const TrainConfig& c) {
    return c.backboneLayers.isEmpty() ? QStringList{QStringLiteral("layer2"), QStringLiteral("layer3")} : c.backboneLayers;
}

TrainingLength defaultTrainingLength(const QString& model) {
    const TrainConfig plain;
    TrainingLength t{plain.epochs, plain.batchSize, plain.patience};
    if (model == QLatin1String("restore")) {
        // 240 images at 128 px: under 6 minutes on 2 cores. 40 epochs drew better maps but a lower
        // image AUROC on all three seeds measured (docs/benchmarks/ml.md, "40 epochs").
        t.epochs = 24;
        t.batchSize = 16;
        t.patience = 0;
    }
    return t;
}

void applyDefaultTrainingLength(TrainConfig* c) {
    const TrainingLength t = defaultTrainingLength(c->model);
    c->epochs = t.epochs;
    c->batchSize = t.batchSize;
    c->patience = t.patience;
}

QString effectiveLrSchedule(const TrainConfig& c) {
    if (!c.lrSchedule.isEmpty()) return c.lrSchedule;
    return c.model == QLatin1String("restore") ? QStringLiteral("step") : QStringLiteral("constant");
}

double learningRateAt(const TrainConfig& c, int epoch) {
    if (effectiveLrSchedule(c) != QLatin1String("step")) return c.learningRate;
    // The first epoch always runs at the full rate: a one-epoch run is not a decayed run.
    double lr = c.learningRate;
    if (epoch > std::max(1, int(std::floor(kFirstMilestone * c.epochs)))) lr *= kStepFactor;
    if (epoch > std::max(1, int(std::floor(kSecondMilestone * c.epochs)))) lr *= kStepFactor;
    return lr;
}

QString validateTrainConfig(const TrainConfig& c) {
    if (c.model != QLatin1String("seed-ae") && c.model != QLatin1String("ae") && c.model != QLatin1String("vae") &&
        c.model != QLatin1String("restore") && c.model != QLatin1String("ganomaly") && c.model != QLatin1String("backbone"))
        return QStringLiteral("model '%1' is unknown (expected seed-ae, ae, vae, restore, ganomaly or backbone)").arg(c.model);
    if (c.model == QLatin1String("ganomaly") && c.size < 16)
        return QStringLiteral("size %1 is too small for ganomaly (at least 16)").arg(c.size);
    if (c.model == QLatin1String("backbone") && c.backbonePath.isEmpty())
        return QStringLiteral("the backbone model needs a TorchScript file (--backbone FILE.pt)");
    if (c.backboneLayers.size() > kMaxBackboneLayers)
        return QStringLiteral("%1 backbone layers: at most %2").arg(c.backboneLayers.size()).arg(kMaxBackboneLayers);
    for (const QString& layer : c.backboneLayers) {
        if (layer.isEmpty() || layer.startsWith(QLatin1Char('.')) || layer.endsWith(QLatin1Char('.')) ||
            layer.contains(QLatin1String("..")) || layer.contains(QLatin1Char(' ')))
            return QStringLiteral("backbone layer '%1' is not a layer name (e.g. layer2, or features.16 inside a "
                                  "Sequential)").arg(layer);
        if (c.backboneLayers.count(layer) > 1)
            return QStringLiteral("backbone layer '%1' is named twice").arg(layer);
    }
    if (c.size < 8 || c.size > 4096 || c.size % 8 != 0)
        return QStringLiteral("size %1 must be a multiple of 8 between 8 and 4096").arg(c.size);
    if (c.channels != 1 && c.channels != 3)
        return QStringLiteral("channels %1 must be 1 or 3").arg(c.channels);
    if (c.epochs < 1 || c.epochs > 100000) return QStringLiteral("epochs %1 must be between 1 and 100000").arg(c.epochs);
    if (c.batchSize < 1 || c.batchSize > 65536)
        return QStringLiteral("batch size %1 must be between 1 and 65536").arg(c.batchSize);
    if (!(c.learningRate > 0.0) || !std::isfinite(c.learningRate))
        return QStringLiteral("learning rate %1 must be a positive number").arg(c.learningRate);
    if (!c.lrSchedule.isEmpty() && c.lrSchedule != QLatin1String("constant") && c.lrSchedule != QLatin1String("step"))
        return QStringLiteral("learning-rate schedule '%1' is unknown (expected constant or step)").arg(c.lrSchedule);
    if (c.threads < 0 || c.threads > 1024) return QStringLiteral("threads %1 must be between 0 (all) and 1024").arg(c.threads);
    DeviceChoice d;
    if (!parseDeviceChoice(c.device, &d))
        return QStringLiteral("device '%1' is unknown (expected auto, cpu or cuda)").arg(c.device);
    if (c.patience < 0) return QStringLiteral("patience %1 must be 0 (off) or more").arg(c.patience);
    if (c.progressEvery < 1) return QStringLiteral("progress interval must be at least one batch");
    if (c.widths.size() != 3) return QStringLiteral("exactly three encoder widths are needed");
    for (int w : c.widths)
        if (w < 1 || w > 4096) return QStringLiteral("encoder width %1 must be between 1 and 4096").arg(w);
    if (c.latent < 1 || c.latent > 65536) return QStringLiteral("latent size %1 must be between 1 and 65536").arg(c.latent);
    if (!(c.klWeight >= 0.0) || !std::isfinite(c.klWeight))
        return QStringLiteral("KL weight %1 must be 0 or more").arg(c.klWeight);
    if (c.memoryBankSize < 16) return QStringLiteral("memory bank size %1 must be at least 16").arg(c.memoryBankSize);
    if (c.textureBankSize < 16) return QStringLiteral("texture bank size %1 must be at least 16").arg(c.textureBankSize);
    if (!(c.ocsvmNu > 0.0 && c.ocsvmNu <= 1.0)) return QStringLiteral("one-class SVM nu %1 must be in (0, 1]").arg(c.ocsvmNu);
    if (!(c.ocsvmGamma >= 0.0) || !std::isfinite(c.ocsvmGamma))
        return QStringLiteral("one-class SVM gamma %1 must be 0 (1 / code size) or more").arg(c.ocsvmGamma);
    if (c.textureCoreset != 0 && (c.textureCoreset < 16 || c.textureCoreset > c.textureBankSize))
        return QStringLiteral("texture coreset %1 must be 0 (off) or from 16 to the texture bank size %2")
            .arg(c.textureCoreset)
            .arg(c.textureBankSize);
    KnnIndex index;
    if (!parseKnnIndex(c.knnIndex, &index))
        return QStringLiteral("knn index '%1' is unknown (expected one of %2)")
            .arg(c.knnIndex, knnIndexNames().join(QStringLiteral(", ")));
    if (!(c.valFraction >= 0.0 && c.valFraction < 1.0))
        return QStringLiteral("validation fraction %1 must be in [0, 1)").arg(c.valFraction);
    core::FramingMode framing;
    if (!parseFramingMode(c.framing, &framing))
        return QStringLiteral("framing '%1' is unknown (expected fit or stretch)").arg(c.framing);
    if (c.tile != 0 && (c.tile < 8 || c.tile > 16384))
        return QStringLiteral("tile %1 must be 0 (whole images) or from 8 to 16384 pixels").arg(c.tile);
    if (c.tileStride < 0 || (c.tile > 0 && c.tileStride > c.tile))
        return QStringLiteral("tile stride %1 must be 0 (half a tile) or from 1 to the tile size %2")
            .arg(c.tileStride).arg(c.tile);
    if (c.tilesPerImage < 1) return QStringLiteral("tiles per image %1 must be at least 1").arg(c.tilesPerImage);
    if (c.resume && c.checkpointPath.isEmpty() && c.bundlePath.isEmpty())
        return QStringLiteral("resume needs a checkpoint or bundle path");
    return {};
}

QJsonObject trainConfigToJson(const TrainConfig& c) {
    QJsonArray widths;
    for (int w : c.widths) widths.append(w);
    return QJsonObject{
        {QStringLiteral("model"), c.model},
        {QStringLiteral("size"), c.size},
        {QStringLiteral("channels"), c.channels},
        {QStringLiteral("epochs"), c.epochs},
        {QStringLiteral("batch"), c.batchSize},
        {QStringLiteral("lr"), c.learningRate},
        {QStringLiteral("lr_schedule"), effectiveLrSchedule(c)},
        {QStringLiteral("seed"), QString::number(c.seed)},
        {QStringLiteral("threads"), c.threads},
        {QStringLiteral("device"), c.device},
        {QStringLiteral("patience"), c.patience},
        {QStringLiteral("bf16"), c.bf16},
        {QStringLiteral("widths"), widths},
        {QStringLiteral("latent"), c.latent},
        {QStringLiteral("kl_weight"), c.klWeight},
        {QStringLiteral("score"), c.scoreMethod},
        {QStringLiteral("memory_bank"), c.memoryBankSize},
        {QStringLiteral("texture_bank"), c.textureBankSize},
        {QStringLiteral("texture_coreset"), c.textureCoreset},
        {QStringLiteral("knn_index"), c.knnIndex},
        {QStringLiteral("val_fraction"), c.valFraction},
        {QStringLiteral("ocsvm_nu"), c.ocsvmNu},
        {QStringLiteral("ocsvm_gamma"), c.ocsvmGamma},
        {QStringLiteral("framing"), c.framing},
        {QStringLiteral("tile"), c.tile},
        {QStringLiteral("tile_stride"), c.tileStride},
        {QStringLiteral("tiles_per_image"), c.tilesPerImage},
        {QStringLiteral("backbone"), c.backbonePath},
        {QStringLiteral("backbone_layers"), QJsonArray::fromStringList(c.backboneLayers)},
    };
}

TrainConfig trainConfigFromJson(const QJsonObject& o) {
    TrainConfig c;
    c.model = o.value(QStringLiteral("model")).toString(c.model);
    c.size = o.value(QStringLiteral("size")).toInt(c.size);
    c.channels = o.value(QStringLiteral("channels")).toInt(c.channels);
    c.epochs = o.value(QStringLiteral("epochs")).toInt(c.epochs);
    c.batchSize = o.value(QStringLiteral("batch")).toInt(c.batchSize);
    c.learningRate = o.value(QStringLiteral("lr")).toDouble(c.learningRate);
    // Configs written before schedules existed trained at a constant rate.
    c.lrSchedule = o.value(QStringLiteral("lr_schedule")).toString(QStringLiteral("constant"));
    c.seed = o.value(QStringLiteral("seed")).toString(QString::number(c.seed)).toULongLong();
    c.threads = o.value(QStringLiteral("threads")).toInt(c.threads);
    c.device = o.value(QStringLiteral("device")).toString(c.device);
    c.patience = o.value(QStringLiteral("patience")).toInt(c.patience);
    c.bf16 = o.value(QStringLiteral("bf16")).toBool(c.bf16);
    if (o.contains(QStringLiteral("widths"))) {
        c.widths.clear();
        for (const auto& v : o.value(QStringLiteral("widths")).toArray()) c.widths.append(v.toInt());
    }
    c.latent = o.value(QStringLiteral("latent")).toInt(c.latent);
    c.klWeight = o.value(QStringLiteral("kl_weight")).toDouble(c.klWeight);
    c.scoreMethod = o.value(QStringLiteral("score")).toString(c.scoreMethod);
    c.memoryBankSize = o.value(QStringLiteral("memory_bank")).toInt(c.memoryBankSize);
    c.textureBankSize = o.value(QStringLiteral("texture_bank")).toInt(c.textureBankSize);
    // Bundles written before coresets and indexes kept the random sample and searched it exactly.
    c.textureCoreset = o.value(QStringLiteral("texture_coreset")).toInt(0);
    c.knnIndex = o.value(QStringLiteral("knn_index")).toString(QStringLiteral("exact"));
    c.valFraction = o.value(QStringLiteral("val_fraction")).toDouble(c.valFraction);
    c.ocsvmNu = o.value(QStringLiteral("ocsvm_nu")).toDouble(c.ocsvmNu);
    c.ocsvmGamma = o.value(QStringLiteral("ocsvm_gamma")).toDouble(c.ocsvmGamma);
    // Bundles written before framing squeezed every image into the square, whole.
    c.framing = o.value(QStringLiteral("framing")).toString(QStringLiteral("stretch"));
    c.tile = o.value(QStringLiteral("tile")).toInt(0);
    c.tileStride = o.value(QStringLiteral("tile_stride")).toInt(0);
    c.tilesPerImage = o.value(QStringLiteral("tiles_per_image")).toInt(c.tilesPerImage);
    c.backbonePath = o.value(QStringLiteral("backbone")).toString();
    for (const auto& v : o.value(QStringLiteral("backbone_layers")).toArray()) c.backboneLayers << v.toString();
    return c;
}

core::FramingSpec framingSpec(const TrainConfig& c) {
    core::FramingSpec spec;
    if (!parseFramingMode(c.framing, &spec.mode)) spec.mode = core::FramingMode::Stretch;
    spec.side = c.size;
    spec.tile = c.tile;
    spec.stride = c.tileStride;
    return spec;
}

} // namespace faultline::ml
