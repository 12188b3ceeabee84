// The classical scores stored with every bundle: pixel distances to the mean and to the nearest
// normal image, SSIM to the nearest, histogram comparisons, and the one-class SVM and isolation
// forest on the encoder's code. Each finds a planted defect, reloads to the same scores, and is
// calibrated on the validation normals like the network's own scores. So does `fused-knn`, the
// mean of image-knn and latent-knn in units of their validation spread.
#include "TinyTrainConfig.h"

#include "core/ml/ModelBundle.h"
#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <random>

using namespace faultline;
using namespace faultline::ml;

namespace {

const QStringList kClassical{"pixel-l1-mean", "pixel-l2-mean", "pixel-l1-nearest", "pixel-l2-nearest", "ssim-nearest",
                             "hist-correl",   "hist-chisqr",   "hist-bhattacharyya", "ocsvm",          "iforest"};

// A grey disc at the centre on a darker ground with a little noise; the defect is a black square
// over a quarter of the side, partly on the disc: new grey levels, new structure, a new place.
cv::Mat partImage(int size, std::mt19937& rng, bool defect) {
    std::normal_distribution<float> noise(0.f, 4.f);
    cv::Mat img(size, size, CV_8UC1, cv::Scalar(90));
    cv::circle(img, cv::Point(size / 2, size / 2), size / 4, cv::Scalar(170), cv::FILLED);
    if (defect) img(cv::Rect(size / 2, size / 3, size / 3, size / 3)).setTo(0);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) img.at<uchar>(y, x) = cv::saturate_cast<uchar>(img.at<uchar>(y, x) + noise(rng));
    return img;
}

} // namespace

class TestClassicalScores : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listedWhenStored();
    void plantedDefectRanksFirst_data();
    void plantedDefectRanksFirst();
    void reloadScoresLikeCalibration_data();
    void reloadScoresLikeCalibration();
    void ocsvmParametersReachTheBundle();
    void badOcsvmNuRefused();
    void bundleWithoutBanksStillLoads();
    void fusedKnnAveragesItsPartsInValidationUnits();
    void everyModelCarriesThem_data();
    void everyModelCarriesThem();

private:
    QTemporaryDir m_dir;
    QString m_bundle;
    QVector<core::Sample> m_samples;
    QStringList m_val, m_defects;
};

void TestClassicalScores::initTestCase() {
    const QString dir = m_dir.path() + "/parts";
    QDir().mkpath(dir);
    std::mt19937 rng(11);
    auto add = [&](const QString& name, core::Split split, bool defect) {
        core::Sample s;
        s.path = dir + QLatin1Char('/') + name;
        QVERIFY(cv::imwrite(s.path.toStdString(), partImage(32, rng, defect)));
        s.split = split;
        s.truth = defect ? core::GroundTruth::Anomalous : core::GroundTruth::Normal;
        m_samples.append(s);
        if (split == core::Split::Val) m_val << s.path;
        if (defect) m_defects << s.path;
    };
    for (int i = 0; i < 40; ++i) add(QStringLiteral("train_%1.png").arg(i), core::Split::Train, false);
    for (int i = 0; i < 12; ++i) add(QStringLiteral("val_%1.png").arg(i), core::Split::Val, false);
    for (int i = 0; i < 2; ++i) add(QStringLiteral("defect_%1.png").arg(i), core::Split::Test, true);
    TrainConfig c = testing::tinyTrainConfig(m_bundle = m_dir.path() + "/parts.flmodel", 32);
    c.epochs = 1;
    c.ocsvmNu = 0.2;
    const TrainResult r = trainSamples(c, m_dir.path(), m_samples);
    QVERIFY2(r.ok, qPrintable(r.error));
}

void TestClassicalScores::listedWhenStored() {
    BundleMetadata meta;
    BundleCalibration cal;
    QVERIFY(ModelBundle::loadHeader(m_bundle, &meta, &cal, nullptr));
    for (const QString& m : kClassical) {
        const ScoreCalibration* c = cal.find(m);
        QVERIFY2(c, qPrintable(m));
        QCOMPARE(c->count, 12);
        QVERIFY2(std::all_of(c->scores.begin(), c->scores.end(), [](float v) { return std::isfinite(v); }), qPrintable(m));
        ScoreMethod parsed;
        QVERIFY(parseScoreMethod(m, &parsed));
        QCOMPARE(scoreMethodName(parsed), m);
        QVERIFY(scoreMethodNames().contains(m));
    }
    // The default score is not changed by the new methods.
    QCOMPARE(meta.defaultScore, QStringLiteral("knn"));
}

void TestClassicalScores::plantedDefectRanksFirst_data() {
    QTest::addColumn<QString>("method");
    for (const QString& m : kClassical) QTest::newRow(qPrintable(m)) << m;
    QTest::newRow("fused-knn") << QStringLiteral("fused-knn");
}

void TestClassicalScores::plantedDefectRanksFirst() {
    QFETCH(QString, method);
    Scorer scorer;
    ScoreOptions o;
    o.method = method;
    o.device = "cpu";
    QString error;
    QVERIFY2(scorer.load(m_bundle, o, &error), qPrintable(error));
    double normalMax = -1e300;
    for (const QString& p : m_val) {
        const ImageScore s = scorer.scoreFile(p);
        QVERIFY2(s.ok, qPrintable(s.error));
        QCOMPARE(s.anomalyMap.size(), cv::Size(32, 32));
        normalMax = std::max(normalMax, s.score);
    }
    for (const QString& p : m_defects) {
        const ImageScore s = scorer.scoreFile(p);
        QVERIFY2(s.score > normalMax, qPrintable(QStringLiteral("%1: defect %2, highest normal %3").arg(method).arg(s.score).arg(normalMax)));
        if (method.startsWith(QLatin1String("pixel")) || method == QLatin1String("ssim-nearest")) {
            // The map is brightest on the defect (the black square right of centre), not on the ground.
            double lo, hi;
            cv::Point at;
            cv::minMaxLoc(s.anomalyMap, &lo, &hi, nullptr, &at);
            QVERIFY2(cv::Rect(16, 10, 11, 11).contains(at) || cv::Rect(14, 8, 15, 15).contains(at),
                     qPrintable(QStringLiteral("%1: peak at %2,%3").arg(method).arg(at.x).arg(at.y)));
        }
    }
}

void TestClassicalScores::reloadScoresLikeCalibration_data() { plantedDefectRanksFirst_data(); }

void TestClassicalScores::reloadScoresLikeCalibration() {
    QFETCH(QString, method);
    // The calibration was computed by the in-memory banks at the end of training; the reloaded
    // bundle (normals through 8 bits, SVM and forest through the archive) must give the same.
    Scorer scorer;
    ScoreOptions o;
    o.method = method;
    o.device = "cpu";
    o.wantMap = false;
    o.batchSize = 5;
    QVERIFY(scorer.load(m_bundle, o, nullptr));
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

void TestClassicalScores::ocsvmParametersReachTheBundle() {
    BundleMetadata meta;
    BundleCalibration cal;
    QVERIFY(ModelBundle::loadHeader(m_bundle, &meta, &cal, nullptr));
    const TrainConfig back = trainConfigFromJson(meta.trainConfig);
    QCOMPARE(back.ocsvmNu, 0.2);
    QCOMPARE(back.ocsvmGamma, 0.0);
    // nu bounds the share of training codes outside the boundary (score = -decision > 0): the
    // reloaded bundle, scoring the training images, sees the same model libsvm trained.
    Scorer scorer;
    ScoreOptions o;
    o.method = "ocsvm";
    o.device = "cpu";
    o.wantMap = false;
    QVERIFY(scorer.load(m_bundle, o, nullptr));
    int outside = 0, train = 0;
    for (const core::Sample& s : m_samples) {
        if (s.split != core::Split::Train) continue;
        ++train;
        outside += scorer.scoreFile(s.path).score > 1e-6;
    }
    QCOMPARE(train, 40);
    QVERIFY2(outside <= int(std::ceil(0.2 * train)) + 1, qPrintable(QString::number(outside)));
}

void TestClassicalScores::badOcsvmNuRefused() {
    TrainConfig c = testing::tinyTrainConfig(m_dir.path() + "/never.flmodel", 32);
    c.ocsvmNu = 0.0;
    QVERIFY(validateTrainConfig(c).contains(QLatin1String("nu")));
    c.ocsvmNu = 0.5;
    c.ocsvmGamma = -1.0;
    QVERIFY(validateTrainConfig(c).contains(QLatin1String("gamma")));
}

void TestClassicalScores::bundleWithoutBanksStillLoads() {
    // A bundle whose features archive holds none of these banks (as one written before them, or
    // without banks at all) loads and scores with the reconstruction scores; asking for a
    // classical one is a clear error, not a crash.
    ModelBundle bundle;
    QVERIFY(ModelBundle::load(m_bundle, &bundle, nullptr));
    bundle.features.clear();
    const QString bare = m_dir.path() + "/bare.flmodel";
    QVERIFY(bundle.save(bare, nullptr));
    Scorer mse;
    ScoreOptions o;
    o.method = "mse";
    o.device = "cpu";
    QString error;
    QVERIFY2(mse.load(bare, o, &error), qPrintable(error));
    QVERIFY(mse.scoreFile(m_val.front()).ok);
    for (const QString& m : kClassical) {
        Scorer s;
        o.method = m;
        QVERIFY(!s.load(bare, o, &error));
        QVERIFY2(error.contains(bare) && error.contains(QLatin1String("not available")), qPrintable(error));
    }
}

void TestClassicalScores::fusedKnnAveragesItsPartsInValidationUnits() {
    // Each part's unit is its own spread over the validation normals (their calibration scores),
    // so neither distance outweighs the other by its scale.
    Scorer scorer;
    ScoreOptions o;
    o.method = QStringLiteral("fused-knn");
    o.allScores = true;
    o.device = "cpu";
    o.wantMap = false;
    QVERIFY(scorer.load(m_bundle, o, nullptr));
    auto meanAndSpread = [&](const char* method, double* mean, double* spread) {
        const ScoreCalibration* c = scorer.calibration().find(QLatin1String(method));
        QVERIFY2(c && c->count > 1, method);
        double sum = 0, sq = 0;
        for (float v : c->scores) sum += v;
        *mean = sum / double(c->count);
        for (float v : c->scores) sq += (v - *mean) * (v - *mean);
        *spread = std::sqrt(sq / double(c->count - 1));
    };
    double mi = 0, si = 1, ml = 0, sl = 1;
    meanAndSpread("image-knn", &mi, &si);
    meanAndSpread("latent-knn", &ml, &sl);
    for (const QString& p : m_val + m_defects) {
        const ImageScore s = scorer.scoreFile(p);
        QVERIFY2(s.ok, qPrintable(s.error));
        const double img = s.allScores.at(ScoreMethod::ImageKnn), lat = s.allScores.at(ScoreMethod::LatentKnn);
        const double expected = ((img - mi) / si + (lat - ml) / sl) / 2.0;
        QVERIFY2(std::abs(s.score - expected) <= 1e-3 * std::max(1.0, std::abs(expected)),
                 qPrintable(QStringLiteral("%1: %2 vs %3").arg(p).arg(s.score).arg(expected)));
    }
    // The validation normals average to 0 in these units.
    const ScoreCalibration* fused = scorer.calibration().find(QStringLiteral("fused-knn"));
    QVERIFY(fused);
    double sum = 0;
    for (float v : fused->scores) sum += v;
    QVERIFY(std::abs(sum / double(fused->count)) < 1e-4);
}

void TestClassicalScores::everyModelCarriesThem_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("seed-ae") << "seed-ae"; // its code (128 x 4 x 4) is too large: pooled patch features
    QTest::newRow("vae") << "vae";
    QTest::newRow("restore") << "restore";
}

void TestClassicalScores::everyModelCarriesThem() {
    QFETCH(QString, model);
    const QString bundle = m_dir.path() + QStringLiteral("/%1.flmodel").arg(model);
    TrainConfig c = testing::tinyTrainConfig(bundle, 32);
    c.model = model;
    c.epochs = 1;
    const TrainResult r = trainSamples(c, m_dir.path(), m_samples);
    QVERIFY2(r.ok, qPrintable(r.error));
    for (const QString& method : kClassical) {
        Scorer scorer;
        ScoreOptions o;
        o.method = method;
        o.device = "cpu";
        o.wantMap = false;
        o.batchSize = 7;
        QString error;
        QVERIFY2(scorer.load(bundle, o, &error), qPrintable(error));
        std::vector<float> scores;
        scorer.scoreFiles(m_val, [&](int, const ImageScore& s) { scores.push_back(float(s.score)); });
        std::sort(scores.begin(), scores.end());
        const ScoreCalibration* cal = scorer.calibration().find(method);
        QVERIFY2(cal && cal->scores.size() == scores.size(), qPrintable(method));
        for (size_t i = 0; i < scores.size(); ++i)
            QVERIFY2(std::abs(cal->scores[i] - scores[i]) <= 1e-5f * std::max(1.0f, std::abs(scores[i])),
                     qPrintable(QStringLiteral("%1 %2: %3 vs %4").arg(model, method).arg(cal->scores[i]).arg(scores[i])));
        // The planted defect is caught by the pixel methods whatever the network (they ignore it).
        if (method.startsWith(QLatin1String("pixel-l2")))
            QVERIFY(scorer.scoreFile(m_defects.front()).score > scores.back());
    }
}

QTEST_GUILESS_MAIN(TestClassicalScores)
#include "tst_classicalscores.moc"
