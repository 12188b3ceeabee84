#include "core/project/ProjectStore.h"
#include "core/threshold/ThresholdSession.h"
#include "core/ml/TrainConfig.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/threshold/ThresholdBinding.h"
#include "ui/training/TrainingBinding.h"
#include "ui/plot/LossPlot.h"
#include "ui/training/TrainingPanel.h"
#include "ui/window/Workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <random>

using namespace faultline;

namespace {
constexpr int kTrainTimeoutMs = 120000;  // generous: the machine is shared

// Striped 16x16 grey parts written to disk; anomalies carry a bright square.
QVector<core::Sample> writeDataset(const QString& root, int train, int val, int testPerClass) {
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> noise(-12, 12), phase(0, 3);
    QVector<core::Sample> samples;
    const auto write = [&](const QString& rel, bool anomalous, core::Split split) {
        cv::Mat img(16, 16, CV_8UC1);
        const int p = phase(rng);
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 16; ++x)
                img.at<uchar>(y, x) = cv::saturate_cast<uchar>(((y + p) / 2 % 2 ? 170 : 70) + noise(rng));
        if (anomalous) cv::rectangle(img, cv::Rect(5, 5, 6, 6), cv::Scalar(255), cv::FILLED);
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
    for (int i = 0; i < train; ++i) write(QStringLiteral("train/good/%1.png").arg(i), false, core::Split::Train);
    for (int i = 0; i < val; ++i) write(QStringLiteral("val/good/%1.png").arg(i), false, core::Split::Val);
    for (int i = 0; i < testPerClass; ++i) write(QStringLiteral("test/good/%1.png").arg(i), false, core::Split::Test);
    for (int i = 0; i < testPerClass; ++i) write(QStringLiteral("test/square/%1.png").arg(i), true, core::Split::Test);
    return samples;
}
} // namespace

class TestTrainingBinding : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir;

    bool makeProject(ui::Workspace& ws, const QString& name) {
        if (!ws.createProject(dir.filePath(name))) return false;
        QVector<core::Sample> samples;
        for (int i = 0; i < 4; ++i) {
            core::Sample s;
            s.path = dir.filePath(QStringLiteral("img/%1.png").arg(i));
            s.split = i < 2 ? core::Split::Train : core::Split::Test;
            s.truth = i == 3 ? core::GroundTruth::Anomalous : core::GroundTruth::Normal;
            samples << s;
        }
        return ws.store()->replaceDataset(dir.path(), samples) && ws.openProject(ws.projectPath());
    }

private Q_SLOTS:
    void finishedRunsAreStoredAndComeBack() {
        const QString bundle = dir.filePath("run1.flmodel");
        QFile f(bundle);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("bundle bytes");
        f.close();
        QString project;
        {
            ui::Workspace ws;
            ui::TrainingPanel panel;
            ui::TrainingBinding binding(&ws, &panel);
            QVERIFY(makeProject(ws, "a.faultline"));
            project = ws.projectPath();
            QCOMPARE(panel.runsDirectory(), ui::TrainingBinding::runsDirectoryFor(project));
            ui::TrainingRunRecord run;
            run.name = QStringLiteral("run 1");
            run.bundlePath = bundle;
            run.config.epochs = 3;
            run.config.model = QStringLiteral("vae");
            run.result.ok = true;
            run.result.bestEpoch = 2;
            run.result.history = {{1, 0.5, 0.6, 1.0}, {2, 0.4, 0.45, 1.0}};
            Q_EMIT panel.runFinished(run);
            const QVector<core::TrainingRun> stored = ws.store()->runs();
            QCOMPARE(stored.size(), 1);
            QCOMPARE(stored[0].bundlePath, bundle);
            QCOMPARE(stored[0].config.value("model").toString(), QStringLiteral("vae"));
            QCOMPARE(stored[0].result.value("history").toArray().size(), 2);
            // A failed run is not stored.
            run.result.ok = false;
            Q_EMIT panel.runFinished(run);
            QCOMPARE(ws.store()->runs().size(), 1);
        }
        ui::Workspace ws;
        ui::TrainingPanel panel;
        ui::TrainingBinding binding(&ws, &panel);
        QVERIFY(ws.openProject(project));
        QCOMPARE(panel.runs().size(), 1);
        QCOMPARE(panel.runs()[0].bundlePath, bundle);
        QCOMPARE(panel.runs()[0].config.model, QStringLiteral("vae"));
        QCOMPARE(panel.runs()[0].config.epochs, 3);
        QVERIFY(panel.runs()[0].result.ok);
        QCOMPARE(panel.runs()[0].result.history.size(), 2);
    }

    // A cancelled run is stored with the project: after a restart it is listed as cancelled,
    // Resume is offered and continues it from its checkpoint, and the finished run replaces
    // the cancelled one in the project instead of adding a second run for the same model.
    void cancelledRunComesBackAfterARestart() {
        QString project, bundle;
        {
            ui::Workspace ws;
            ui::TrainingPanel panel;
            ui::TrainingBinding binding(&ws, &panel);
            QVERIFY(ws.createProject(dir.filePath("d.faultline")));
            const QString root = dir.filePath("d-data");
            QVERIFY(ws.store()->replaceDataset(root, writeDataset(root, 64, 6, 2)));
            QVERIFY(ws.openProject(ws.projectPath()));
            project = ws.projectPath();
            panel.findChild<QSpinBox*>(QStringLiteral("size"))->setValue(16);
            panel.findChild<QSpinBox*>(QStringLiteral("epochs"))->setValue(400);
            panel.findChild<QSpinBox*>(QStringLiteral("batch"))->setValue(8);
            panel.findChild<QSpinBox*>(QStringLiteral("threads"))->setValue(2);
            QSignalSpy finished(&panel, &ui::TrainingPanel::runFinished);
            panel.startTraining();
            // One finished epoch, so there is a checkpoint to resume from.
            QTRY_VERIFY_WITH_TIMEOUT(panel.findChild<ui::LossPlot*>()->validationPointCount() >= 1, kTrainTimeoutMs);
            panel.cancelTraining();
            QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTrainTimeoutMs);
            const QVector<core::TrainingRun> stored = ws.store()->runs();
            QCOMPARE(stored.size(), 1);
            QVERIFY(stored[0].result.value("cancelled").toBool());
            QVERIFY(!stored[0].result.value("ok").toBool());
            bundle = stored[0].bundlePath;
            QVERIFY(!bundle.isEmpty());
            QCOMPARE(ws.activeRunId(), qint64(0));  // nothing to score with
        }
        ui::Workspace ws;
        ui::TrainingPanel panel;
        ui::TrainingBinding binding(&ws, &panel);
        QVERIFY(ws.openProject(project));
        QCOMPARE(panel.runs().size(), 1);
        QVERIFY(panel.runs()[0].result.cancelled);
        QVERIFY(panel.runs()[0].result.history.size() >= 1);
        QCOMPARE(panel.findChild<QTableWidget*>(QStringLiteral("runsTable"))->item(0, 6)->text(), QStringLiteral("cancelled"));
        auto* resume = panel.findChild<QPushButton*>(QStringLiteral("resumeButton"));
        QVERIFY(resume->isEnabled());

        // Resume it in this session: it continues from its checkpoint, and when it stops again
        // the same row and the same stored run are updated, no second run for the same model.
        QSignalSpy started(&panel, &ui::TrainingPanel::trainingStarted);
        QSignalSpy finished(&panel, &ui::TrainingPanel::runFinished);
        auto* loss = panel.findChild<ui::LossPlot*>();
        const int before = loss->validationPointCount();
        QTest::mouseClick(resume, Qt::LeftButton);
        QCOMPARE(started.count(), 1);
        const auto config = started[0][0].value<ml::TrainConfig>();
        QVERIFY(config.resume);
        QCOMPARE(config.bundlePath, bundle);
        QTRY_VERIFY_WITH_TIMEOUT(loss->validationPointCount() > before, kTrainTimeoutMs);  // one more epoch
        panel.cancelTraining();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTrainTimeoutMs);
        QCOMPARE(panel.runs().size(), 1);
        QCOMPARE(ws.store()->runs().size(), 1);
        QCOMPARE(ws.store()->runs()[0].bundlePath, bundle);
        QVERIFY(ws.store()->runs()[0].result.value("cancelled").toBool());
    }

    // The whole path the window takes: the panel trains, the run it activates is scored, and the
    // threshold session receives the test images to judge and the validation normals to
    // calibrate the normal-only methods (percentile, mean + k sigma, IQR) on.
    void validationNormalsReachTheSessionThroughTheTrainingPanel() {
        ui::Workspace ws;
        core::ThresholdSession session;
        ui::ThresholdBinding thresholds(&ws, &session);
        ui::TrainingPanel panel;
        ui::TrainingBinding binding(&ws, &panel);
        QVERIFY(ws.createProject(dir.filePath("c.faultline")));
        const QString root = dir.filePath("c-data");
        QVERIFY(ws.store()->replaceDataset(root, writeDataset(root, 24, 6, 6)));
        QVERIFY(ws.openProject(ws.projectPath()));
        panel.findChild<QSpinBox*>(QStringLiteral("size"))->setValue(16);
        panel.findChild<QSpinBox*>(QStringLiteral("epochs"))->setValue(1);
        panel.findChild<QSpinBox*>(QStringLiteral("batch"))->setValue(8);
        panel.findChild<QSpinBox*>(QStringLiteral("threads"))->setValue(2);
        QSignalSpy finished(&panel, &ui::TrainingPanel::runFinished);
        panel.startTraining();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTrainTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(session.sampleCount() > 0 && ws.activeRunId() > 0, kTrainTimeoutMs);
        QCOMPARE(session.sampleCount(), 12);                       // the test split
        QCOMPARE(session.scores().calibration.size(), size_t(6));  // the validation normals
        // The normal-only methods calibrate on them, not on the test normals.
        const QHash<qint64, double> stored = ws.store()->scores(ws.activeRunId());
        int valScored = 0;
        for (const ui::SampleRow& r : ws.model()->samples())
            valScored += r.split == core::Split::Val && stored.contains(r.id);
        QCOMPARE(valScored, 6);
    }

    // The panel asks; the workspace scores with the stored run's bundle. A bundle that cannot
    // be loaded is reported in the panel's banner, names the file, and changes no scores.
    void aBrokenBundleIsReportedAndChangesNothing() {
        ui::Workspace ws;
        ui::TrainingPanel panel;
        ui::TrainingBinding binding(&ws, &panel);
        QVERIFY(makeProject(ws, "b.faultline"));
        const QString bundle = dir.filePath("run2.flmodel");
        QFile f(bundle);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a bundle");
        f.close();
        const qint64 run = ws.store()->addRun(ml::trainConfigToJson({}), bundle);
        ui::TrainingRunRecord record;
        record.name = QStringLiteral("run 2");
        record.bundlePath = bundle;
        record.result.ok = true;
        panel.addRun(record);
        QSignalSpy finished(&ws, &ui::Workspace::scoringFinished);
        panel.activateRun(0);  // "Use selected run"
        QVERIFY(ws.isScoring());
        QVERIFY(panel.isScoring());
        QVERIFY(finished.wait(30000));
        QVERIFY(!finished[0][0].toBool());
        QVERIFY(!panel.isScoring());
        auto* banner = panel.findChild<QLabel*>(QStringLiteral("warningBanner"));
        QVERIFY2(banner->text().contains(QStringLiteral("run2.flmodel")), qPrintable(banner->text()));
        QCOMPARE(ws.activeRunId(), qint64(0));
        QVERIFY(ws.store()->scores(run).isEmpty());
        QCOMPARE(ws.store()->runs().size(), 1);  // no second run for the same bundle
    }
};

QTEST_MAIN(TestTrainingBinding)
#include "tst_trainingbinding.moc"
