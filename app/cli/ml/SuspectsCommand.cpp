// faultline-cli suspects: ranks a model's training images by how unlike the other training
// images they are (k-fold leave-out knn), to find defects that slipped into train/good.
#include "app/cli/CliCommand.h"
#include "app/cli/CliContext.h"
#include "app/cli/NumberOption.h"

#include "core/dataset/DatasetScanner.h"
#include "core/io/OutputGuard.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/TrainConfig.h"
#include "core/ml/TrainingSuspects.h"

#include <QDir>
#include <QJsonArray>
#include <QSaveFile>

namespace faultline::cli {

class SuspectsCommand : public CliCommand {
public:
    QString name() const override { return QStringLiteral("suspects"); }
    QString summary() const override {
        return QStringLiteral("Rank a model's training images by how unlike the others they are (defects in train/good).");
    }

    void addOptions(QCommandLineParser& p) const override {
        p.addOptions({
            {QStringLiteral("model"), QStringLiteral("Model bundle written by train."), QStringLiteral("MODEL")},
            {QStringLiteral("data"), QStringLiteral("The dataset folder the model was trained on."), QStringLiteral("DIR")},
            {QStringLiteral("folds"), QStringLiteral("k of the k-fold leave-out (default 5)."), QStringLiteral("K")},
            {QStringLiteral("top"), QStringLiteral("Suspects: the N highest (default: those above the 99th percentile of "
                                                   "the validation normals)."),
             QStringLiteral("N")},
            {QStringLiteral("out"), QStringLiteral("Write the suspects' paths, one per line (for train --exclude)."),
             QStringLiteral("FILE")},
            {QStringLiteral("threads"), QStringLiteral("CPU threads, 0 = all cores (default)."), QStringLiteral("N")},
        });
    }

    int run(const QCommandLineParser& p, CliContext& ctx) override {
        if (!p.isSet(QStringLiteral("model")) || !p.isSet(QStringLiteral("data")))
            return ctx.fail(kExitUsage, QStringLiteral("suspects needs --model MODEL and --data DIR"));
        ml::SuspectOptions options;
        int top = 0;
        QString error;
        if (!numberOption(p, QStringLiteral("folds"), 2, 100, &options.folds, &error) ||
            !numberOption(p, QStringLiteral("top"), 1, 10000000, &top, &error) ||
            !numberOption(p, QStringLiteral("threads"), 0, 1024, &options.threads, &error))
            return ctx.fail(kExitUsage, error);
        const QString modelPath = p.value(QStringLiteral("model"));
        const QString outPath = p.value(QStringLiteral("out"));
        if (!outPath.isEmpty()) {
            core::OutputGuard guard;
            guard.addInputTree(p.value(QStringLiteral("data")), QStringLiteral("the dataset folder"));
            if (const QString bad = guard.checkFile(outPath, QStringLiteral("--out")); !bad.isEmpty())
                return ctx.fail(kExitUsage, bad);
        }
        ml::BundleMetadata metadata;
        ml::BundleCalibration calibration;
        if (!ml::ModelBundle::loadHeader(modelPath, &metadata, &calibration, &error)) return ctx.fail(kExitInputError, error);
        // The scan repeats the training run's split, so the ranked images are the ones it learnt from.
        const ml::TrainConfig config = ml::trainConfigFromJson(metadata.trainConfig);
        core::ScanOptions scan;
        scan.valFraction = config.valFraction;
        scan.seed = config.seed;
        const core::ScanResult scanned = core::scanDataset(p.value(QStringLiteral("data")), scan);
        if (!scanned.ok) return ctx.fail(kExitInputError, scanned.error);
        QStringList trainPaths;
        for (const core::Sample& s : scanned.dataset.samples)
            if (s.split == core::Split::Train && s.truth != core::GroundTruth::Anomalous) trainPaths << s.path;

        const ml::SuspectReport r = ml::findTrainingSuspects(modelPath, trainPaths, options, [&](int done, int total) {
            ctx.progress(QStringLiteral("ranking"), done, total);
            return true;
        });
        ctx.endProgress();
        for (const QString& problem : r.problems) ctx.warn(problem + QStringLiteral(" (left out)"));
        if (!r.ok) return ctx.fail(r.error.contains(QLatin1String("bundle")) ? kExitInputError : kExitWorkFailed, r.error);

        std::vector<ml::TrainingSuspect> suspects;
        for (size_t i = 0; i < r.ranked.size(); ++i)
            if (top > 0 ? int(i) < top : r.ranked[i].flagged) suspects.push_back(r.ranked[i]);
        if (!outPath.isEmpty()) {
            QSaveFile file(outPath);
            bool written = file.open(QIODevice::WriteOnly | QIODevice::Text);
            for (const ml::TrainingSuspect& s : suspects)
                written = written && file.write(QDir::toNativeSeparators(s.path).toUtf8() + '\n') >= 0;
            if (!written || !file.commit())
                return ctx.fail(kExitWorkFailed, QStringLiteral("%1: cannot be written: %2").arg(outPath, file.errorString()));
        }
        const QDir root(scanned.dataset.root);
        if (ctx.json()) {
            QJsonArray ranked;
            for (const ml::TrainingSuspect& s : r.ranked)
                ranked.append(QJsonObject{{QStringLiteral("path"), root.relativeFilePath(s.path)},
                                          {QStringLiteral("score"), s.score},
                                          {QStringLiteral("val_percentile"), s.valPercentile},
                                          {QStringLiteral("flagged"), s.flagged}});
            ctx.printJson(QJsonObject{{QStringLiteral("ok"), true},
                                      {QStringLiteral("folds"), r.folds},
                                      {QStringLiteral("flag_threshold"), r.flagThreshold},
                                      {QStringLiteral("suspects"), int(suspects.size())},
                                      {QStringLiteral("seconds"), r.seconds},
                                      {QStringLiteral("ranked"), ranked}});
        } else {
            QTextStream& out = ctx.out();
            out << "Ranked " << r.ranked.size() << " training images (" << r.folds << "-fold leave-out knn, "
                << QString::number(r.seconds, 'f', 1) << " s). Each is scored against memory banks built without its "
                << "fold, in the model's knn units; flagged: above " << QString::number(r.flagThreshold, 'g', 4)
                << ", the 99th percentile of the validation normals.\n";
            out << QStringLiteral("rank").rightJustified(5) << QStringLiteral("score").rightJustified(10)
                << QStringLiteral("val pct").rightJustified(9) << "  path\n";
            for (size_t i = 0; i < suspects.size(); ++i)
                out << QString::number(i + 1).rightJustified(5) << QString::number(suspects[i].score, 'f', 3).rightJustified(10)
                    << QString::number(100.0 * suspects[i].valPercentile, 'f', 1).rightJustified(9) << "  "
                    << root.relativeFilePath(suspects[i].path) << (suspects[i].flagged ? "  (flagged)" : "") << '\n';
            out << suspects.size() << " suspect(s)"
                << (outPath.isEmpty() ? QString() : QStringLiteral(", written to %1; retrain without them: faultline-cli "
                                                                    "train ... --exclude %1").arg(outPath))
                << Qt::endl;
        }
        if (!r.problems.isEmpty())
            return ctx.fail(kExitInputError, QStringLiteral("%1 training image(s) could not be read (named above); the "
                                                            "ranking holds the rest").arg(r.problems.size()));
        return kExitOk;
    }
};

} // namespace faultline::cli

using faultline::cli::SuspectsCommand;
FAULTLINE_CLI_COMMAND(SuspectsCommand)
