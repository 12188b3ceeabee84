// faultline-cli merge-scores: joins the CSVs of `score --shard K/N` into one run's CSV.
#include "CliCommand.h"
#include "CliContext.h"

#include "core/eval/ScoreShardMerge.h"

#include <QJsonObject>

namespace faultline::cli {

class MergeScoresCommand : public CliCommand {
public:
    QString name() const override { return QStringLiteral("merge-scores"); }
    QString summary() const override { return QStringLiteral("Join the CSVs of score --shard K/N into one run's CSV."); }

    void addOptions(QCommandLineParser& p) const override {
        p.addOption({QStringLiteral("out"), QStringLiteral("Scores CSV to write: byte for byte the CSV one unsharded run writes."),
                     QStringLiteral("CSV")});
        p.addPositionalArgument(QStringLiteral("shards"),
                                QStringLiteral("Every shard CSV of the run (each with its .shard.json beside it)."),
                                QStringLiteral("SHARD.csv..."));
    }

    int run(const QCommandLineParser& p, CliContext& ctx) override {
        if (!p.isSet(QStringLiteral("out")) || p.positionalArguments().isEmpty())
            return ctx.fail(kExitUsage, QStringLiteral("merge-scores needs --out CSV and the shard CSVs"));
        const QString out = p.value(QStringLiteral("out"));
        const core::ShardMergeResult merged = core::mergeScoreShards(p.positionalArguments(), out);
        if (!merged.ok) return ctx.fail(kExitInputError, merged.error);
        if (ctx.json())
            ctx.printJson(QJsonObject{{QStringLiteral("rows"), merged.rows},
                                      {QStringLiteral("shards"), merged.shards},
                                      {QStringLiteral("bundle_sha256"), merged.bundleSha256},
                                      {QStringLiteral("out"), out}});
        else
            ctx.out() << "Merged " << merged.shards << " shards, " << merged.rows << " rows; wrote " << out << Qt::endl;
        return kExitOk;
    }
};

} // namespace faultline::cli

using faultline::cli::MergeScoresCommand;
FAULTLINE_CLI_COMMAND(MergeScoresCommand)
