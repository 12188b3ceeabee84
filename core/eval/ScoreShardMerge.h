#pragma once
// Joins the CSVs of `faultline-cli score --shard K/N` into the CSV an unsharded run writes, byte
// for byte: rows sorted by path (the scan order), the header and every field kept as written.
// Refuses, naming the files, shards of different bundles, methods or splits, a shard given twice
// or missing, a shard with fewer rows than samples it was given, and a path in two shards.
// Nothing is written unless every check passes. Pure function of the files, any thread.

#include <QString>
#include <QStringList>

namespace faultline::core {

struct ShardMergeResult {
    bool ok = false;
    QString error;
    int rows = 0;
    int shards = 0;
    QString bundleSha256;
};

ShardMergeResult mergeScoreShards(const QStringList& shardCsvs, const QString& outCsv);

} // namespace faultline::core
