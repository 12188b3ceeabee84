#pragma once
// Everything a training run needs besides the images. Plain value type; validate() before use.

#include "core/image/InputFraming.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

namespace faultline::ml {

struct TrainConfig {
    QString model = QStringLiteral("ae");    // "seed-ae" (reference), "ae" (default), "vae", "restore", "ganomaly", "backbone"
    int size = 128;                          // square input side in pixels, a multiple of 8 (fine textures need 128)
    int channels = 1;                        // 1 (grey) or 3 (RGB)
    int epochs = 20;
    int batchSize = 32;
    double learningRate = 1e-3;              // Adam
    // "constant", or "step": the rate times 0.2 after 80% and again after 90% of the epochs (the
    // schedule of DRAEM, Zavrtanik et al. 2021); empty = the model's default (step for restore).
    QString lrSchedule;
    quint64 seed = 42;                       // weights, shuffling, sampling: repeatable on the CPU
    int threads = 0;                         // LibTorch intra-op threads; 0 = every core
    QString device = QStringLiteral("auto"); // "auto", "cpu" or "cuda"
    QString bundlePath;                      // where the model bundle is written; empty: not written
    QString checkpointPath;                  // empty: bundlePath + ".ckpt" (none when both are empty)
    double valFraction = 0.1;                // share of train normals a dataset scan holds out (kept so scoring
                                             // can scan the same way); train() itself uses the Val split given
    bool resume = false;                     // continue from checkpointPath if it exists
    int patience = 5;                        // epochs without a better validation loss before stopping; 0 = never
    bool bf16 = false;                       // bfloat16 autocast on the CPU (AVX512-BF16 machines)
    int progressEvery = 10;                  // batches between progress callbacks
    QVector<int> widths{32, 64, 128};        // encoder widths (ae, vae, restore; seed-ae is fixed 32/64/128;
                                             // restore's defect-map network takes half of each)
    int latent = 64;                         // dense code size (ae, vae)
    double klWeight = 1.0;                   // vae: objective = pixel MSE + klWeight * KL / pixels
    QString scoreMethod;                     // default score stored in the bundle; empty = the built-in default
    int memoryBankSize = 4096;               // patch features kept for patch-knn (coreset)
    int textureBankSize = 32768;             // 8x8 windows kept for texture-knn and knn (random sample)
    double ocsvmNu = 0.1;                    // ocsvm: libsvm's nu, (0, 1]: bound on the share of training codes outside
    double ocsvmGamma = 0.0;                 // ocsvm: RBF gamma; 0 = 1 / code size (on standardised codes, like
                                             // scikit-learn's "scale", whose variance is then 1)
    int textureCoreset = 2048;               // > 0: shrink the texture bank to this many windows by greedy
                                             // k-centre selection (PatchCore's coreset); 0 = keep the sample.
                                             // Bundles from before coresets read as 0 (their bank is the sample)
    QString knnIndex = QStringLiteral("exact"); // texture search on the CPU: knnIndexName() (exact, flat, ivf, hnsw)
    // How images of any shape become size x size inputs (core/image/InputFraming): "fit" keeps the
    // aspect and mirrors the border into the padding; "stretch" squeezes (bundles before framing
    // read as stretch). tile > 0: full-resolution windows of tile px every tileStride px (0 = half
    // a tile) are the samples, and scoring stitches their maps; training keeps at most
    // tilesPerImage windows of each image (a seeded random choice of the grid's).
    QString framing = QStringLiteral("fit");
    int tile = 0;
    int tileStride = 0;
    int tilesPerImage = 64;
    qint64 memoryBudgetBytes = qint64(2) << 30; // preprocessed images kept in memory up to this, else streamed
    // backbone: a pretrained TorchScript file (read at training, then embedded in the bundle) and
    // the names of its layers whose outputs are the features, dotted for nested ones ("features.16");
    // empty = layer2,layer3 (ResNet's). Not trained: the memory banks are fitted on its features.
    QString backbonePath;
    QStringList backboneLayers;
};

// The layers a backbone config reads: its own, or ResNet's layer2 and layer3.
QStringList effectiveBackboneLayers(const TrainConfig& config);

// The learning rate for a 1-based epoch of config.epochs under the config's schedule.
double learningRateAt(const TrainConfig& config, int epoch);
// How long a model trains unless asked otherwise. restore trains a fixed number of epochs, as
// DRAEM does: every batch is a fresh simulation, so one epoch's validation loss says little, and
// the step schedule ends the run at a small rate. The others stop early on the validation loss.
struct TrainingLength {
    int epochs;
    int batchSize;
    int patience;
};
TrainingLength defaultTrainingLength(const QString& model);
// Sets config's epochs, batch size and patience to its model's defaultTrainingLength().
void applyDefaultTrainingLength(TrainConfig* config);

// The schedule a config trains with: its own, or the model's default when it names none.
QString effectiveLrSchedule(const TrainConfig& config);

// The framing a config trains and its bundle scores with.
core::FramingSpec framingSpec(const TrainConfig& config);

// Empty when the config is usable, else a message naming the bad field and its allowed range.
QString validateTrainConfig(const TrainConfig& config);

QJsonObject trainConfigToJson(const TrainConfig& config);
// Fields missing from the object keep their defaults.
TrainConfig trainConfigFromJson(const QJsonObject& object);

} // namespace faultline::ml
