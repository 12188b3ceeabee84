// faultline-cli scan: what a dataset folder holds, without decoding an image.
#include "CliCommand.h"
#include "CliContext.h"

#include "core/dataset/DatasetScanner.h"
#include "core/dataset/DatasetSummary.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

using namespace faultline;

namespace {

QJsonObject truthCounts(const core::DatasetSummary& s, core::Split split) {
    return {{"normal", s.count(split, core::GroundTruth::Normal)},
            {"anomalous", s.count(split, core::GroundTruth::Anomalous)},
            {"unknown", s.count(split, core::GroundTruth::Unknown)}};
}

QString relative(const QDir& root, const QString& path) {
    const QString rel = root.relativeFilePath(path);
    return rel.startsWith(QLatin1String("..")) ? path : rel;
}

class ScanCommand : public cli::CliCommand {
public:
    QString name() const override { return QStringLiteral("scan"); }
    QString summary() const override { return QStringLiteral("Report a dataset's layout, splits, labels, image sizes and problem files."); }

    void addOptions(QCommandLineParser& p) const override {
        p.addOption({QStringLiteral("data"), QStringLiteral("Dataset folder (MVTec AD or plain layout)."), QStringLiteral("DIR")});
        p.addOption({QStringLiteral("val-fraction"), QStringLiteral("Share of train normals held out for validation (default 0.1)."), QStringLiteral("F")});
        p.addOption({QStringLiteral("seed"), QStringLiteral("Seed of the validation split (default 42)."), QStringLiteral("N")});
        p.addOption({QStringLiteral("no-header-check"), QStringLiteral("Do not open the files (faster; bad files are not found).")});
    }

    int run(const QCommandLineParser& p, cli::CliContext& ctx) override {
        if (!p.isSet(QStringLiteral("data")) || p.value(QStringLiteral("data")).isEmpty())
            return ctx.fail(cli::kExitUsage, QStringLiteral("scan: --data DIR is required"));
        core::ScanOptions o;
        bool ok = true;
        if (p.isSet(QStringLiteral("val-fraction"))) {
            o.valFraction = p.value(QStringLiteral("val-fraction")).toDouble(&ok);
            if (!ok || !(o.valFraction >= 0 && o.valFraction < 1))
                return ctx.fail(cli::kExitUsage, QStringLiteral("scan: --val-fraction must be a number in [0, 1)"));
        }
        if (p.isSet(QStringLiteral("seed"))) {
            o.seed = p.value(QStringLiteral("seed")).toULongLong(&ok);
            if (!ok) return ctx.fail(cli::kExitUsage, QStringLiteral("scan: --seed must be a non-negative integer"));
        }
        o.checkHeaders = !p.isSet(QStringLiteral("no-header-check"));

        const QString root = QDir(p.value(QStringLiteral("data"))).absolutePath();
        const core::ScanResult res = core::scanDataset(root, o, [&ctx](qint64 done, qint64 total) {
            ctx.progress(QStringLiteral("scan"), done, total);
            return true;
        });
        ctx.endProgress();
        if (!res.ok) {
            if (ctx.json()) {
                QJsonArray problems;
                for (const core::FileProblem& pr : res.dataset.problems)
                    problems.append(QJsonObject{{"path", pr.path}, {"reason", pr.reason}});
                ctx.printJson({{"ok", false}, {"error", res.error}, {"problems", problems}});
            }
            return ctx.fail(cli::kExitInputError, res.error);
        }
        const core::Dataset& d = res.dataset;
        const core::DatasetSummary s = core::summarizeDataset(d, o.checkHeaders);
        const QDir rootDir(d.root);
        if (ctx.json()) printJson(ctx, d, s, rootDir);
        else printText(ctx, d, s, rootDir);
        return cli::kExitOk;
    }

private:
    static void printJson(cli::CliContext& ctx, const core::Dataset& d, const core::DatasetSummary& s, const QDir& root) {
        QJsonObject defects;
        for (auto it = s.defects.begin(); it != s.defects.end(); ++it) defects.insert(it.key(), it.value());
        QJsonArray kinds;
        for (const core::ImageKind& k : s.kinds)
            kinds.append(QJsonObject{{"format", k.format}, {"width", k.width}, {"height", k.height},
                                     {"channels", k.channels}, {"bit_depth", k.bitDepth}, {"count", k.count}});
        QJsonArray problems, warnings;
        for (const core::FileProblem& pr : d.problems)
            problems.append(QJsonObject{{"path", relative(root, pr.path)}, {"reason", pr.reason}});
        for (const QString& w : d.warnings) warnings.append(w);
        ctx.printJson({{"ok", true}, {"root", d.root}, {"layout", core::layoutName(d.layout)},
                       {"description", d.description}, {"total", s.total()},
                       {"counts", QJsonObject{{"train", truthCounts(s, core::Split::Train)},
                                              {"val", truthCounts(s, core::Split::Val)},
                                              {"test", truthCounts(s, core::Split::Test)}}},
                       {"defects", defects}, {"masks", s.withMask}, {"image_kinds", kinds},
                       {"headers_without_size", s.unreadHeaders}, {"problems", problems}, {"warnings", warnings}});
    }

    static void printText(cli::CliContext& ctx, const core::Dataset& d, const core::DatasetSummary& s, const QDir& root) {
        QTextStream& o = ctx.out();
        o << d.root << ": " << d.description << '\n' << s.total() << " images\n";
        o << QStringLiteral("  %1 %2 %3 %4\n").arg(QString(), -6).arg("normal", 8).arg("anomalous", 10).arg("unknown", 8);
        for (core::Split split : {core::Split::Train, core::Split::Val, core::Split::Test})
            o << QStringLiteral("  %1 %2 %3 %4\n")
                     .arg(core::splitName(split), -6)
                     .arg(s.count(split, core::GroundTruth::Normal), 8)
                     .arg(s.count(split, core::GroundTruth::Anomalous), 10)
                     .arg(s.count(split, core::GroundTruth::Unknown), 8);
        o << "defect types:";
        for (auto it = s.defects.begin(); it != s.defects.end(); ++it)
            o << ' ' << (it.key().isEmpty() ? QStringLiteral("(unnamed)") : it.key()) << '=' << it.value();
        o << "\nmasks: " << s.withMask << '\n';
        if (!s.kinds.isEmpty()) {
            o << "image kinds:\n";
            for (const core::ImageKind& k : s.kinds)
                o << "  " << k.count << " x " << k.format << ' ' << k.width << 'x' << k.height << ", " << k.channels
                  << (k.channels == 1 ? " channel, " : " channels, ") << k.bitDepth << "-bit\n";
        }
        for (const QString& w : d.warnings) o << "warning: " << w << '\n';
        if (!d.problems.isEmpty()) {
            o << d.problems.size() << " problem file(s), left out:\n";
            for (const core::FileProblem& pr : d.problems) o << "  " << relative(root, pr.path) << ": " << pr.reason << '\n';
        }
        o.flush();
    }
};

} // namespace

FAULTLINE_CLI_COMMAND(ScanCommand)
