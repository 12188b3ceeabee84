// faultline-cli import-idx: IDX files (Fashion-MNIST by default) to a one-class MVTec-layout dataset.
#include "CliCommand.h"
#include "CliContext.h"

#include "core/dataset/IdxImporter.h"

#include <QDir>
#include <QJsonObject>

using namespace faultline;

namespace {

class ImportIdxCommand : public cli::CliCommand {
public:
    QString name() const override { return QStringLiteral("import-idx"); }
    QString summary() const override {
        return QStringLiteral("Turn IDX files (default: Fashion-MNIST) into a one-class dataset in MVTec AD layout.");
    }

    void addOptions(QCommandLineParser& p) const override {
        const core::IdxImportOptions d = core::defaultFashionMnist();
        p.addOption({QStringLiteral("images"), QStringLiteral("Training images IDX file (default %1).").arg(d.trainImages), QStringLiteral("FILE")});
        p.addOption({QStringLiteral("labels"), QStringLiteral("Training labels IDX file (default %1).").arg(d.trainLabels), QStringLiteral("FILE")});
        p.addOption({QStringLiteral("test-images"), QStringLiteral("Test images IDX file (default %1).").arg(d.testImages), QStringLiteral("FILE")});
        p.addOption({QStringLiteral("test-labels"), QStringLiteral("Test labels IDX file (default %1).").arg(d.testLabels), QStringLiteral("FILE")});
        p.addOption({QStringLiteral("normal-class"), QStringLiteral("Label of the normal class, 0-9 (default 0, t-shirt_top)."), QStringLiteral("K")});
        p.addOption({QStringLiteral("out"), QStringLiteral("Folder to create (must be empty, new, or an earlier import)."), QStringLiteral("DIR")});
    }

    int run(const QCommandLineParser& p, cli::CliContext& ctx) override {
        if (!p.isSet(QStringLiteral("out")) || p.value(QStringLiteral("out")).isEmpty())
            return ctx.fail(cli::kExitUsage, QStringLiteral("import-idx: --out DIR is required"));
        core::IdxImportOptions o = core::defaultFashionMnist();
        if (p.isSet(QStringLiteral("images"))) o.trainImages = p.value(QStringLiteral("images"));
        if (p.isSet(QStringLiteral("labels"))) o.trainLabels = p.value(QStringLiteral("labels"));
        if (p.isSet(QStringLiteral("test-images"))) o.testImages = p.value(QStringLiteral("test-images"));
        if (p.isSet(QStringLiteral("test-labels"))) o.testLabels = p.value(QStringLiteral("test-labels"));
        if (p.isSet(QStringLiteral("normal-class"))) {
            bool ok = false;
            o.normalClass = p.value(QStringLiteral("normal-class")).toInt(&ok);
            if (!ok || o.normalClass < 0 || o.normalClass >= o.classFolders.size())
                return ctx.fail(cli::kExitUsage, QStringLiteral("import-idx: --normal-class must be an integer from 0 to %1, got '%2'")
                                                     .arg(o.classFolders.size() - 1).arg(p.value(QStringLiteral("normal-class"))));
        }
        const QString out = QDir(p.value(QStringLiteral("out"))).absolutePath();
        const core::IdxImportResult res = core::importIdx(o, out, [&ctx](int done, int total) {
            ctx.progress(QStringLiteral("import"), done, total);
            return true;
        });
        ctx.endProgress();
        if (!res.ok) return ctx.fail(res.inputError ? cli::kExitInputError : cli::kExitWorkFailed, res.error);
        const QString normal = o.classFolders[o.normalClass];
        if (ctx.json()) {
            ctx.printJson({{"out", out}, {"normal_class", o.normalClass}, {"normal_folder", normal},
                           {"train_good", res.trainGood}, {"test_good", res.testGood}, {"test_anomalous", res.testAnomalous}});
        } else {
            ctx.out() << "imported class " << o.normalClass << " (" << normal << ") as normal into " << out << '\n'
                      << "  train/good " << res.trainGood << ", test/good " << res.testGood << ", test anomalous "
                      << res.testAnomalous << " in " << (o.classFolders.size() - 1) << " class folders" << Qt::endl;
        }
        return cli::kExitOk;
    }
};

} // namespace

FAULTLINE_CLI_COMMAND(ImportIdxCommand)
