// The report gathered from a model bundle and its scores CSV: the bundle's committed threshold
// (its calibration) is the one reported, with its method's explanation, and the gallery shows
// each sample's reconstruction and anomaly map from the model, coloured as the workbench colours
// them. QTEST_MAIN (a QGuiApplication, offscreen): the charts lay out text.
#include "core/eval/ScoresCsv.h"
#include "core/image/ImageBridge.h"
#include "core/image/ImageLoader.h"
#include "core/ml/ModelBundle.h"
#include "core/ml/ReportSources.h"
#include "core/ml/Scorer.h"
#include "core/ml/Trainer.h"
#include "core/report/HtmlReport.h"

#include "SyntheticImages.h"
#include "TinyTrainConfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace faultline;
using namespace faultline::ml;

class TestReportSources : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void bundleThresholdAndModelGallery();
    void unreadableInputsNameTheFile();

private:
    QTemporaryDir m_dir;
    QString m_data, m_bundle, m_csv;
    double m_threshold = 0.0;
};

void TestReportSources::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_data = m_dir.filePath(QStringLiteral("data"));
    QVector<core::Sample> samples = testing::writeSyntheticSet(m_data, 32, 48, 8, 8);
    std::mt19937 rng(5);
    for (int i = 0; i < 8; ++i) {  // test normals
        const QString path = m_data + QStringLiteral("/good_%1.png").arg(i);
        QVERIFY(cv::imwrite(path.toStdString(), testing::stripeImage(32, rng, false)));
        samples.append({path, core::Split::Test, core::GroundTruth::Normal, QStringLiteral("good"), {}});
    }
    m_bundle = m_dir.filePath(QStringLiteral("m.flmodel"));
    TrainConfig c = testing::tinyTrainConfig(m_bundle, 32);
    QVector<core::Sample> train;
    for (const core::Sample& s : samples)
        if (s.split != core::Split::Test) train.append(s);
    const TrainResult r = trainSamples(c, m_data, train);
    QVERIFY2(r.ok, qPrintable(r.error));

    Scorer scorer;
    QVERIFY(scorer.load(m_bundle, {}, nullptr));
    QVector<core::ScoreRecord> records;
    std::vector<double> testScores;
    for (const core::Sample& s : samples) {
        if (s.split == core::Split::Train) continue;
        const ImageScore score = scorer.scoreFile(s.path);
        QVERIFY2(score.ok, qPrintable(score.error));
        records.append({QDir(m_data).relativeFilePath(s.path), s.split, s.defect, s.truth, score.score});
        if (s.split == core::Split::Test) testScores.push_back(score.score);
    }
    m_csv = m_dir.filePath(QStringLiteral("scores.csv"));
    QString error;
    QVERIFY2(core::writeScoresCsv(m_csv, records, &error), qPrintable(error));

    // Commit a threshold into the bundle, as File > Export Model with Threshold does.
    std::sort(testScores.begin(), testScores.end());
    m_threshold = testScores[testScores.size() / 2];
    BundleMetadata metadata;
    BundleCalibration calibration;
    QVERIFY(ModelBundle::loadHeader(m_bundle, &metadata, &calibration, &error));
    calibration.threshold = m_threshold;
    calibration.thresholdMethod = metadata.defaultScore;
    calibration.thresholdSource = QStringLiteral("max-f1");
    calibration.thresholdNote = QStringLiteral("line 5, first article");
    calibration.thresholdCommitted = QStringLiteral("2026-12-01T08:00:00Z");
    QVERIFY2(ModelBundle::rewriteCalibration(m_bundle, calibration, &error), qPrintable(error));
}

void TestReportSources::bundleThresholdAndModelGallery() {
    ReportRequest request;
    request.model = m_bundle;
    request.scores = m_csv;
    request.data = m_data;
    request.threads = 2;
    request.device = QStringLiteral("cpu");
    core::ReportData d;
    QString error;
    QVERIFY2(gatherReport(request, &d, &error), qPrintable(error));
    QVERIFY(d.inputs.threshold);
    QCOMPARE(d.inputs.threshold->value, m_threshold);
    QVERIFY(d.inputs.threshold->source.contains(QStringLiteral("model bundle")));
    QVERIFY(d.evaluation.chosenByUser);
    QCOMPARE(d.evaluation.chosen.value, m_threshold);
    QVERIFY(!d.inputs.trainConfig.isEmpty());

    const QString html = core::reportHtml(d, core::ReportImageMode::Embedded);
    QVERIFY(html.contains(QStringLiteral("<td id=\"threshold-note\">line 5, first article</td>")));
    QVERIFY(html.contains(QStringLiteral("<td id=\"threshold-time\">2026-12-01T08:00:00Z</td>")));
    QString maxF1;
    for (const core::ThresholdResult& t : d.evaluation.thresholds)
        if (t.method == QLatin1String("max-f1")) maxF1 = t.explanation;
    QVERIFY(!maxF1.isEmpty());
    QVERIFY(html.contains(QStringLiteral("<td id=\"threshold-explanation\">%1</td>").arg(maxF1.toHtmlEscaped())));
    BundleMetadata metadata;
    BundleCalibration calibration;
    QVERIFY(ModelBundle::loadHeader(m_bundle, &metadata, &calibration, &error));
    QVERIFY(html.contains(metadata.payloadSha256));
    QVERIFY(html.contains(metadata.dataFingerprint));

    // Each gallery sample: the model's reconstruction and map, the map in the workbench's colours.
    int items = 0;
    Scorer scorer;
    ScoreOptions o;
    o.device = QStringLiteral("cpu");
    QVERIFY(scorer.load(m_bundle, o, nullptr));
    for (const core::GallerySection& section : d.gallery)
        for (const core::GalleryItem& item : section.items) {
            ++items;
            QVERIFY2(item.problem.isEmpty(), qPrintable(item.problem));
            QVERIFY(!item.original.isNull() && !item.reconstruction.isNull() && !item.heatmap.isNull());
            const QString path = QDir(m_data).filePath(item.path);
            const ImageScore s = scorer.scoreFile(path);
            QVERIFY(s.ok);
            cv::Mat map;
            cv::resize(s.anomalyMap, map, core::loadImage(path).image.size(), 0, 0, cv::INTER_LINEAR);
            const QImage expected = core::heatmapToQImage(map, float(d.heatmapLow), float(d.heatmapHigh))
                                        .scaled(item.heatmap.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation)
                                        .convertToFormat(QImage::Format_RGB888);
            QCOMPARE(item.heatmap, expected);
        }
    QVERIFY(items >= 3);
    QVERIFY(d.galleryNote.isEmpty());
}

void TestReportSources::unreadableInputsNameTheFile() {
    const QString damaged = m_dir.filePath(QStringLiteral("damaged.flmodel"));
    QFile f(damaged);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("FAULTLINE-MODEL\nnot really");
    f.close();
    ReportRequest request;
    request.model = damaged;
    request.scores = m_csv;
    core::ReportData d;
    QString error;
    QVERIFY(!gatherReport(request, &d, &error));
    QVERIFY2(error.contains(damaged), qPrintable(error));
    request.model = m_bundle;
    request.scores = m_dir.filePath(QStringLiteral("missing.csv"));
    QVERIFY(!gatherReport(request, &d, &error));
    QVERIFY2(error.contains(QStringLiteral("missing.csv")), qPrintable(error));
}

QTEST_MAIN(TestReportSources)
#include "tst_reportsources.moc"
