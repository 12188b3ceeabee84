// TrainingPanel driven like a person on a tiny generated dataset with real LibTorch
// training: Start trains and lists the run, then asks for it to be scored and shows how the
// scoring goes; Cancel stops within a batch and enables Resume; closing the panel mid-run
// cancels and waits; bad settings and trainer warnings appear in the banner.
#include "core/ml/ModelBundle.h"
#include "ui/plot/LossPlot.h"
#include "ui/training/TrainingPanel.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <random>

using namespace faultline;

namespace {
constexpr int kTrainTimeoutMs = 60000;  // generous: the machine is shared

// Striped 16x16 grey parts; anomalies carry a bright square.
QVector<core::Sample> makeDataset(const QString& root, int trainCount, bool withVal) {
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> noise(-12, 12), phase(0, 3);
    QVector<core::Sample> samples;
    const auto write = [&](const QString& rel, bool anomalous, core::Split split) {
        cv::Mat img(16, 16, CV_8UC1);
        const int p = phase(rng);
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 16; ++x)
                img.at<uchar>(y, x) = cv::saturate_cast<uchar>(((y + p) / 2 % 2 ? 170 : 70) + noise(rng));
        if (anomalous)
            cv::rectangle(img, cv::Rect(5, 5, 6, 6), cv::Scalar(255), cv::FILLED);
        const QString path = QDir(root).filePath(rel);
        QDir().mkpath(QFileInfo(path).path());
        cv::imwrite(path.toStdString(), img);
        core::Sample s;
        s.path = path;
        s.split = split;
        s.truth = anomalous ? core::GroundTruth::Anomalous : core::GroundTruth::Normal;
        s.defect = anomalous ? QStringLiteral("square") : QStringLiteral("good");
        samples.push_back(s);
    };
    for (int i = 0; i < trainCount; ++i)
        write(QStringLiteral("train/good/%1.png").arg(i), false, core::Split::Train);
    if (withVal)
        for (int i = 0; i < 6; ++i)
            write(QStringLiteral("val/good/%1.png").arg(i), false, core::Split::Val);
    for (int i = 0; i < 6; ++i)
        write(QStringLiteral("test/good/%1.png").arg(i), false, core::Split::Test);
    for (int i = 0; i < 6; ++i)
        write(QStringLiteral("test/square/%1.png").arg(i), true, core::Split::Test);
    return samples;
}
} // namespace

class TestTrainingPanel : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    ui::TrainingPanel* makePanel(int trainCount, int epochs, bool withVal = true) {
        auto* panel = new ui::TrainingPanel;
        const QString root = dir_.filePath(QStringLiteral("data%1").arg(trainCount));
        panel->setDataset(root, makeDataset(root, trainCount, withVal));
        panel->setRunsDirectory(dir_.filePath(QStringLiteral("runs")));
        panel->findChild<QSpinBox*>(QStringLiteral("size"))->setValue(16);
        panel->findChild<QSpinBox*>(QStringLiteral("epochs"))->setValue(epochs);
        panel->findChild<QSpinBox*>(QStringLiteral("batch"))->setValue(8);
        panel->findChild<QSpinBox*>(QStringLiteral("threads"))->setValue(2);
        panel->resize(1100, 700);
        panel->show();
        return panel;
    }
    static QPushButton* button(QWidget* panel, const char* name) {
        return panel->findChild<QPushButton*>(QString::fromLatin1(name));
    }

private Q_SLOTS:
    // Before Start the panel shows the size read from the images and, for a new project, uses
    // it (16 px images are not enlarged to 128); a size the user or a restored run set stays.
    void inputSizeComesFromTheImages() {
        const QString root = dir_.filePath(QStringLiteral("sized"));
        const QVector<core::Sample> samples = makeDataset(root, 12, true);
        ui::TrainingPanel panel;
        auto* size = panel.findChild<QSpinBox*>(QStringLiteral("size"));
        auto* reason = panel.findChild<QLabel*>(QStringLiteral("sizeReason"));
        QCOMPARE(size->value(), 128);
        panel.setDataset(root, samples);
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(size->value(), 16, 30000);
        QVERIFY2(reason->isVisible() && reason->text().contains(QStringLiteral("16 x 16 px")) &&
                     reason->text().contains(QStringLiteral("not enlarged")),
                 qPrintable(reason->text()));
        QCOMPARE(panel.config().size, 16);
        size->setValue(32);
        QVERIFY2(reason->text().contains(QStringLiteral("Set to 32 px here")), qPrintable(reason->text()));

        ui::TrainingPanel restored;
        restored.setDataset(root, samples);
        ml::TrainConfig last;
        last.size = 64;
        restored.setConfig(last);
        QTRY_VERIFY_WITH_TIMEOUT(!restored.sizeChoice().reason.isEmpty(), 30000);
        QCOMPARE(restored.findChild<QSpinBox*>(QStringLiteral("size"))->value(), 64);
    }

    // Images so large that shrinking them loses small defects are cut into tiles, shown before
    // Start and used by the run; the headers alone decide (blank 1,024 px images).
    void largeImagesAreTiled() {
        const QString root = dir_.filePath(QStringLiteral("large"));
        QDir().mkpath(root);
        QVector<core::Sample> samples;
        for (int i = 0; i < 3; ++i) {
            core::Sample s;
            s.path = QDir(root).filePath(QStringLiteral("big_%1.png").arg(i));
            QVERIFY(cv::imwrite(s.path.toStdString(), cv::Mat(1024, 1536, CV_8UC1, cv::Scalar(90 + i))));
            s.truth = core::GroundTruth::Normal;
            samples.push_back(s);
        }
        ui::TrainingPanel panel;
        auto* tile = panel.findChild<QSpinBox*>(QStringLiteral("tile"));
        auto* reason = panel.findChild<QLabel*>(QStringLiteral("sizeReason"));
        QCOMPARE(tile->value(), 0);
        QCOMPARE(tile->text(), QStringLiteral("whole image"));
        panel.setDataset(root, samples);
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(tile->value(), 128, 30000);
        QVERIFY2(reason->text().contains(QStringLiteral("tiles of 128 px")) && reason->text().contains(QStringLiteral("1024")),
                 qPrintable(reason->text()));
        QCOMPARE(panel.config().tile, 128);
        QCOMPARE(panel.config().size, 128);
        tile->setValue(0);
        QVERIFY2(reason->text().contains(QStringLiteral("Whole images here")), qPrintable(reason->text()));
        QCOMPARE(panel.config().tile, 0);
    }

    void deviceIsDescribed() {
        ui::TrainingPanel panel;
        const QString text = panel.findChild<QLabel*>(QStringLiteral("deviceInfo"))->text();
        QVERIFY2(text.contains(QStringLiteral("CPU")) || text.contains(QStringLiteral("CUDA")), qPrintable(text));
    }

    void trainListAndAskForScores() {
        std::unique_ptr<ui::TrainingPanel> panel(makePanel(24, 2));
        QSignalSpy finished(panel.get(), &ui::TrainingPanel::runFinished);
        QSignalSpy activated(panel.get(), &ui::TrainingPanel::activeRunChanged);
        QTest::mouseClick(button(panel.get(), "startButton"), Qt::LeftButton);
        QVERIFY(panel->isTraining());
        QVERIFY(!button(panel.get(), "startButton")->isEnabled());
        QVERIFY(button(panel.get(), "cancelButton")->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTrainTimeoutMs);
        const auto run = finished.at(0).at(0).value<ui::TrainingRunRecord>();
        QVERIFY2(run.result.ok, qPrintable(run.result.error));
        QVERIFY(QFileInfo::exists(run.bundlePath));
        QCOMPARE(run.result.history.size(), 2);
        auto* table = panel->findChild<QTableWidget*>(QStringLiteral("runsTable"));
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("ae"));
        QCOMPARE(panel->findChild<ui::LossPlot*>()->validationPointCount(), 2);
        QCOMPARE(panel->findChild<QProgressBar*>(QStringLiteral("trainingProgress"))->format(), QStringLiteral("done"));
        // The finished run becomes active and the panel asks for the dataset to be scored.
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(1).toString(), run.bundlePath);
        QCOMPARE(panel->activeRun(), 0);
        QVERIFY(panel->isScoring());
        // Progress: busy until the count is known, then one count from start to end.
        auto* bar = panel->findChild<QProgressBar*>(QStringLiteral("scoringProgress"));
        QCOMPARE(bar->maximum(), 0);
        panel->showScoringProgress(0, 0);
        QCOMPARE(bar->maximum(), 0);
        panel->showScoringProgress(40, 48);
        QCOMPARE(bar->maximum(), 48);
        QCOMPARE(bar->text(), QStringLiteral("scoring 40 / 48 images"));
        panel->showScoringFinished(true, QStringLiteral("Scored 48 of 48 images"));
        QVERIFY(!panel->isScoring());
        QCOMPARE(panel->findChild<QLabel*>(QStringLiteral("scoringStatus"))->text(), QStringLiteral("Scored 48 of 48 images"));
    }

    void restoreModelIsOffered() {
        // The restoration model trains from the panel like the others; its bundle scores with
        // the defect map by default.
        std::unique_ptr<ui::TrainingPanel> panel(makePanel(24, 1));
        auto* model = panel->findChild<QComboBox*>(QStringLiteral("model"));
        const int restore = model->findData(QStringLiteral("restore"));
        QVERIFY(restore >= 0);
        model->setCurrentIndex(restore);
        QCOMPARE(panel->config().model, QStringLiteral("restore"));
        QSignalSpy finished(panel.get(), &ui::TrainingPanel::runFinished);
        QTest::mouseClick(button(panel.get(), "startButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTrainTimeoutMs);
        const auto run = finished.at(0).at(0).value<ui::TrainingRunRecord>();
        QVERIFY2(run.result.ok, qPrintable(run.result.error));
        ml::BundleMetadata meta;
        ml::BundleCalibration calibration;
        QVERIFY(ml::ModelBundle::loadHeader(run.bundlePath, &meta, &calibration, nullptr));
        QCOMPARE(meta.model, QStringLiteral("restore"));
        QCOMPARE(meta.defaultScore, QStringLiteral("defect-map"));
        QCOMPARE(panel->findChild<QTableWidget*>(QStringLiteral("runsTable"))->item(0, 1)->text(), QStringLiteral("restore"));
    }

    // Choosing restore brings its training length (24 epochs of 16, no early stop) where the
    // fields hold the previous model's defaults; numbers the user typed stay.
    void modelBringsItsTrainingLength() {
        ui::TrainingPanel panel;
        auto* model = panel.findChild<QComboBox*>(QStringLiteral("model"));
        auto* epochs = panel.findChild<QSpinBox*>(QStringLiteral("epochs"));
        auto* batch = panel.findChild<QSpinBox*>(QStringLiteral("batch"));
        const ml::TrainingLength restore = ml::defaultTrainingLength(QStringLiteral("restore"));
        QCOMPARE(epochs->value(), ml::TrainConfig{}.epochs);
        QCOMPARE(panel.config().patience, ml::TrainConfig{}.patience);
        model->setCurrentIndex(model->findData(QStringLiteral("restore")));
        QCOMPARE(epochs->value(), restore.epochs);
        QCOMPARE(batch->value(), restore.batchSize);
        QCOMPARE(panel.config().epochs, restore.epochs);
        QCOMPARE(panel.config().patience, 0);
        model->setCurrentIndex(model->findData(QStringLiteral("ae")));
        QCOMPARE(epochs->value(), ml::TrainConfig{}.epochs);
        QCOMPARE(batch->value(), ml::TrainConfig{}.batchSize);
        epochs->setValue(3);
        model->setCurrentIndex(model->findData(QStringLiteral("restore")));
        QCOMPARE(epochs->value(), 3);
        QCOMPARE(batch->value(), restore.batchSize);
    }

    // GANomaly trains from the panel, and a pretrained backbone is fitted from it: its file and
    // layers are rows shown for the backbone only; each bundle scores with its model's default.
    void ganomalyAndBackboneFromThePanel_data() {
        QTest::addColumn<QString>("modelName");
        QTest::addColumn<QString>("defaultScore");
        QTest::newRow("ganomaly") << QStringLiteral("ganomaly") << QStringLiteral("ganomaly");
        QTest::newRow("backbone") << QStringLiteral("backbone") << QStringLiteral("patch-knn");
    }
    void ganomalyAndBackboneFromThePanel() {
        QFETCH(QString, modelName);
        QFETCH(QString, defaultScore);
        std::unique_ptr<ui::TrainingPanel> panel(makePanel(24, 1));
        auto* model = panel->findChild<QComboBox*>(QStringLiteral("model"));
        auto* path = panel->findChild<QLineEdit*>(QStringLiteral("backbonePath"));
        auto* layers = panel->findChild<QLineEdit*>(QStringLiteral("backboneLayers"));
        QVERIFY(path && layers);
        QVERIFY(!path->isVisible());  // the default model has no backbone
        const int index = model->findData(modelName);
        QVERIFY(index >= 0);
        model->setCurrentIndex(index);
        QCOMPARE(path->isVisible(), modelName == QLatin1String("backbone"));
        // A backbone is fitted, not trained: no epochs, no learning rate.
        QCOMPARE(panel->findChild<QSpinBox*>(QStringLiteral("epochs"))->isEnabled(), modelName != QLatin1String("backbone"));
        if (modelName == QLatin1String("backbone")) {
            // A file that is not there: the run fails and says which file.
            path->setText(dir_.filePath(QStringLiteral("missing.pt")));
            QSignalSpy failed(panel.get(), &ui::TrainingPanel::runFinished);
            QTest::mouseClick(button(panel.get(), "startButton"), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTrainTimeoutMs);
            const auto bad = failed.at(0).at(0).value<ui::TrainingRunRecord>();
            QVERIFY(!bad.result.ok);
            QVERIFY2(bad.result.error.contains(QLatin1String("missing.pt")), qPrintable(bad.result.error));
            path->setText(QStringLiteral(FAULTLINE_TEST_DATA "/tiny_backbone.pt"));
            QTest::keyClicks(layers, QStringLiteral("layer1, layer2"));
            QCOMPARE(panel->config().backboneLayers, (QStringList{"layer1", "layer2"}));
            if (const QString shots = qEnvironmentVariable("FAULTLINE_SCREENSHOT_DIR"); !shots.isEmpty())
                panel->grab().save(shots + QStringLiteral("/training-backbone.png"));
        }
        QCOMPARE(panel->config().model, modelName);
        QSignalSpy finished(panel.get(), &ui::TrainingPanel::runFinished);
        QTest::mouseClick(button(panel.get(), "startButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTrainTimeoutMs);
        const auto run = finished.at(0).at(0).value<ui::TrainingRunRecord>();
        QVERIFY2(run.result.ok, qPrintable(run.result.error));
        ml::BundleMetadata meta;
        ml::BundleCalibration calibration;
        QVERIFY(ml::ModelBundle::loadHeader(run.bundlePath, &meta, &calibration, nullptr));
        QCOMPARE(meta.model, modelName);
        QCOMPARE(meta.defaultScore, defaultScore);
        // The run restores into the form as it was trained.
        panel->setConfig(ml::TrainConfig{});
        panel->setConfig(run.config);
        QCOMPARE(panel->config().model, modelName);
        QCOMPARE(panel->config().backbonePath, run.config.backbonePath);
    }

    void cancelStopsWithinABatchAndResumeIsOffered() {
        std::unique_ptr<ui::TrainingPanel> panel(makePanel(64, 500));
        auto* bar = panel->findChild<QProgressBar*>(QStringLiteral("trainingProgress"));
        QSignalSpy started(panel.get(), &ui::TrainingPanel::trainingStarted);
        QTest::mouseClick(button(panel.get(), "startButton"), Qt::LeftButton);
        // Let one epoch finish so a checkpoint exists to resume from.
        QTRY_VERIFY_WITH_TIMEOUT(panel->findChild<ui::LossPlot*>()->validationPointCount() >= 1, kTrainTimeoutMs);
        QTest::mouseClick(button(panel.get(), "cancelButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isTraining(), 10000);
        QCOMPARE(bar->format(), QStringLiteral("cancelled"));
        QVERIFY(bar->value() < bar->maximum());
        // Listed as cancelled, so it can be found (and resumed) later.
        auto* table = panel->findChild<QTableWidget*>(QStringLiteral("runsTable"));
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 6)->text(), QStringLiteral("cancelled"));
        QVERIFY(panel->runs()[0].result.cancelled);
        QVERIFY(button(panel.get(), "resumeButton")->isEnabled());
        QVERIFY(button(panel.get(), "startButton")->isEnabled());

        // Resume continues the same run from its checkpoint, not from epoch 1.
        bar->setFormat(QString());
        QTest::mouseClick(button(panel.get(), "resumeButton"), Qt::LeftButton);
        QCOMPARE(started.count(), 2);
        const auto resumed = started.at(1).at(0).value<ml::TrainConfig>();
        QVERIFY(resumed.resume);
        QCOMPARE(resumed.bundlePath, started.at(0).at(0).value<ml::TrainConfig>().bundlePath);
        QTRY_VERIFY_WITH_TIMEOUT(bar->format().startsWith(QStringLiteral("epoch")), kTrainTimeoutMs);
        QVERIFY2(!bar->format().startsWith(QStringLiteral("epoch 1/")), qPrintable(bar->format()));
        QTest::mouseClick(button(panel.get(), "cancelButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isTraining(), 10000);
        QCOMPARE(table->rowCount(), 1);  // the resumed run is the same row, not a second one
    }

    void closingThePanelMidRunCancelsAndWaits() {
        auto* panel = makePanel(64, 500);
        auto* bar = panel->findChild<QProgressBar*>(QStringLiteral("trainingProgress"));
        QTest::mouseClick(button(panel, "startButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(bar->format().startsWith(QStringLiteral("epoch")), kTrainTimeoutMs);
        QElapsedTimer t;
        t.start();
        delete panel;  // must neither crash nor leave the thread running
        QVERIFY(t.elapsed() < 10000);
    }

    void badSettingsShowInTheBanner() {
        std::unique_ptr<ui::TrainingPanel> panel(makePanel(8, 1));
        panel->findChild<QSpinBox*>(QStringLiteral("size"))->setValue(20);  // not a multiple of 8
        QTest::mouseClick(button(panel.get(), "startButton"), Qt::LeftButton);
        auto* banner = panel->findChild<QLabel*>(QStringLiteral("warningBanner"));
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("multiple of 8")), qPrintable(banner->text()));
        QVERIFY(!panel->isTraining());
    }

    void trainerWarningsShowInTheBanner() {
        std::unique_ptr<ui::TrainingPanel> panel(makePanel(20, 1, /*withVal=*/false));
        QSignalSpy finished(panel.get(), &ui::TrainingPanel::runFinished);
        QTest::mouseClick(button(panel.get(), "startButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTrainTimeoutMs);
        auto* banner = panel->findChild<QLabel*>(QStringLiteral("warningBanner"));
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("no validation images")), qPrintable(banner->text()));
    }
};

QTEST_MAIN(TestTrainingPanel)
#include "tst_trainingpanel.moc"
