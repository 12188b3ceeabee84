// InspectionLoader with a real model: a tiny autoencoder is trained on generated 16x16
// images, then samples are loaded off the GUI thread with reconstruction, anomaly map and
// mask at the original's size; rapid requests show only the latest; the original shows before
// the model's load; bad files say why.
#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"
#include "ui/inspection/InspectionLoader.h"

#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace faultline;

namespace {
core::Sample writeSample(const QString& root, const QString& rel, bool anomalous, core::Split split, int seed) {
    cv::Mat img(24, 32, CV_8UC3);  // not square and not the model size: the loader must map back
    for (int y = 0; y < img.rows; ++y)
        for (int x = 0; x < img.cols; ++x)
            // Stripes with a little grain that differs per image: no two normals are alike,
            // so their anomaly maps have a spread (the fixed heatmap scale is learnt from it).
            img.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar((((y + seed) / 3 % 2) ? 180 : 60) + (x * 37 + y * 91 + seed * 53) % 17),
                                                90, 40);
    core::Sample s;
    s.path = QDir(root).filePath(rel);
    QDir().mkpath(QFileInfo(s.path).path());
    if (anomalous) {
        cv::rectangle(img, cv::Rect(10, 8, 6, 6), cv::Scalar(255, 255, 255), cv::FILLED);
        cv::Mat mask = cv::Mat::zeros(img.size(), CV_8UC1);
        cv::rectangle(mask, cv::Rect(10, 8, 6, 6), cv::Scalar(255), cv::FILLED);
        s.maskPath = QDir(root).filePath(QStringLiteral("ground_truth/") + QFileInfo(rel).fileName());
        QDir().mkpath(QFileInfo(s.maskPath).path());
        cv::imwrite(s.maskPath.toStdString(), mask);
    }
    cv::imwrite(s.path.toStdString(), img);
    s.split = split;
    s.truth = anomalous ? core::GroundTruth::Anomalous : core::GroundTruth::Normal;
    s.defect = anomalous ? QStringLiteral("square") : QStringLiteral("good");
    return s;
}
} // namespace

class TestInspectionLoader : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString bundle_;
    core::Sample normal_, anomalous_;
    QVector<ui::SampleRow> rows_;  // the project's rows: train and val normals, two tests

private Q_SLOTS:
    void initTestCase() {
        const QString root = dir_.filePath(QStringLiteral("data"));
        QVector<core::Sample> samples;
        for (int i = 0; i < 16; ++i)
            samples << writeSample(root, QStringLiteral("train/good/%1.png").arg(i), false, core::Split::Train, i);
        for (int i = 0; i < 4; ++i)
            // Seeds of their own: a validation image equal to a training image has a map of zeros.
            samples << writeSample(root, QStringLiteral("val/good/%1.png").arg(i), false, core::Split::Val, 100 + i);
        normal_ = writeSample(root, QStringLiteral("test/good/0.png"), false, core::Split::Test, 201);
        anomalous_ = writeSample(root, QStringLiteral("test/square/0.png"), true, core::Split::Test, 202);
        QVector<core::Sample> all = samples;
        all << normal_ << anomalous_;
        for (const core::Sample& s : all) {
            ui::SampleRow row;
            row.path = s.path;
            row.split = s.split;
            row.truth = s.truth;
            row.defect = s.defect;
            rows_ << row;
        }
        ml::TrainConfig config;
        config.size = 16;
        config.channels = 3;
        config.epochs = 2;
        config.batchSize = 8;
        config.threads = 2;
        config.bundlePath = dir_.filePath(QStringLiteral("model.flmodel"));
        const ml::TrainResult r = ml::trainSamples(config, root, samples);
        QVERIFY2(r.ok, qPrintable(r.error));
        bundle_ = config.bundlePath;
    }

    void loadsReconstructionMapAndMaskAtOriginalSize() {
        ui::InspectionLoader loader;
        loader.setBundle(bundle_);
        QSignalSpy loaded(&loader, &ui::InspectionLoader::loaded);
        loader.request(anomalous_, QStringLiteral("test/square/0.png"));
        QVERIFY(loaded.wait(30000));
        const auto im = loaded.at(0).at(0).value<ui::InspectionImages>();
        QVERIFY2(im.errorMessage.isEmpty(), qPrintable(im.errorMessage));
        QCOMPARE(im.original.size(), cv::Size(32, 24));
        QCOMPARE(im.original.type(), CV_32FC3);
        QCOMPARE(im.reconstruction.size(), im.original.size());
        QCOMPARE(im.reconstruction.type(), im.original.type());
        QCOMPARE(im.error.size(), im.original.size());
        QCOMPARE(im.error.type(), CV_32FC1);
        QVERIFY(std::isfinite(im.score));
        QCOMPARE(cv::countNonZero(im.mask), 36);
    }

    // The map shown is the active score's: set with a method, the loader scores with it (score
    // and map as the Scorer gives them for that method), and a new method is not served from
    // the cache of the old one.
    void showsTheChosenMethodsMap() {
        ui::InspectionLoader loader;
        QSignalSpy loaded(&loader, &ui::InspectionLoader::loaded);
        loader.setBundle(bundle_);
        loader.request(anomalous_, QStringLiteral("a"));
        QVERIFY(loaded.wait(30000));
        const auto byDefault = loaded.takeFirst().at(0).value<ui::InspectionImages>();
        loader.setBundle(bundle_, {}, QStringLiteral("pixel-l2-mean"));
        QCOMPARE(loader.method(), QStringLiteral("pixel-l2-mean"));
        loader.request(anomalous_, QStringLiteral("a"));
        QVERIFY(loaded.wait(30000));
        const auto chosen = loaded.takeFirst().at(0).value<ui::InspectionImages>();
        QVERIFY2(chosen.errorMessage.isEmpty(), qPrintable(chosen.errorMessage));
        ml::Scorer scorer;
        ml::ScoreOptions options;
        options.method = QStringLiteral("pixel-l2-mean");
        options.batchSize = 1;
        QString error;
        QVERIFY2(scorer.load(bundle_, options, &error), qPrintable(error));
        const ml::ImageScore expected = scorer.scoreFile(anomalous_.path);
        QVERIFY(expected.ok);
        QCOMPARE(chosen.score, expected.score);
        QVERIFY(chosen.score != byDefault.score);
        QCOMPARE(chosen.error.size(), expected.anomalyMap.size());
        QCOMPARE(cv::norm(chosen.error, expected.anomalyMap, cv::NORM_INF), 0.0);
    }

    // The fixed heatmap scale comes from the validation normals' maps only (4 of the 22 rows):
    // the same numbers as scoring those files with the bundle and accumulating their maps.
    void mapScaleFromValidationNormals() {
        ui::InspectionLoader loader;
        QSignalSpy ready(&loader, &ui::InspectionLoader::mapScaleReady);
        loader.setBundle(bundle_, rows_);
        QVERIFY(ready.wait(60000));
        const core::MapScale scale = loader.mapScale();
        QVERIFY2(scale.valid(), qPrintable(QStringLiteral("%1 maps, %2 .. %3").arg(scale.maps).arg(scale.zero).arg(scale.one)));
        QCOMPARE(scale.maps, 4);

        // Scored as the loader scores them, in batches of 8: the maps of a batch can differ from
        // one-at-a-time maps by float rounding, which this tiny set's narrow calibration magnifies.
        ml::Scorer scorer;
        ml::ScoreOptions options;
        options.wantMap = true;
        options.batchSize = 8;
        QString error;
        QVERIFY2(scorer.load(bundle_, options, &error), qPrintable(error));
        core::MapScaleAccumulator reference;
        QStringList normals;
        for (const ui::SampleRow& r : rows_)
            if (r.split == core::Split::Val) normals << r.path;
        scorer.scoreFiles(normals, [&reference](int, const ml::ImageScore& s) { QVERIFY(s.ok && reference.add(s.anomalyMap)); }, {});
        QCOMPARE(reference.maps(), 4);
        QVERIFY(qAbs(scale.zero - reference.result().zero) <= 1e-6 * qMax(1.0, qAbs(scale.zero)));
        QVERIFY(qAbs(scale.one - reference.result().one) <= 1e-6 * qMax(1.0, qAbs(scale.one)));
        QVERIFY(scale.one > scale.zero);

        // No validation normals, or no bundle: no scale, and the view is told so.
        QVector<ui::SampleRow> tests;
        for (const ui::SampleRow& r : rows_) if (r.split == core::Split::Test) tests << r;
        ready.clear();
        loader.setBundle(bundle_, tests);
        QVERIFY(!ready.isEmpty() || ready.wait(5000));
        QVERIFY(!ready.last().at(0).value<core::MapScale>().valid());
        QVERIFY(!loader.mapScale().valid());
    }

    void originalsOnlyWithoutABundle() {
        ui::InspectionLoader loader;
        QSignalSpy loaded(&loader, &ui::InspectionLoader::loaded);
        loader.request(normal_, QStringLiteral("n"));
        QVERIFY(loaded.wait(30000));
        const auto im = loaded.at(0).at(0).value<ui::InspectionImages>();
        QVERIFY(!im.original.empty());
        QVERIFY(im.error.empty());
        QVERIFY(std::isnan(im.score));
    }

    void rapidRequestsShowOnlyTheLatest() {
        ui::InspectionLoader loader;
        loader.setBundle(bundle_);
        QSignalSpy loaded(&loader, &ui::InspectionLoader::loaded);
        loader.request(normal_, QStringLiteral("first"));
        loader.request(anomalous_, QStringLiteral("second"));
        loader.request(normal_, QStringLiteral("third"));
        QTRY_VERIFY_WITH_TIMEOUT(!loader.isLoading() && loaded.count() >= 1, 30000);
        QCOMPARE(loaded.count(), 1);  // "first" was in flight and dropped, "second" never started
        QCOMPARE(loaded.at(0).at(0).value<ui::InspectionImages>().name, QStringLiteral("third"));
    }

    // The neighbours are loaded while the loader would be idle; stepping to one of them is
    // answered from the cache at once, with the caption of the new request.
    void prefetchedNeighboursShowAtOnce() {
        ui::InspectionLoader loader;
        loader.setBundle(bundle_);
        QSignalSpy loaded(&loader, &ui::InspectionLoader::loaded);
        loader.request(normal_, QStringLiteral("current"));
        loader.prefetch({{anomalous_, QStringLiteral("next")}});
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.count(), 1);  // the prefetch is not shown
        QTRY_VERIFY_WITH_TIMEOUT(loader.isCached(anomalous_.path) && !loader.isLoading(), 30000);
        QCOMPARE(loaded.count(), 1);
        loader.request(anomalous_, QStringLiteral("stepped"));
        QCOMPARE(loaded.count(), 2);  // synchronously: no load, no wait
        const auto im = loaded.at(1).at(0).value<ui::InspectionImages>();
        QCOMPARE(im.name, QStringLiteral("stepped"));
        QVERIFY(!im.error.empty() && !im.original.empty());
        // Another model: nothing cached is shown for it.
        loader.setBundle(QString());
        QVERIFY(!loader.isCached(anomalous_.path));
    }

    // While the model's load waits (here behind a prefetch in flight; in the workbench also for
    // cores the trainer holds), the decoded original is shown at once, marked pending; the full
    // images follow and no preview comes after them. A cached sample needs no preview.
    void originalShowsBeforeTheModelsLoad() {
        ui::InspectionLoader loader;
        loader.setBundle(bundle_);
        QSignalSpy preview(&loader, &ui::InspectionLoader::previewReady);
        QSignalSpy loaded(&loader, &ui::InspectionLoader::loaded);
        loader.prefetch({{anomalous_, QStringLiteral("next")}});
        QVERIFY(loader.isLoading());  // the model's load of the neighbour is in flight
        loader.request(normal_, QStringLiteral("current"));
        QVERIFY(preview.wait(30000));
        QCOMPARE(loaded.count(), 0);
        const auto first = preview.at(0).at(0).value<ui::InspectionImages>();
        QCOMPARE(first.name, QStringLiteral("current"));
        QVERIFY(first.pending);
        QCOMPARE(first.original.size(), cv::Size(32, 24));
        QVERIFY(first.error.empty() && first.reconstruction.empty());
        QVERIFY(std::isnan(first.score));

        QVERIFY(loaded.wait(30000));
        const auto full = loaded.at(0).at(0).value<ui::InspectionImages>();
        QCOMPARE(full.name, QStringLiteral("current"));
        QVERIFY(!full.pending && !full.error.empty() && !full.reconstruction.empty());
        // Same pixels as the preview: the pending view is the sample's own original.
        QCOMPARE(cv::norm(full.original, first.original, cv::NORM_INF), 0.0);
        QTRY_VERIFY_WITH_TIMEOUT(!loader.isLoading(), 30000);
        QCOMPARE(preview.count(), 1);

        loader.request(anomalous_, QStringLiteral("stepped"));  // prefetched: shown from the cache
        QCOMPARE(loaded.count(), 2);
        QTest::qWait(200);
        QCOMPARE(preview.count(), 1);
    }

    void badFilesSayWhy() {
        const QString broken = dir_.filePath(QStringLiteral("broken.png"));
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not an image at all");
        f.close();
        core::Sample s = normal_;
        s.path = broken;
        ui::InspectionLoader loader;
        loader.setBundle(bundle_);
        QSignalSpy loaded(&loader, &ui::InspectionLoader::loaded);
        loader.request(s, QStringLiteral("broken.png"));
        QVERIFY(loaded.wait(30000));
        const auto im = loaded.at(0).at(0).value<ui::InspectionImages>();
        QVERIFY2(im.errorMessage.contains(QStringLiteral("broken.png")), qPrintable(im.errorMessage));

        loader.setBundle(dir_.filePath(QStringLiteral("missing.flmodel")));
        loader.request(normal_, QStringLiteral("n"));
        QVERIFY(loaded.wait(30000));
        const auto noModel = loaded.at(1).at(0).value<ui::InspectionImages>();
        QVERIFY2(noModel.errorMessage.contains(QStringLiteral("missing.flmodel")), qPrintable(noModel.errorMessage));
        QVERIFY(!noModel.original.empty());  // the original is still shown
    }
};

QTEST_MAIN(TestInspectionLoader)
#include "tst_inspectionloader.moc"
