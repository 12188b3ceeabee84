// Training behaviour a user depends on: the loss falls, cancel stops within a batch, a resumed
// run ends where an uninterrupted one does, runs repeat with a seed, failures are reported.
#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include "core/ml/CheckpointFile.h"
#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace faultline;
using namespace faultline::ml;

namespace {

TrainConfig tinyConfig(const QString& dir, const QString& name) {
    return testing::tinyTrainConfig(dir + QLatin1Char('/') + name);
}

std::vector<double> scoresOf(const QString& bundle, const QStringList& paths, const QString& method) {
    Scorer scorer;
    ScoreOptions o;
    o.method = method;
    o.device = QStringLiteral("cpu");
    o.threads = 2;
    QString error;
    if (!scorer.load(bundle, o, &error)) qFatal("%s", qPrintable(error));
    std::vector<double> out(size_t(paths.size()));
    scorer.scoreFiles(paths, [&](int i, const ImageScore& s) { out[size_t(i)] = s.score; });
    return out;
}

QStringList pathsOf(const QVector<core::Sample>& samples) {
    QStringList paths;
    for (const auto& s : samples) paths << s.path;
    return paths;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lossFalls();
    void cancelStopsWithinOneBatch();
    void resumeEqualsUninterruptedRun();
    void seededRunsRepeat();
    void earlyStoppingStopsAndKeepsBest();
    void collapseIsReported();
    void bf16TrainsAndScores();
    void divergenceIsReported();
    void noTrainingImagesIsAnError();
    void unreadableImagesAreNamed();
    void invalidConfigIsRejected();
    void learningRateFollowsSchedule();
    void stepScheduleChangesOnlyLateEpochs();
    void checkpointIsCheckedByItsChecksum();
};

void TestTrainer::lossFalls() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 64, 16, 0);
    TrainConfig c = tinyConfig(dir.path(), "m.flmodel");
    c.epochs = qEnvironmentVariableIntValue("EPOCHS") ? qEnvironmentVariableIntValue("EPOCHS") : 3;
    c.bundlePath.clear();
    QVector<double> reported;
    const TrainResult r = trainSamples(c, dir.path(), samples, [&](const TrainProgress& p) {
        if (p.refreshed && !p.epochFinished) reported << p.trainLoss;
        return true;
    });
    QVERIFY2(r.ok, qPrintable(r.error));
    
    QCOMPARE(r.trainImages, 64);
    QCOMPARE(r.valImages, 16);
    
    QVERIFY2(reported.last() < 0.7 * reported.first(),
             qPrintable(QStringLiteral("first %1 last %2").arg(reported.first()).arg(reported.last())));
    QVERIFY2(r.history.last().valLoss < r.history.first().valLoss, qPrintable(QStringLiteral("val %1 %2").arg(r.history[0].valLoss).arg(r.history.last().valLoss)));
    QVERIFY(r.imagesPerSecond > 0.0);
}

void TestTrainer::cancelStopsWithinOneBatch() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 64, 8, 0);
    TrainConfig c = tinyConfig(dir.path(), "m.flmodel");
    c.epochs = 50;
    int calls = 0;
    const TrainResult r = trainSamples(c, dir.path(), samples, [&](const TrainProgress&) { return ++calls < 3; });
    QVERIFY(r.cancelled);
    QVERIFY(!r.ok);
    QCOMPARE(calls, 3); // no batch ran after the callback said stop
    QVERIFY(r.history.isEmpty());
    QVERIFY(!QFile::exists(c.bundlePath));
}

void TestTrainer::resumeEqualsUninterruptedRun() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 48, 8, 8);
    TrainConfig whole = tinyConfig(dir.path(), "whole.flmodel");
    whole.model = QStringLiteral("vae"); // exercises the random generator state too
    whole.patience = 0;
    QVERIFY(trainSamples(whole, dir.path(), samples).ok);

    TrainConfig first = whole;
    first.bundlePath = dir.path() + "/split.flmodel";
    first.epochs = 1;
    const TrainResult a = trainSamples(first, dir.path(), samples);
    QVERIFY2(a.ok, qPrintable(a.error));
    QVERIFY(QFile::exists(first.bundlePath + ".ckpt"));
    TrainConfig second = first;
    second.epochs = 2;
    second.resume = true;
    const TrainResult b = trainSamples(second, dir.path(), samples);
    QVERIFY2(b.ok, qPrintable(b.error));
    QVERIFY(b.resumed);
    QCOMPARE(b.history.size(), 2);

    const QStringList paths = pathsOf(samples);
    const auto s1 = scoresOf(whole.bundlePath, paths, "mse");
    const auto s2 = scoresOf(second.bundlePath, paths, "mse");
    for (size_t i = 0; i < s1.size(); ++i) QCOMPARE(s2[i], s1[i]);
}

void TestTrainer::seededRunsRepeat() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 32, 8, 4);
    TrainConfig a = tinyConfig(dir.path(), "a.flmodel");
    TrainConfig b = tinyConfig(dir.path(), "b.flmodel");
    QVERIFY(trainSamples(a, dir.path(), samples).ok);
    QVERIFY(trainSamples(b, dir.path(), samples).ok);
    const QStringList paths = pathsOf(samples);
    QCOMPARE(scoresOf(a.bundlePath, paths, "patch-knn"), scoresOf(b.bundlePath, paths, "patch-knn"));
    TrainConfig other = tinyConfig(dir.path(), "c.flmodel");
    other.seed = 7;
    QVERIFY(trainSamples(other, dir.path(), samples).ok);
    QVERIFY(scoresOf(a.bundlePath, paths, "mse") != scoresOf(other.bundlePath, paths, "mse"));
}

void TestTrainer::earlyStoppingStopsAndKeepsBest() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 32, 8, 0);
    TrainConfig c = tinyConfig(dir.path(), "m.flmodel");
    c.epochs = 40;
    c.patience = 1;
    c.learningRate = 0.05; // noisy enough that validation loss stops improving quickly
    const TrainResult r = trainSamples(c, dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(r.stoppedEarly);
    QVERIFY(r.history.size() < 40);
    QCOMPARE(r.history.size(), r.bestEpoch + 1); // stopped one epoch after the best with patience 1
    double best = 1e9;
    for (const auto& e : r.history) best = std::min(best, e.valLoss);
    QCOMPARE(r.bestValLoss, best);
}

void TestTrainer::collapseIsReported() {
    QTemporaryDir dir;
    // Sparse strokes on black: the reference network learns to output black everywhere.
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 48, 8, 0, 3, /*sparse=*/true);
    TrainConfig c = tinyConfig(dir.path(), "seed.flmodel");
    c.model = QStringLiteral("seed-ae");
    c.epochs = 2;
    const TrainResult r = trainSamples(c, dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY2(r.warnings.join('\n').contains("collapsed"), qPrintable(r.warnings.join('\n')));
    QVERIFY(r.warnings.join('\n').contains("'ae' model"));
    // The default score reads the pixels, so the warning says it is unaffected.
    QVERIFY2(r.warnings.join('\n').contains("'knn' score compares the pixels"), qPrintable(r.warnings.join('\n')));
    c.scoreMethod = QStringLiteral("mse");
    const TrainResult mse = trainSamples(c, dir.path(), samples);
    QVERIFY2(mse.warnings.join('\n').contains("'mse' score will not separate"), qPrintable(mse.warnings.join('\n')));
    c.scoreMethod.clear();

    // The default network trains on the same images without collapsing.
    c.model = QStringLiteral("ae");
    c.epochs = 4;
    const TrainResult fixed = trainSamples(c, dir.path(), samples);
    QVERIFY2(fixed.ok, qPrintable(fixed.error));
    QVERIFY2(!fixed.warnings.join('\n').contains("collapsed"), qPrintable(fixed.warnings.join('\n')));
}

void TestTrainer::bf16TrainsAndScores() {
    // bfloat16 autocast on the CPU: every model trains, and the bundle scores like any other.
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 32, 8, 4);
    for (const char* model : {"seed-ae", "ae", "vae"}) {
        TrainConfig c = tinyConfig(dir.path(), QStringLiteral("%1-bf16.flmodel").arg(model));
        c.model = QString::fromLatin1(model);
        c.bf16 = true;
        const TrainResult r = trainSamples(c, dir.path(), samples);
        QVERIFY2(r.ok, qPrintable(QStringLiteral("%1: %2").arg(model, r.error)));
        QVERIFY(std::isfinite(r.bestValLoss));
        QStringList bad;
        for (const auto& s : samples)
            if (s.truth == core::GroundTruth::Anomalous) bad << s.path;
        const std::vector<double> scores = scoresOf(c.bundlePath, bad, QStringLiteral("mse"));
        QCOMPARE(int(scores.size()), int(bad.size()));
        for (double v : scores) QVERIFY(std::isfinite(v));
    }
}

void TestTrainer::divergenceIsReported() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 32, 8, 0);
    TrainConfig c = tinyConfig(dir.path(), "m.flmodel");
    c.learningRate = 1e30;
    c.epochs = 3;
    const TrainResult r = trainSamples(c, dir.path(), samples);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains("diverged") && r.error.contains("learning rate"), qPrintable(r.error));
    QVERIFY(!QFile::exists(c.bundlePath));
}

void TestTrainer::noTrainingImagesIsAnError() {
    QTemporaryDir dir;
    auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 0, 4, 4);
    const TrainResult r = trainSamples(tinyConfig(dir.path(), "m.flmodel"), dir.path(), samples);
    QVERIFY(!r.ok);
    QVERIFY(r.error.contains("no normal training images"));
}

void TestTrainer::unreadableImagesAreNamed() {
    QTemporaryDir dir;
    auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 32, 8, 0);
    QFile bad(dir.path() + "/data/broken.png");
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("this is not a png");
    bad.close();
    core::Sample s;
    s.path = bad.fileName();
    s.split = core::Split::Train;
    s.truth = core::GroundTruth::Normal;
    samples.append(s);
    TrainConfig c = tinyConfig(dir.path(), "m.flmodel");
    c.epochs = 1;
    const TrainResult r = trainSamples(c, dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.trainImages, 32);
    QVERIFY2(r.warnings.join('\n').contains("broken.png"), qPrintable(r.warnings.join('\n')));
}

void TestTrainer::invalidConfigIsRejected() {
    TrainConfig c;
    c.size = 30;
    QVERIFY(validateTrainConfig(c).contains("multiple of 8"));
    c.size = 32;
    c.learningRate = 0;
    QVERIFY(validateTrainConfig(c).contains("learning rate"));
    c.learningRate = 1e-3;
    c.model = "resnet";
    QVERIFY(validateTrainConfig(c).contains("unknown"));
    const TrainResult r = trainSamples(c, {}, {});
    QVERIFY(!r.ok && r.error.contains("resnet"));
}

void TestTrainer::learningRateFollowsSchedule() {
    TrainConfig c;
    c.epochs = 10;
    c.learningRate = 1e-3;
    QCOMPARE(effectiveLrSchedule(c), QStringLiteral("constant"));
    QCOMPARE(learningRateAt(c, 10), 1e-3);
    c.model = QStringLiteral("restore");
    QCOMPARE(effectiveLrSchedule(c), QStringLiteral("step"));
    // x0.2 after 80% of the epochs (8 of 10) and again after 90% (9 of 10).
    QCOMPARE(learningRateAt(c, 1), 1e-3);
    QCOMPARE(learningRateAt(c, 8), 1e-3);
    QVERIFY(qFuzzyCompare(learningRateAt(c, 9), 2e-4));
    QVERIFY(qFuzzyCompare(learningRateAt(c, 10), 4e-5));
    c.epochs = 1;
    QCOMPARE(learningRateAt(c, 1), 1e-3); // a one-epoch run is not decayed
    c.epochs = 2;
    QVERIFY(qFuzzyCompare(learningRateAt(c, 2), 4e-5));
    c.epochs = 10;
    c.lrSchedule = QStringLiteral("constant");
    QCOMPARE(learningRateAt(c, 10), 1e-3);
    // The schedule a run used is stored; configs written before schedules existed ran constant.
    c.lrSchedule.clear();
    QCOMPARE(trainConfigFromJson(trainConfigToJson(c)).lrSchedule, QStringLiteral("step"));
    QJsonObject old = trainConfigToJson(c);
    old.remove(QStringLiteral("lr_schedule"));
    QCOMPARE(effectiveLrSchedule(trainConfigFromJson(old)), QStringLiteral("constant"));
    c.lrSchedule = QStringLiteral("cosine");
    QVERIFY(validateTrainConfig(c).contains("schedule 'cosine'"));
}

// The schedule reaches the optimizer: a step run and a constant run of the same seed train the
// same until the first milestone and differ after it.
void TestTrainer::stepScheduleChangesOnlyLateEpochs() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 32, 8, 4);
    TrainConfig constant = tinyConfig(dir.path(), "constant.flmodel");
    constant.epochs = 5;
    constant.patience = 0;
    constant.lrSchedule = QStringLiteral("constant");
    TrainConfig step = constant;
    step.bundlePath = dir.path() + "/step.flmodel";
    step.lrSchedule = QStringLiteral("step");
    const TrainResult a = trainSamples(constant, dir.path(), samples);
    const TrainResult b = trainSamples(step, dir.path(), samples);
    QVERIFY2(a.ok && b.ok, qPrintable(a.error + b.error));
    QCOMPARE(a.history.size(), 5);
    QCOMPARE(b.history.size(), 5);
    for (int e = 0; e < 4; ++e) QCOMPARE(b.history[e].trainLoss, a.history[e].trainLoss);
    QVERIFY(b.history[4].trainLoss != a.history[4].trainLoss);
}

// The checkpoint train() writes reads back through inspectCheckpoint; one flipped byte of its
// weights is refused by name instead of loading as another model.
void TestTrainer::checkpointIsCheckedByItsChecksum() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 12, 4, 4);
    TrainConfig c = tinyConfig(dir.path(), "ck.flmodel");
    c.epochs = 1;
    const TrainResult r = trainSamples(c, dir.path(), samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    const QString ckpt = c.bundlePath + ".ckpt";
    CheckpointSummary summary;
    QString error;
    QVERIFY2(inspectCheckpoint(ckpt, &summary, &error), qPrintable(error));
    QCOMPARE(summary.epochsDone, 1);
    QCOMPARE(summary.size, c.size);
    QCOMPARE(summary.model, c.model);
    QFile f(ckpt);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray bytes = f.readAll();
    f.close();
    bytes[bytes.size() - 1500] = char(bytes[bytes.size() - 1500] ^ 0x01);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
    f.close();
    QVERIFY(!inspectCheckpoint(ckpt, &summary, &error));
    QVERIFY2(error.contains(ckpt) && error.contains("checksum mismatch"), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
