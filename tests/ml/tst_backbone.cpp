// A pretrained backbone supplied as a TorchScript file (tests/data/tiny_backbone.pt, written by
// make_tiny_backbone.py: ResNet's layout at a few thousand weights, scripted and traced): layers chosen by name and
// their shapes, the same features from the same file, PatchCore on its layers finding a planted
// defect where it is, a bundle that carries the file and scores the same after reloading, and
// every kind of bad file refused with an error that names it and says why.
#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include "core/ml/Backbone.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"

#include <opencv2/imgcodecs.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace faultline;
using namespace faultline::ml;

namespace {

constexpr int kSide = 32;               // model input: layer2 of the tiny backbone is 8 x 8 there
const cv::Rect kDefect(18, 6, 8, 8);    // where the planted defect lies in every defect image

QString tinyBackbone() { return QStringLiteral(FAULTLINE_TEST_DATA "/tiny_backbone.pt"); }

// A grain texture (the normals) with a black square at kDefect when asked. Black, not white: the
// tiny backbone's weights are random, its ReLUs answer to dark regions far more than to bright ones.
cv::Mat textureImage(unsigned seed, bool defect) {
    cv::Mat img = testing::grainTexture(cv::Size(kSide, kSide), 1.5, seed);
    if (defect) img(kDefect).setTo(0);
    return img;
}

QString writeCopy(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(bytes);
    return path;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

TrainConfig backboneConfig(const QString& bundle, const QString& backbone) {
    TrainConfig c = testing::tinyTrainConfig(bundle, kSide);
    c.model = QStringLiteral("backbone");
    c.backbonePath = backbone;
    c.backboneLayers = {QStringLiteral("layer2"), QStringLiteral("layer3")};
    c.textureCoreset = 0;      // the pixel banks are not what this test is about
    c.memoryBankSize = 1024;   // half the training patches: a random texture needs many to be covered
    return c;
}

} // namespace

class TestBackbone : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void layersAndShapes_data();
    void layersAndShapes();
    void nestedNameReachesTheSameOutput();
    void layersAfterAnInnerLayerSeeTheBlocksOutput();
    void sameFileSameFeatures();
    void tracedExportGivesTheSameFeatures();
    void badFilesRefused_data();
    void badFilesRefused();
    void configRoundTrips();
    void bundleDescribesTheBackbone();
    void plantedDefectRanksFirstAndMapPeaksOnIt();
    void reloadScoresLikeCalibration_data();
    void reloadScoresLikeCalibration();
    void bundleScoresWithoutTheFile();
    void reconstructionScoresNotOffered();
    void trainerRefusesBadBackbone();
    void cancelWritesNothing();

private:
    QTemporaryDir m_dir;
    QString m_backbone, m_bundle;
    QVector<core::Sample> m_samples;
    QStringList m_val, m_defects;
};

void TestBackbone::initTestCase() {
    QVERIFY(QFile::exists(tinyBackbone()));
    // Trained from a copy, removed later: the bundle must not need it.
    m_backbone = writeCopy(m_dir.path() + "/copy_of_tiny.pt", readAll(tinyBackbone()));
    QVERIFY(!m_backbone.isEmpty());
    const QString dir = m_dir.path() + "/texture";
    QDir().mkpath(dir);
    auto add = [&](const QString& name, core::Split split, unsigned seed, bool defect) {
        core::Sample s;
        s.path = dir + QLatin1Char('/') + name;
        QVERIFY(cv::imwrite(s.path.toStdString(), textureImage(seed, defect)));
        s.split = split;
        s.truth = defect ? core::GroundTruth::Anomalous : core::GroundTruth::Normal;
        m_samples.append(s);
        if (split == core::Split::Val) m_val << s.path;
        if (defect) m_defects << s.path;
    };
    for (int i = 0; i < 30; ++i) add(QStringLiteral("train_%1.png").arg(i), core::Split::Train, 100 + i, false);
    for (int i = 0; i < 10; ++i) add(QStringLiteral("val_%1.png").arg(i), core::Split::Val, 200 + i, false);
    for (int i = 0; i < 3; ++i) add(QStringLiteral("defect_%1.png").arg(i), core::Split::Test, 300 + i, true);
    m_bundle = m_dir.path() + "/backbone.flmodel";
    const TrainResult r = trainSamples(backboneConfig(m_bundle, m_backbone), m_dir.path(), m_samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(r.history.isEmpty()); // nothing was optimised
    QCOMPARE(r.trainImages, 30);
    QCOMPARE(r.valImages, 10);
}

void TestBackbone::layersAndShapes_data() {
    QTest::addColumn<QStringList>("layers");
    QTest::addColumn<QList<int>>("shapes"); // channels, height, width per layer
    QTest::addColumn<QList<int>>("patch");  // channels, height, width of the patch features
    // conv1 keeps 32 px, maxpool halves to 16, layer2 and layer3 halve again.
    QTest::newRow("layer2,layer3") << QStringList{"layer2", "layer3"} << QList<int>{8, 8, 8, 16, 4, 4} << QList<int>{24, 8, 8};
    QTest::newRow("order kept") << QStringList{"layer3", "layer1"} << QList<int>{16, 4, 4, 4, 16, 16} << QList<int>{20, 16, 16};
    QTest::newRow("first child") << QStringList{"conv1"} << QList<int>{4, 32, 32} << QList<int>{4, 32, 32};
    QTest::newRow("dotted") << QStringList{"layer2.0.conv1"} << QList<int>{8, 8, 8} << QList<int>{8, 8, 8};
    QTest::newRow("default") << QStringList{} << QList<int>{8, 8, 8, 16, 4, 4} << QList<int>{24, 8, 8};
}

void TestBackbone::layersAndShapes() {
    QFETCH(QStringList, layers);
    QFETCH(QList<int>, shapes);
    QFETCH(QList<int>, patch);
    Backbone b;
    QString error;
    QVERIFY2(b.load(tinyBackbone(), layers, kSide, &error), qPrintable(error));
    QCOMPARE(b.topLevelLayers(), (QStringList{"conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "avgpool",
                                              "flatten", "fc"}));
    const QVector<BackboneLayer> got = b.layers();
    QCOMPARE(got.size() * 3, shapes.size());
    for (int i = 0; i < got.size(); ++i) {
        if (!layers.isEmpty()) QCOMPARE(got[i].name, layers[i]);
        QCOMPARE(got[i].channels, shapes[3 * i]);
        QCOMPARE(got[i].height, shapes[3 * i + 1]);
        QCOMPARE(got[i].width, shapes[3 * i + 2]);
    }
    const BackboneFeatures f = b.patchFeatures(textureImage(1, false));
    QCOMPARE(f.channels, patch[0]);
    QCOMPARE(f.height, patch[1]);
    QCOMPARE(f.width, patch[2]);
    QCOMPARE(f.values.size(), size_t(patch[0] * patch[1] * patch[2]));
    QVERIFY(std::all_of(f.values.begin(), f.values.end(), [](float v) { return std::isfinite(v); }));
    const BackboneFeatures pooled = b.pooledFeatures(textureImage(1, false));
    QCOMPARE(pooled.channels, patch[0]);
    QCOMPARE(pooled.height, 1);
    // An image of another side is not this backbone's input.
    QCOMPARE(b.patchFeatures(cv::Mat(16, 16, CV_8UC1, cv::Scalar(3))).channels, 0);
}

void TestBackbone::nestedNameReachesTheSameOutput() {
    // layer2 is a Sequential of one block: its block's output is its output.
    Backbone outer, inner;
    QVERIFY(outer.load(tinyBackbone(), {"layer2"}, kSide, nullptr));
    QVERIFY(inner.load(tinyBackbone(), {"layer2.0"}, kSide, nullptr));
    const cv::Mat img = textureImage(2, false);
    QCOMPARE(inner.patchFeatures(img).values, outer.patchFeatures(img).values);
}

void TestBackbone::layersAfterAnInnerLayerSeeTheBlocksOutput() {
    // layer2.0 is a residual block, not a Sequential: after its first convolution is recorded,
    // layer3 must still get the block's real output (shortcut included), not its children chained.
    Backbone inner, plain;
    QString error;
    QVERIFY2(inner.load(tinyBackbone(), {"layer2.0.conv1", "layer3"}, kSide, &error), qPrintable(error));
    QVERIFY(plain.load(tinyBackbone(), {"layer3"}, kSide, nullptr));
    const cv::Mat img = textureImage(6, true);
    const std::vector<float> both = inner.pooledFeatures(img).values, alone = plain.pooledFeatures(img).values;
    QCOMPARE(both.size(), size_t(8 + 16));
    QCOMPARE(std::vector<float>(both.end() - 16, both.end()), alone);
}

void TestBackbone::sameFileSameFeatures() {
    Backbone a, b;
    QVERIFY(a.load(tinyBackbone(), {}, kSide, nullptr));
    QVERIFY(b.load(m_backbone, {}, kSide, nullptr));
    QCOMPARE(a.sha256(), b.sha256());
    QCOMPARE(a.sha256(), QString::fromLatin1(QCryptographicHash::hash(readAll(tinyBackbone()), QCryptographicHash::Sha256).toHex()));
    const cv::Mat img = textureImage(3, false);
    const std::vector<float> first = a.patchFeatures(img).values;
    for (int i = 0; i < 3; ++i) QCOMPARE(a.patchFeatures(img).values, first); // past the JIT's warm-up runs
    QCOMPARE(b.patchFeatures(img).values, first);
    QVERIFY(a.patchFeatures(textureImage(4, false)).values != first);
    // Grey is replicated to RGB: the same picture in three channels gives the same features.
    cv::Mat rgb;
    cv::merge(std::vector<cv::Mat>{img, img, img}, rgb);
    const std::vector<float> colour = a.patchFeatures(rgb).values;
    QCOMPARE(colour.size(), first.size());
    for (size_t i = 0; i < first.size(); ++i) QVERIFY(std::abs(colour[i] - first[i]) <= 1e-5f);
}

void TestBackbone::tracedExportGivesTheSameFeatures() {
    // torch.jit.trace of the same weights: other code in the file, the same children and function.
    Backbone scripted, traced;
    QVERIFY(scripted.load(tinyBackbone(), {"layer1", "layer3"}, kSide, nullptr));
    QString error;
    QVERIFY2(traced.load(QStringLiteral(FAULTLINE_TEST_DATA "/tiny_backbone_traced.pt"), {"layer1", "layer3"}, kSide, &error),
             qPrintable(error));
    QCOMPARE(traced.topLevelLayers(), scripted.topLevelLayers());
    QVERIFY(traced.sha256() != scripted.sha256());
    const cv::Mat img = textureImage(5, true);
    const std::vector<float> a = scripted.patchFeatures(img).values, b = traced.patchFeatures(img).values;
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) QVERIFY(std::abs(a[i] - b[i]) <= 1e-5f * std::max(1.0f, std::abs(a[i])));
}

void TestBackbone::badFilesRefused_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("layers");
    QTest::addColumn<QString>("reason");
    const QString dir = m_dir.path() + "/bad";
    QDir().mkpath(dir);
    const QByteArray good = readAll(tinyBackbone());
    QTest::newRow("missing") << dir + "/resnet18.pt" << QStringList{} << "file not found";
    QTest::newRow("folder") << dir << QStringList{} << "folder";
    QTest::newRow("empty") << writeCopy(dir + "/empty.pt", {}) << QStringList{} << "is empty";
    QTest::newRow("text") << writeCopy(dir + "/notes.pt", "weights are on the other machine\n") << QStringList{}
                          << "not a zip archive";
    QTest::newRow("image") << QStringLiteral(FAULTLINE_TEST_DATA "/cmyk.jpg") << QStringList{} << "not a zip archive";
    QTest::newRow("truncated") << writeCopy(dir + "/half.pt", good.left(good.size() / 2)) << QStringList{}
                               << "damaged or truncated";
    QTest::newRow("state_dict") << QStringLiteral(FAULTLINE_TEST_DATA "/tiny_state_dict.pt") << QStringList{}
                                << "torch.jit.script";
    QTest::newRow("no such layer") << tinyBackbone() << QStringList{"layer2", "layer4"}
                                   << "has no layer 'layer4' (its top-level layers are: conv1, bn1, relu, maxpool";
    QTest::newRow("no such nested layer") << tinyBackbone() << QStringList{"layer2.3"}
                                          << "the layers inside 'layer2' are: 0";
    QTest::newRow("2-D output") << tinyBackbone() << QStringList{"layer3", "flatten"} << "'flatten' gives a 2-D output [1, 16]";
    QTest::newRow("linear output") << tinyBackbone() << QStringList{"fc"} << "4-D";
}

void TestBackbone::badFilesRefused() {
    QFETCH(QString, file);
    QFETCH(QStringList, layers);
    QFETCH(QString, reason);
    QVERIFY(!file.isEmpty());
    Backbone b;
    QString error;
    QVERIFY(!b.load(file, layers, kSide, &error));
    QVERIFY2(error.contains(file), qPrintable(error));
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY(b.layers().isEmpty());
    QVERIFY(b.sha256().isEmpty());
}

void TestBackbone::configRoundTrips() {
    TrainConfig c = backboneConfig("/tmp/x.flmodel", "/models/resnet18.pt");
    c.backboneLayers = {"layer1", "features.16"};
    const TrainConfig back = trainConfigFromJson(QJsonDocument::fromJson(QJsonDocument(trainConfigToJson(c)).toJson()).object());
    QCOMPARE(back.model, QStringLiteral("backbone"));
    QCOMPARE(back.backbonePath, QStringLiteral("/models/resnet18.pt"));
    QCOMPARE(back.backboneLayers, (QStringList{"layer1", "features.16"}));
    QVERIFY(validateTrainConfig(back).isEmpty());
    // Older configs name no backbone.
    QCOMPARE(trainConfigFromJson(QJsonObject{{"model", "ae"}}).backbonePath, QString());
    QCOMPARE(effectiveBackboneLayers(trainConfigFromJson(QJsonObject{{"model", "ae"}})), (QStringList{"layer2", "layer3"}));
    c.backbonePath.clear();
    QVERIFY(validateTrainConfig(c).contains("TorchScript file"));
    c.backbonePath = "/models/resnet18.pt";
    c.backboneLayers = {"layer2", "layer2"};
    QVERIFY(validateTrainConfig(c).contains("named twice"));
    c.backboneLayers = {"layer2."};
    QVERIFY(validateTrainConfig(c).contains("not a layer name"));
}

void TestBackbone::bundleDescribesTheBackbone() {
    BundleMetadata meta;
    BundleCalibration cal;
    QVERIFY(ModelBundle::loadHeader(m_bundle, &meta, &cal, nullptr));
    QCOMPARE(meta.model, QStringLiteral("backbone"));
    QCOMPARE(meta.defaultScore, QStringLiteral("patch-knn"));
    QCOMPARE(meta.normalisation, QStringLiteral("imagenet"));
    QCOMPARE(meta.backboneSha256,
             QString::fromLatin1(QCryptographicHash::hash(readAll(tinyBackbone()), QCryptographicHash::Sha256).toHex()));
    QCOMPARE(trainConfigFromJson(meta.trainConfig).backboneLayers, (QStringList{"layer2", "layer3"}));
    for (const char* m : {"patch-knn", "latent-knn", "ocsvm", "iforest", "image-knn", "knn"})
        QVERIFY2(cal.find(m) && cal.find(m)->count == 10, m);
    ModelBundle whole;
    QVERIFY(ModelBundle::load(m_bundle, &whole, nullptr));
    QCOMPARE(whole.weights, readAll(tinyBackbone())); // the file itself, byte for byte
}

void TestBackbone::plantedDefectRanksFirstAndMapPeaksOnIt() {
    Scorer scorer;
    ScoreOptions o;
    o.device = "cpu";
    o.smoothSigma = 0.0;
    QString error;
    QVERIFY2(scorer.load(m_bundle, o, &error), qPrintable(error));
    QCOMPARE(scorer.method(), ScoreMethod::PatchKnn);
    double normalMax = -1e300;
    for (const QString& p : m_val) normalMax = std::max(normalMax, scorer.scoreFile(p).score);
    for (const QString& p : m_defects) {
        const ImageScore s = scorer.scoreFile(p);
        QVERIFY2(s.ok, qPrintable(s.error));
        QVERIFY2(s.score > normalMax, qPrintable(QStringLiteral("defect %1, highest normal %2").arg(s.score).arg(normalMax)));
        QCOMPARE(s.anomalyMap.size(), cv::Size(kSide, kSide));
        double lo, hi;
        cv::Point at;
        cv::minMaxLoc(s.anomalyMap, &lo, &hi, nullptr, &at);
        // The map's cells are 4 px (layer2 at 8 x 8): the peak lies on the square or within a cell of it.
        const cv::Rect near(kDefect.x - 4, kDefect.y - 4, kDefect.width + 8, kDefect.height + 8);
        QVERIFY2(near.contains(at), qPrintable(QStringLiteral("%1: peak at %2,%3").arg(p).arg(at.x).arg(at.y)));
        // The image score is the largest cell of the map; scaling the cells to pixels only blends them.
        QVERIFY(hi <= s.score * (1.0 + 1e-5) + 1e-6);
    }
}

void TestBackbone::reloadScoresLikeCalibration_data() {
    QTest::addColumn<QString>("method");
    for (const char* m : {"patch-knn", "latent-knn", "ocsvm", "iforest"}) QTest::newRow(m) << QString::fromLatin1(m);
}

void TestBackbone::reloadScoresLikeCalibration() {
    QFETCH(QString, method);
    // The calibration was scored by the network in memory at the end of fitting; a fresh Scorer
    // reads the TorchScript file out of the bundle and must give the same scores.
    Scorer scorer;
    ScoreOptions o;
    o.method = method;
    o.device = "cpu";
    o.wantMap = false;
    o.batchSize = 3;
    QString error;
    QVERIFY2(scorer.load(m_bundle, o, &error), qPrintable(error));
    std::vector<float> scores;
    scorer.scoreFiles(m_val, [&](int, const ImageScore& s) { scores.push_back(float(s.score)); });
    std::sort(scores.begin(), scores.end());
    const ScoreCalibration* c = scorer.calibration().find(method);
    QVERIFY(c);
    QCOMPARE(c->scores.size(), scores.size());
    for (size_t i = 0; i < scores.size(); ++i)
        QVERIFY2(std::abs(c->scores[i] - scores[i]) <= 1e-4f * std::max(1.0f, std::abs(scores[i])),
                 qPrintable(QStringLiteral("%1: %2 vs %3").arg(method).arg(c->scores[i]).arg(scores[i])));
}

void TestBackbone::bundleScoresWithoutTheFile() {
    Scorer before;
    ScoreOptions o;
    o.device = "cpu";
    QVERIFY(before.load(m_bundle, o, nullptr));
    const ImageScore a = before.scoreFile(m_defects.front());
    // Moved to another machine: the bundle alone, the .pt it was fitted from gone.
    const QString moved = m_dir.path() + "/elsewhere/backbone.flmodel";
    QDir().mkpath(m_dir.path() + "/elsewhere");
    QVERIFY(QFile::copy(m_bundle, moved));
    QVERIFY(QFile::remove(m_backbone));
    Scorer after;
    QString error;
    QVERIFY2(after.load(moved, o, &error), qPrintable(error));
    const ImageScore b = after.scoreFile(m_defects.front());
    QVERIFY(b.ok);
    QCOMPARE(b.score, a.score);
    QCOMPARE(cv::norm(a.anomalyMap, b.anomalyMap, cv::NORM_INF), 0.0);
}

void TestBackbone::reconstructionScoresNotOffered() {
    BundleCalibration cal;
    QVERIFY(ModelBundle::loadHeader(m_bundle, nullptr, &cal, nullptr));
    for (const char* m : {"mse", "topk", "ssim", "diff"}) QVERIFY2(!cal.find(m), m);
    Scorer scorer;
    ScoreOptions o;
    o.method = "mse";
    o.device = "cpu";
    QString error;
    QVERIFY(!scorer.load(m_bundle, o, &error));
    QVERIFY2(error.contains("not available for a backbone model"), qPrintable(error));
}

void TestBackbone::trainerRefusesBadBackbone() {
    const QString out = m_dir.path() + "/never.flmodel";
    TrainConfig c = backboneConfig(out, m_dir.path() + "/absent.pt");
    TrainResult r = trainSamples(c, m_dir.path(), m_samples);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(c.backbonePath) && r.error.contains("file not found"), qPrintable(r.error));
    c.backbonePath = tinyBackbone();
    c.backboneLayers = {"avgpool", "head"};
    r = trainSamples(c, m_dir.path(), m_samples);
    QVERIFY2(!r.ok && r.error.contains("has no layer 'head'"), qPrintable(r.error));
    QVERIFY(!QFile::exists(out));
}

void TestBackbone::cancelWritesNothing() {
    const QString out = m_dir.path() + "/cancelled.flmodel";
    int calls = 0;
    const TrainResult r = trainSamples(backboneConfig(out, tinyBackbone()), m_dir.path(), m_samples,
                                       [&](const TrainProgress& p) {
                                           ++calls;
                                           [&] { QVERIFY(p.batchesPerEpoch >= 1 && p.batch >= 1); }();
                                           return false;
                                       });
    QCOMPARE(calls, 1);
    QVERIFY(r.cancelled);
    QVERIFY(!r.ok);
    QVERIFY(!QFile::exists(out));
}

QTEST_GUILESS_MAIN(TestBackbone)
#include "tst_backbone.moc"
