// A bundle written before the classical scores existed: its features archive holds only the
// latent, patch, image and texture banks and the knn scale. It still loads, scores exactly as
// before with those, and does not offer the scores whose banks it lacks.
#include <torch/torch.h>

#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include "core/ml/ModelBundle.h"
#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"
#include "core/ml/internal/TorchSerial.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace faultline;
using namespace faultline::ml;

class TestOlderBundle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsWithoutTheNewBanks();
};

void TestOlderBundle::loadsWithoutTheNewBanks() {
    QTemporaryDir dir;
    const auto samples = testing::writeSyntheticSet(dir.path() + "/data", 16, 32, 8, 2);
    const QString current = dir.path() + "/current.flmodel", older = dir.path() + "/older.flmodel";
    const TrainResult r = trainSamples(testing::tinyTrainConfig(current), dir.path() + "/data", samples);
    QVERIFY2(r.ok, qPrintable(r.error));

    ModelBundle bundle;
    QVERIFY(ModelBundle::load(current, &bundle, nullptr));
    torch::serialize::InputArchive in;
    archiveFromBytes(bundle.features, &in);
    torch::serialize::OutputArchive out;
    for (const char* key : {"latent", "patches", "images", "texture", "knn_scale"}) {
        torch::Tensor t;
        QVERIFY2(in.try_read(key, t), key);
        out.write(key, t);
    }
    torch::Tensor probe;
    QVERIFY(in.try_read("normals_u8", probe)); // the current bundle has the new banks
    bundle.features = archiveToBytes(out);
    const QStringList older9{"mse", "topk", "ssim", "diff", "latent-knn", "patch-knn", "image-knn", "texture-knn", "knn"};
    QVector<ScoreCalibration> kept;
    for (const ScoreCalibration& c : bundle.calibration.methods)
        if (older9.contains(c.method)) kept.append(c);
    bundle.calibration.methods = kept;
    QVERIFY(bundle.save(older, nullptr));

    QStringList val;
    for (const auto& s : samples)
        if (s.split == core::Split::Val) val << s.path;
    for (const QString& method : older9) {
        ScoreOptions o;
        o.method = method;
        o.device = "cpu";
        o.wantMap = false;
        Scorer a, b;
        QString error;
        QVERIFY2(a.load(current, o, &error), qPrintable(error));
        QVERIFY2(b.load(older, o, &error), qPrintable(method + ": " + error));
        std::vector<double> sa, sb;
        a.scoreFiles(val, [&](int, const ImageScore& s) { sa.push_back(s.score); });
        b.scoreFiles(val, [&](int, const ImageScore& s) { sb.push_back(s.score); });
        QCOMPARE(sb, sa);
    }
    for (const QString& method : QStringList{"pixel-l1-mean", "pixel-l2-nearest", "ssim-nearest", "hist-chisqr", "ocsvm", "iforest"}) {
        ScoreOptions o;
        o.method = method;
        Scorer s;
        QString error;
        QVERIFY(!s.load(older, o, &error));
        QVERIFY2(error.contains(QLatin1String("not available")), qPrintable(error));
    }
}

QTEST_GUILESS_MAIN(TestOlderBundle)
#include "tst_olderbundle.moc"
