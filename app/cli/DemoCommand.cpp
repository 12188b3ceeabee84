// faultline-cli demo: writes the built-in woven-fabric dataset (MVTec AD layout).
#include "CliCommand.h"
#include "CliContext.h"

#include "core/demo/DemoGenerator.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

using namespace faultline;

namespace {

// Parses a non-negative integer option; false (and a message) when it is not one.
bool readCount(const QCommandLineParser& p, const QString& name, qint64 lo, qint64 hi, qint64* out, QString* error) {
    if (!p.isSet(name)) return true;
    bool ok = false;
    const qint64 v = p.value(name).toLongLong(&ok);
    if (!ok || v < lo || v > hi) {
        *error = QStringLiteral("--%1 must be an integer from %2 to %3, got '%4'").arg(name).arg(lo).arg(hi).arg(p.value(name));
        return false;
    }
    *out = v;
    return true;
}

class DemoCommand : public cli::CliCommand {
public:
    QString name() const override { return QStringLiteral("demo"); }
    QString summary() const override { return QStringLiteral("Write the built-in demo dataset (woven fabric, five defect types)."); }

    void addOptions(QCommandLineParser& p) const override {
        p.addOption({QStringLiteral("out"), QStringLiteral("Folder to create (must be empty, new, or an earlier demo)."), QStringLiteral("DIR")});
        p.addOption({QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("N")});
        p.addOption({QStringLiteral("size"), QStringLiteral("Image side in pixels (default 256)."), QStringLiteral("PX")});
        p.addOption({QStringLiteral("train"), QStringLiteral("train/good images (default 240)."), QStringLiteral("N")});
        p.addOption({QStringLiteral("test-good"), QStringLiteral("test/good images (default 40)."), QStringLiteral("N")});
        p.addOption({QStringLiteral("per-defect"), QStringLiteral("Test images per defect type (default 12)."), QStringLiteral("N")});
    }

    int run(const QCommandLineParser& p, cli::CliContext& ctx) override {
        if (!p.isSet(QStringLiteral("out")) || p.value(QStringLiteral("out")).isEmpty())
            return ctx.fail(cli::kExitUsage, QStringLiteral("demo: --out DIR is required"));
        core::DemoOptions o;
        qint64 seed = qint64(o.seed), size = o.size, train = o.trainGood, testGood = o.testGood, perDefect = o.perDefect;
        QString error;
        if (!readCount(p, QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max(), &seed, &error) ||
            !readCount(p, QStringLiteral("size"), 32, 4096, &size, &error) ||
            !readCount(p, QStringLiteral("train"), 1, 100000, &train, &error) ||
            !readCount(p, QStringLiteral("test-good"), 0, 100000, &testGood, &error) ||
            !readCount(p, QStringLiteral("per-defect"), 0, 100000, &perDefect, &error))
            return ctx.fail(cli::kExitUsage, QStringLiteral("demo: ") + error);
        o.seed = quint64(seed);
        o.size = int(size);
        o.trainGood = int(train);
        o.testGood = int(testGood);
        o.perDefect = int(perDefect);

        const QString out = QDir(p.value(QStringLiteral("out"))).absolutePath();
        const core::DemoResult res = core::generateDemo(out, o, [&ctx](int done, int total) {
            ctx.progress(QStringLiteral("demo"), done, total);
            return true;
        });
        ctx.endProgress();
        if (!res.ok)
            return ctx.fail(res.error.contains(QLatin1String("not empty")) ? cli::kExitInputError : cli::kExitWorkFailed,
                            res.error);
        QJsonArray defects;
        for (core::DemoDefect d : core::allDemoDefects()) defects.append(core::demoDefectName(d));
        if (ctx.json()) {
            ctx.printJson({{"out", out}, {"images", res.images}, {"masks", res.masks}, {"seed", QString::number(o.seed)},
                           {"size", o.size}, {"defects", defects}});
        } else {
            ctx.out() << "wrote " << res.images << " images and " << res.masks << " masks to " << out << '\n'
                      << "  train/good " << o.trainGood << ", test/good " << o.testGood << ", " << o.perDefect
                      << " per defect type (scratch, spot, cut, contamination, blur); seed " << o.seed << Qt::endl;
        }
        return cli::kExitOk;
    }
};

} // namespace

FAULTLINE_CLI_COMMAND(DemoCommand)
