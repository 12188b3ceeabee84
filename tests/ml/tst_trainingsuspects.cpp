// Defects hidden among the training normals are found by the k-fold leave-out ranking: the
// planted images rank first, the ranking repeats, and bad input is refused by name.
#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include "core/ml/Trainer.h"
#include "core/ml/TrainingSuspects.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace faultline;
using namespace faultline::ml;

namespace {
constexpr int kSide = 32;
constexpr int kPlanted = 3;

// 40 stripe normals for training, of which kPlanted carry the bright square, and 8 clean
// validation normals. The model learns from all of them, defects included.
struct PlantedSet {
    QVector<core::Sample> samples;
    QStringList trainPaths;
    QStringList planted;
};

PlantedSet plantedSet(const QString& dir) {
    PlantedSet set;
    set.samples = testing::writeSyntheticSet(dir, kSide, 40, 8, 0, /*seed=*/3);
    std::mt19937 rng(11);
    for (int i = 0; i < kPlanted; ++i) {
        core::Sample& s = set.samples[5 + 11 * i];
        cv::imwrite(s.path.toStdString(), testing::stripeImage(kSide, rng, /*anomalous=*/true));
        set.planted << s.path;
    }
    for (const core::Sample& s : set.samples)
        if (s.split == core::Split::Train) set.trainPaths << s.path;
    return set;
}
} // namespace

class TestTrainingSuspects : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void plantedDefectsRankFirst();
    void coresetBankKeepsTheUnits();
    void rankingRepeats();
    void cancelStops();
    void badInputIsNamed();

private:
    void checkPlantedFirstAndCleanPass(const SuspectReport& r);
    QTemporaryDir m_dir;
    PlantedSet m_set;
    QString m_bundle;
};

void TestTrainingSuspects::initTestCase() {
    m_set = plantedSet(m_dir.path() + "/data");
    TrainConfig c = testing::tinyTrainConfig(m_dir.path() + "/m.flmodel", kSide);
    c.epochs = 1;
    const TrainResult r = trainSamples(c, m_dir.path(), m_set.samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    m_bundle = c.bundlePath;
}

void TestTrainingSuspects::plantedDefectsRankFirst() {
    const SuspectReport r = findTrainingSuspects(m_bundle, m_set.trainPaths);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(int(r.ranked.size()), m_set.trainPaths.size());
    QCOMPARE(r.folds, 5);
    checkPlantedFirstAndCleanPass(r);
    for (int i = 0; i < kPlanted; ++i) {
        QVERIFY(r.ranked[size_t(i)].flagged);
        QCOMPARE(r.ranked[size_t(i)].valPercentile, 1.0);
    }
    for (size_t i = 1; i < r.ranked.size(); ++i) QVERIFY(r.ranked[i - 1].score >= r.ranked[i].score);
}

// With a texture coreset in the bundle the folds build the same kind of bank: their scores are
// read in the bundle's knn units, which were measured against the coreset. Random fold banks of
// the coreset's size lie further from every window and flagged most of the clean images.
void TestTrainingSuspects::coresetBankKeepsTheUnits() {
    TrainConfig c = testing::tinyTrainConfig(m_dir.path() + "/coreset.flmodel", kSide);
    c.epochs = 1;
    c.textureCoreset = 64;
    const TrainResult t = trainSamples(c, m_dir.path(), m_set.samples);
    QVERIFY2(t.ok, qPrintable(t.error));
    const SuspectReport r = findTrainingSuspects(c.bundlePath, m_set.trainPaths);
    QVERIFY2(r.ok, qPrintable(r.error));
    checkPlantedFirstAndCleanPass(r);
}

// The planted images rank first, and the clean majority mostly scores like the validation normals
// (8 of them here, so their 99th percentile is close to their maximum and a few clean images pass it).
void TestTrainingSuspects::checkPlantedFirstAndCleanPass(const SuspectReport& r) {
    QStringList top;
    for (int i = 0; i < kPlanted; ++i) top << r.ranked[size_t(i)].path;
    top.sort();
    QStringList planted = m_set.planted;
    planted.sort();
    QCOMPARE(top, planted);
    int flagged = 0;
    for (const TrainingSuspect& s : r.ranked) flagged += s.flagged ? 1 : 0;
    QVERIFY2(flagged < m_set.trainPaths.size() / 4, qPrintable(QString::number(flagged)));
}

void TestTrainingSuspects::rankingRepeats() {
    const SuspectReport a = findTrainingSuspects(m_bundle, m_set.trainPaths);
    const SuspectReport b = findTrainingSuspects(m_bundle, m_set.trainPaths);
    QVERIFY(a.ok && b.ok);
    for (size_t i = 0; i < a.ranked.size(); ++i) {
        QCOMPARE(b.ranked[i].path, a.ranked[i].path);
        QCOMPARE(b.ranked[i].score, a.ranked[i].score);
    }
    SuspectOptions three;
    three.folds = 3;
    const SuspectReport c = findTrainingSuspects(m_bundle, m_set.trainPaths, three);
    QVERIFY(c.ok);
    QCOMPARE(c.folds, 3);
}

void TestTrainingSuspects::cancelStops() {
    int calls = 0;
    const SuspectReport r = findTrainingSuspects(m_bundle, m_set.trainPaths, {}, [&](int, int) { return ++calls < 2; });
    QVERIFY(r.cancelled && !r.ok);
    QCOMPARE(calls, 2);
    QVERIFY(r.error.contains("cancelled"));
}

void TestTrainingSuspects::badInputIsNamed() {
    const SuspectReport missing = findTrainingSuspects(m_dir.path() + "/none.flmodel", m_set.trainPaths);
    QVERIFY(!missing.ok && missing.error.contains("none.flmodel"));
    SuspectOptions one;
    one.folds = 1;
    QVERIFY(findTrainingSuspects(m_bundle, m_set.trainPaths, one).error.contains("folds 1"));
    QVERIFY(findTrainingSuspects(m_bundle, m_set.trainPaths.mid(0, 6)).error.contains("at least 10"));
    // An unreadable image is left out and named; the rest is ranked.
    const QString broken = m_dir.path() + "/broken.png";
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a png");
    f.close();
    const SuspectReport r = findTrainingSuspects(m_bundle, m_set.trainPaths + QStringList{broken});
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.problems.size(), 1);
    QVERIFY(r.problems.first().contains("broken.png"));
    QCOMPARE(int(r.ranked.size()), m_set.trainPaths.size());
}

QTEST_GUILESS_MAIN(TestTrainingSuspects)
#include "tst_trainingsuspects.moc"
