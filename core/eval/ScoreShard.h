#pragma once
// Deterministic slices of one scoring run, so N machines (a Slurm job array, a Kubernetes
// indexed Job) can score one dataset and mergeScoreShards() can join their CSVs back into the
// CSV one unsharded run writes, byte for byte.
//
// Shard K of N (0 <= K < N) takes the samples whose position in the scan order (sorted by
// path) is K modulo N. Next to each shard CSV a manifest, `<csv>.shard.json`, records which
// bundle scored it, which shard it is, and how many samples it was given, so a merge can check
// that the shards belong together and cover every sample once. Pure functions, any thread.

#include <QJsonObject>
#include <QString>

namespace faultline::core {

struct ShardSpec {
    int index = 0;  // K, 0-based
    int count = 1;  // N; 1 = unsharded
    bool contains(int position) const { return position % count == index; }
};

// "K/N" with 0 <= K < N <= 100000; false with *error saying what is wrong.
bool parseShardSpec(const QString& text, ShardSpec* spec, QString* error);

struct ShardManifest {
    ShardSpec shard;
    QString bundleSha256;  // of the model bundle file that scored the shard
    QString method;        // score method name
    QString split;         // the --split that chose the samples
    int total = 0;         // samples of the whole run, all shards together
    int assigned = 0;      // samples given to this shard
};

QString shardManifestPath(const QString& csvPath);  // "<csv>.shard.json"
QJsonObject shardManifestToJson(const ShardManifest& manifest);
// Reads the manifest next to csvPath; false with *error naming the file and the reason.
bool readShardManifest(const QString& csvPath, ShardManifest* manifest, QString* error);
// Writes it atomically; returns the error text, empty on success.
QString writeShardManifest(const QString& csvPath, const ShardManifest& manifest);

// SHA-256 of a file's bytes, read in blocks; empty with *error on failure.
QString fileSha256(const QString& path, QString* error);

} // namespace faultline::core
