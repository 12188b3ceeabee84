// faultline-cli train: scans a dataset, trains a model on its normal images, writes a bundle.
#include "app/cli/CliCommand.h"
#include "app/cli/CliContext.h"
#include "app/cli/NumberOption.h"

#include "core/dataset/DatasetScanner.h"
#include "core/dataset/DatasetSummary.h"
#include "core/dataset/InputSizeChoice.h"
#include "core/image/ImageLoader.h"
#include "core/io/OutputGuard.h"
#include "core/ml/Backbone.h"
#include "core/ml/DeviceSelect.h"
#include "core/ml/ScoreMethod.h"
#include "core/ml/Trainer.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace faultline::cli {

class TrainCommand : public CliCommand {
public:
    QString name() const override { return QStringLiteral("train"); }
    QString summary() const override { return QStringLiteral("Train an anomaly model on a dataset's normal images."); }

    void addOptions(QCommandLineParser& p) const override {
        p.addOptions({
            {QStringLiteral("data"), QStringLiteral("Dataset folder (MVTec layout or plain). Files the scan leaves out or that "
                                                    "cannot be decoded are named on stderr and skipped; the rest trains, and "
                                                    "the exit code is then 2."), QStringLiteral("DIR")},
            {QStringLiteral("out"), QStringLiteral("Model bundle to write."), QStringLiteral("MODEL")},
            {QStringLiteral("model"), QStringLiteral("seed-ae, ae (default), vae, restore (restoration network + "
                                                     "defect-map network, trained on simulated anomalies), ganomaly "
                                                     "(GANomaly: encoder-decoder-encoder against a discriminator; "
                                                     "score: the distance of the two codes) or backbone "
                                                     "(a pretrained TorchScript network, --backbone: not trained, its "
                                                     "features fit PatchCore's memory bank; default score patch-knn)."),
             QStringLiteral("NAME"), QStringLiteral("ae")},
            {QStringLiteral("backbone"), QStringLiteral("backbone model: the TorchScript file, e.g. resnet18.pt written by "
                                                        "torch.jit.script(model).save(); embedded in the bundle. It is "
                                                        "code: use only files you trust."),
             QStringLiteral("FILE")},
            {QStringLiteral("backbone-layers"), QStringLiteral("backbone model: the layers whose outputs are the features, "
                                                               "by name, dotted inside a Sequential (default layer2,layer3, "
                                                               "ResNet's; e.g. features.8,features.15 for a VGG)."),
             QStringLiteral("A,B")},
            {QStringLiteral("widths"), QStringLiteral("Channel widths of the three levels, e.g. 32,64,128 (the default; "
                                                      "restore's defect-map network takes half of each)."),
             QStringLiteral("A,B,C")},
            {QStringLiteral("size"), QStringLiteral("Input side in pixels, a multiple of 8 (default: from the training "
                                                  "images, their shorter side up to 128; small images are not enlarged)."),
             QStringLiteral("N")},
            {QStringLiteral("framing"), QStringLiteral("fit (default): keep the aspect ratio, fit the longer side and pad "
                                                       "the shorter with the mirrored border; stretch: squeeze into the square."),
             QStringLiteral("NAME"), QStringLiteral("fit")},
            {QStringLiteral("tile"), QStringLiteral("Cut images into windows of N pixels at full resolution, score every "
                                                    "window and stitch the maps; 0 = whole images (default: from the "
                                                    "training images, tiles of 128 when their shorter side is 512 or more)."),
             QStringLiteral("N")},
            {QStringLiteral("tile-stride"), QStringLiteral("Pixels between windows, 0 = half a tile (the default)."), QStringLiteral("N")},
            {QStringLiteral("tiles-per-image"), QStringLiteral("Windows of each image kept for training, a seeded random "
                                                               "choice (default 64)."), QStringLiteral("N")},
            {QStringLiteral("channels"), QStringLiteral("1 or 3 (default: as the first training image)."), QStringLiteral("N")},
            {QStringLiteral("epochs"), QStringLiteral("Epochs (default 20; restore 24)."), QStringLiteral("N")},
            {QStringLiteral("batch"), QStringLiteral("Batch size (default 32; restore 16)."), QStringLiteral("N")},
            {QStringLiteral("lr"), QStringLiteral("Adam learning rate (default 0.001)."), QStringLiteral("X")},
            {QStringLiteral("lr-schedule"), QStringLiteral("constant, or step: the rate x0.2 after 80% and 90% of the "
                                                           "epochs (default: step for restore, constant otherwise)."),
             QStringLiteral("NAME")},
            {QStringLiteral("seed"), QStringLiteral("Random seed (default 42)."), QStringLiteral("N")},
            {QStringLiteral("threads"), QStringLiteral("CPU threads, 0 = all cores (default)."), QStringLiteral("N")},
            {QStringLiteral("device"), QStringLiteral("auto (default), cpu or cuda."), QStringLiteral("DEV"), QStringLiteral("auto")},
            {QStringLiteral("val-fraction"), QStringLiteral("Share of training normals held out for validation (default 0.1)."), QStringLiteral("F")},
            {QStringLiteral("patience"), QStringLiteral("Early stopping: epochs without improvement, 0 = off (default 5; restore 0)."), QStringLiteral("N")},
            {QStringLiteral("latent"), QStringLiteral("Code size of ae/vae (default 64)."), QStringLiteral("N")},
            {QStringLiteral("kl-weight"), QStringLiteral("vae: weight of the KL term (default 1)."), QStringLiteral("X")},
            {QStringLiteral("score"), QStringLiteral("Default score method stored in the bundle: ") +
                                          ml::scoreMethodNames().join(QStringLiteral(", ")), QStringLiteral("METHOD")},
            {QStringLiteral("ocsvm-nu"), QStringLiteral("ocsvm score: the one-class SVM's nu, in (0, 1] (default 0.1)."), QStringLiteral("X")},
            {QStringLiteral("ocsvm-gamma"), QStringLiteral("ocsvm score: RBF gamma on the standardised code, 0 = 1 / code size "
                                                           "(the default)."), QStringLiteral("X")},
            {QStringLiteral("texture-coreset"), QStringLiteral("Shrink the texture bank (a sample of 32768 windows) to N windows "
                                                               "by greedy k-centre selection (default 2048); 0 = keep the "
                                                               "whole sample (slower scoring)."),
             QStringLiteral("N")},
            {QStringLiteral("knn-index"), QStringLiteral("Texture search stored as the bundle's default: exact (default), "
                                                         "flat, ivf or hnsw (FAISS, CPU)."),
             QStringLiteral("NAME")},
            {QStringLiteral("bf16"), QStringLiteral("bfloat16 autocast on the CPU.")},
            {QStringLiteral("resume"), QStringLiteral("Continue from MODEL.ckpt if it exists.")},
            {QStringLiteral("exclude"), QStringLiteral("Leave out the training images listed in FILE, one path per line "
                                                       "(absolute or relative to --data; e.g. from suspects --out)."),
             QStringLiteral("FILE")},
        });
    }

    int run(const QCommandLineParser& p, CliContext& ctx) override {
        if (!p.isSet(QStringLiteral("data")) || !p.isSet(QStringLiteral("out")))
            return ctx.fail(kExitUsage, QStringLiteral("train needs --data DIR and --out MODEL"));
        ml::TrainConfig c;
        c.model = p.value(QStringLiteral("model"));
        c.device = p.value(QStringLiteral("device"));
        c.bundlePath = p.value(QStringLiteral("out"));
        c.resume = p.isSet(QStringLiteral("resume"));
        c.bf16 = p.isSet(QStringLiteral("bf16"));
        c.scoreMethod = p.value(QStringLiteral("score"));
        c.lrSchedule = p.value(QStringLiteral("lr-schedule"));
        c.framing = p.value(QStringLiteral("framing"));
        c.backbonePath = p.value(QStringLiteral("backbone"));
        // A backbone file says which model is meant.
        if (!c.backbonePath.isEmpty() && !p.isSet(QStringLiteral("model"))) c.model = QStringLiteral("backbone");
        ml::applyDefaultTrainingLength(&c); // --epochs, --batch and --patience below override it
        if (p.isSet(QStringLiteral("backbone-layers"))) {
            for (const QString& layer : p.value(QStringLiteral("backbone-layers")).split(QLatin1Char(',')))
                c.backboneLayers << layer.trimmed();
        }
        if (!c.backbonePath.isEmpty() && c.model != QLatin1String("backbone"))
            return ctx.fail(kExitUsage, QStringLiteral("--backbone is for --model backbone (the %1 model trains its own "
                                                       "encoder)").arg(c.model));
        if (p.isSet(QStringLiteral("knn-index"))) c.knnIndex = p.value(QStringLiteral("knn-index"));
        if (!c.scoreMethod.isEmpty()) {
            ml::ScoreMethod m;
            if (!ml::parseScoreMethod(c.scoreMethod, &m))
                return ctx.fail(kExitUsage, QStringLiteral("--score %1: expected one of %2")
                                                .arg(c.scoreMethod, ml::scoreMethodNames().join(QStringLiteral(", "))));
        }
        QString error;
        qint64 seed = qint64(c.seed);
        int channels = 0;
        if (!numberOption(p, QStringLiteral("size"), 8, 4096, &c.size, &error) ||
            !numberOption(p, QStringLiteral("channels"), 1, 3, &channels, &error) ||
            !numberOption(p, QStringLiteral("epochs"), 1, 100000, &c.epochs, &error) ||
            !numberOption(p, QStringLiteral("batch"), 1, 65536, &c.batchSize, &error) ||
            !numberOption(p, QStringLiteral("lr"), 1e-12, 10.0, &c.learningRate, &error) ||
            !numberOption(p, QStringLiteral("seed"), qint64(0), qint64(1) << 53, &seed, &error) ||
            !numberOption(p, QStringLiteral("threads"), 0, 1024, &c.threads, &error) ||
            !numberOption(p, QStringLiteral("val-fraction"), 0.0, 0.95, &c.valFraction, &error) ||
            !numberOption(p, QStringLiteral("patience"), 0, 100000, &c.patience, &error) ||
            !numberOption(p, QStringLiteral("latent"), 1, 65536, &c.latent, &error) ||
            !numberOption(p, QStringLiteral("kl-weight"), 0.0, 1e6, &c.klWeight, &error) ||
            !numberOption(p, QStringLiteral("ocsvm-nu"), 1e-6, 1.0, &c.ocsvmNu, &error) ||
            !numberOption(p, QStringLiteral("ocsvm-gamma"), 0.0, 1e6, &c.ocsvmGamma, &error) ||
            !numberOption(p, QStringLiteral("texture-coreset"), 0, c.textureBankSize, &c.textureCoreset, &error) ||
            !numberOption(p, QStringLiteral("tile"), 0, 16384, &c.tile, &error) ||
            !numberOption(p, QStringLiteral("tile-stride"), 0, 16384, &c.tileStride, &error) ||
            !numberOption(p, QStringLiteral("tiles-per-image"), 1, 1 << 20, &c.tilesPerImage, &error))
            return ctx.fail(kExitUsage, error);
        if (channels == 2) return ctx.fail(kExitUsage, QStringLiteral("--channels 2: expected 1 or 3"));
        if (p.isSet(QStringLiteral("widths"))) {
            const QStringList parts = p.value(QStringLiteral("widths")).split(QLatin1Char(','));
            c.widths.clear();
            for (const QString& part : parts) {
                bool ok = false;
                const int w = part.trimmed().toInt(&ok);
                if (!ok || parts.size() != 3)
                    return ctx.fail(kExitUsage, QStringLiteral("--widths %1: expected three whole numbers, e.g. 32,64,128")
                                                    .arg(p.value(QStringLiteral("widths"))));
                c.widths.append(w);
            }
        }
        c.seed = quint64(seed);
        c.channels = channels == 0 ? 1 : channels;
        if (const QString bad = ml::validateTrainConfig(c); !bad.isEmpty()) return ctx.fail(kExitUsage, bad);

        // Before the scan and every epoch: the bundle and its checkpoint must be writable and
        // must not land on an image or inside the dataset.
        core::OutputGuard guard;
        guard.addInputTree(p.value(QStringLiteral("data")), QStringLiteral("the dataset folder"));
        if (!c.backbonePath.isEmpty()) guard.addInputFile(c.backbonePath, QStringLiteral("the backbone"));
        if (const QString bad = guard.checkFile(c.bundlePath, QStringLiteral("--out")); !bad.isEmpty())
            return ctx.fail(kExitUsage, bad);
        if (const QString bad = guard.conflict(c.bundlePath + QStringLiteral(".ckpt"), QStringLiteral("the checkpoint"));
            !bad.isEmpty())
            return ctx.fail(kExitUsage, bad);

        core::ScanOptions scan;
        scan.valFraction = c.valFraction;
        scan.seed = c.seed;
        core::ScanResult scanned = core::scanDataset(p.value(QStringLiteral("data")), scan);
        if (!scanned.ok) return ctx.fail(kExitInputError, scanned.error);
        if (p.isSet(QStringLiteral("exclude"))) {
            if (const int code = excludeListed(p.value(QStringLiteral("exclude")), &scanned.dataset, ctx); code != kExitOk)
                return code;
        }
        for (const core::FileProblem& fp : scanned.dataset.problems)
            ctx.warn(QStringLiteral("%1: %2 (left out)").arg(fp.path, fp.reason));
        for (const QString& w : scanned.dataset.warnings) ctx.warn(w);
        if (channels == 0) {
            // Follow the data: colour datasets train in RGB, grey ones in grey.
            for (const core::Sample& s : scanned.dataset.samples) {
                if (s.split != core::Split::Train) continue;
                const core::LoadedImage first = core::loadImage(s.path, {/*size=*/8, /*channels=*/0});
                if (first.ok()) c.channels = first.image.channels();
                break;
            }
        }
        QString sizeReason = QStringLiteral("set by --size");
        if (!p.isSet(QStringLiteral("size"))) {
            core::Dataset trainOnly = scanned.dataset;
            trainOnly.samples.erase(std::remove_if(trainOnly.samples.begin(), trainOnly.samples.end(),
                                                   [](const core::Sample& s) { return s.split != core::Split::Train; }),
                                    trainOnly.samples.end());
            const core::InputSizeChoice choice = core::chooseInputSize(core::summarizeDataset(trainOnly).kinds);
            c.size = choice.size;
            if (!p.isSet(QStringLiteral("tile"))) {
                c.tile = choice.tile;
                if (!p.isSet(QStringLiteral("tile-stride"))) c.tileStride = choice.tileStride;
            }
            sizeReason = choice.reason;
            if (!ctx.json()) ctx.err() << "Input size " << c.size << " px: " << choice.reason << Qt::endl;
            for (const QString& note : choice.notes) ctx.warn(note);
        }
        if (const QString bad = ml::validateTrainConfig(c); !bad.isEmpty()) return ctx.fail(kExitUsage, bad);
        if (c.model == QLatin1String("backbone")) {
            // A file that is missing or not TorchScript is bad input, refused before any image is decoded.
            ml::Backbone backbone;
            QString why;
            if (!backbone.load(c.backbonePath, c.backboneLayers, c.size, &why)) return ctx.fail(kExitInputError, why);
            if (!ctx.json()) {
                QStringList shapes;
                for (const ml::BackboneLayer& l : backbone.layers())
                    shapes << QStringLiteral("%1 %2 x %3 x %4").arg(l.name).arg(l.channels).arg(l.height).arg(l.width);
                ctx.err() << "Backbone " << c.backbonePath << " (SHA-256 " << backbone.sha256().left(12) << "...): "
                          << shapes.join(QStringLiteral(", ")) << Qt::endl;
            }
        }
        if (!ctx.json())
            ctx.err() << "Training " << c.model << " (" << c.size << "x" << c.size << ", " << c.channels
                      << " channel(s), " << framingText(c) << ") on " << scanned.dataset.description << Qt::endl;

        const bool fitted = c.model == QLatin1String("backbone");
        const ml::TrainResult r = ml::train(c, scanned.dataset, [&](const ml::TrainProgress& pr) {
            if (pr.refreshed && fitted) {
                ctx.progress(QStringLiteral("backbone features %1 img/s ETA %2 s")
                                 .arg(pr.imagesPerSecond, 0, 'f', 0)
                                 .arg(pr.etaSeconds, 0, 'f', 0),
                             pr.batch, pr.batchesPerEpoch);
            } else if (pr.refreshed) {
                const QString label = QStringLiteral("epoch %1/%2 loss %3 val %4 %5 img/s ETA %6 s")
                                          .arg(pr.epoch).arg(pr.epochs)
                                          .arg(pr.trainLoss, 0, 'g', 4)
                                          .arg(std::isfinite(pr.valLoss) ? QString::number(pr.valLoss, 'g', 4) : QStringLiteral("-"))
                                          .arg(pr.imagesPerSecond, 0, 'f', 0)
                                          .arg(pr.etaSeconds, 0, 'f', 0);
                ctx.progress(label, pr.batch, pr.batchesPerEpoch);
            }
            return true;
        });
        ctx.endProgress();
        for (const QString& w : r.warnings) ctx.warn(w);
        if (ctx.json()) ctx.printJson(summary(r, c, sizeReason));
        if (!r.ok) return ctx.fail(kExitWorkFailed, r.error);
        if (!ctx.json() && fitted)
            ctx.out() << "Fitted the memory banks on " << r.trainImages << " images (" << r.valImages
                      << " validation) through the backbone " << c.backbonePath << " in "
                      << QString::number(r.seconds, 'f', 1) << " s, " << QString::number(r.imagesPerSecond, 'f', 0)
                      << (c.tile > 0 ? " windows/s on " : " images/s on ") << r.device << "\n"
                      << "Wrote " << c.bundlePath << " (the backbone is embedded in it)" << Qt::endl;
        else if (!ctx.json())
            ctx.out() << "Trained " << c.model << " on " << r.trainImages << " images (" << r.valImages
                      << " validation) in " << QString::number(r.seconds, 'f', 1) << " s, "
                      << QString::number(r.imagesPerSecond, 'f', 0) << (c.tile > 0 ? " windows/s on " : " images/s on ") << r.device
                      << "; best validation loss " << QString::number(r.bestValLoss, 'g', 5) << " at epoch "
                      << r.bestEpoch << (r.stoppedEarly ? " (stopped early)" : "") << "\n"
                      << (r.imagesAligned ? "The images are aligned: the knn score weighs whole-image and window distances\n"
                                          : "The images look like a texture (a shifted view is as normal): the knn score "
                                            "uses window distances\n")
                      << "Wrote " << c.bundlePath << Qt::endl;
        // As `score` and `evaluate`: skipped input is exit 2, though the bundle was written from the rest.
        const bool decodeSkipped = std::any_of(r.warnings.cbegin(), r.warnings.cend(), [](const QString& w) {
            return w.contains(QLatin1String("could not be read and were left out"));
        });
        if (!scanned.dataset.problems.isEmpty() || decodeSkipped)
            return ctx.fail(kExitInputError, QStringLiteral("%1 file(s) left out by the dataset scan%2 (named above); the "
                                                            "bundle was trained on the rest")
                                                 .arg(scanned.dataset.problems.size())
                                                 .arg(decodeSkipped ? QStringLiteral(" and images that could not be decoded")
                                                                    : QString()));
        return kExitOk;
    }

private:
    // Removes the training samples listed in `listPath` (one path per line, relative to the
    // dataset root or absolute; blank lines and lines starting with # skipped). Lines that name
    // no training image are warned about by line number; an unreadable list is an input error.
    static int excludeListed(const QString& listPath, core::Dataset* dataset, CliContext& ctx) {
        QFile file(listPath);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
            return ctx.fail(kExitInputError, QStringLiteral("%1: --exclude: cannot be read: %2").arg(listPath, file.errorString()));
        const QDir root(dataset->root);
        QSet<QString> listed;
        QHash<QString, int> lineOf;
        int lineNumber = 0;
        while (!file.atEnd()) {
            ++lineNumber;
            const QString line = QString::fromUtf8(file.readLine()).trimmed();
            if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
            const QString path = QDir::cleanPath(root.absoluteFilePath(QDir::fromNativeSeparators(line)));
            listed.insert(path);
            lineOf.insert(path, lineNumber);
        }
        int removed = 0;
        QSet<QString> matched;
        auto& samples = dataset->samples;
        samples.erase(std::remove_if(samples.begin(), samples.end(),
                                     [&](const core::Sample& s) {
                                         const QString path = QDir::cleanPath(s.path);
                                         if (s.split != core::Split::Train || !listed.contains(path)) return false;
                                         matched.insert(path);
                                         ++removed;
                                         return true;
                                     }),
                      samples.end());
        for (const QString& path : listed)
            if (!matched.contains(path))
                ctx.warn(QStringLiteral("%1: line %2: %3 is not a training image of %4 (ignored)")
                             .arg(listPath).arg(lineOf.value(path)).arg(root.relativeFilePath(path), dataset->root));
        if (!ctx.json())
            ctx.err() << "Left out " << removed << " training image(s) listed in " << listPath << Qt::endl;
        return kExitOk;
    }

    static QString framingText(const ml::TrainConfig& c) {
        const QString how = c.framing == QLatin1String("stretch") ? QStringLiteral("squeezed") : QStringLiteral("aspect kept");
        if (c.tile <= 0) return how;
        return QStringLiteral("tiles of %1 px every %2 px, %3").arg(c.tile).arg(ml::framingSpec(c).effectiveStride()).arg(how);
    }

    static QJsonObject summary(const ml::TrainResult& r, const ml::TrainConfig& c, const QString& sizeReason) {
        QJsonArray history, warnings;
        for (const ml::EpochRecord& e : r.history)
            history.append(QJsonObject{{QStringLiteral("epoch"), e.epoch},
                                       {QStringLiteral("train_loss"), e.trainLoss},
                                       {QStringLiteral("val_loss"), e.valLoss},
                                       {QStringLiteral("seconds"), e.seconds}});
        for (const QString& w : r.warnings) warnings.append(w);
        return QJsonObject{{QStringLiteral("ok"), r.ok},
                           {QStringLiteral("error"), r.error},
                           {QStringLiteral("model"), c.model},
                           {QStringLiteral("backbone"), c.backbonePath},
                           {QStringLiteral("size"), c.size},
                           {QStringLiteral("size_reason"), sizeReason},
                           {QStringLiteral("framing"), c.framing},
                           {QStringLiteral("tile"), c.tile},
                           {QStringLiteral("tile_stride"), c.tile > 0 ? ml::framingSpec(c).effectiveStride() : 0},
                           {QStringLiteral("bundle"), r.ok ? c.bundlePath : QString()},
                           {QStringLiteral("device"), r.device},
                           {QStringLiteral("train_images"), r.trainImages},
                           {QStringLiteral("val_images"), r.valImages},
                           {QStringLiteral("epochs_run"), r.history.size()},
                           {QStringLiteral("best_epoch"), r.bestEpoch},
                           {QStringLiteral("best_val_loss"), std::isfinite(r.bestValLoss) ? QJsonValue(r.bestValLoss) : QJsonValue()},
                           {QStringLiteral("stopped_early"), r.stoppedEarly},
                           {QStringLiteral("resumed"), r.resumed},
                           {QStringLiteral("images_aligned"), r.imagesAligned},
                           {QStringLiteral("seconds"), r.seconds},
                           {QStringLiteral("images_per_second"), r.imagesPerSecond},
                           {QStringLiteral("history"), history},
                           {QStringLiteral("warnings"), warnings}};
    }
};

} // namespace faultline::cli

using faultline::cli::TrainCommand;
FAULTLINE_CLI_COMMAND(TrainCommand)
