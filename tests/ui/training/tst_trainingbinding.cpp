#include "core/project/ProjectStore.h"
#include "core/ml/TrainConfig.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/training/ScoringJob.h"
#include "ui/training/TrainingBinding.h"
#include "ui/training/TrainingPanel.h"
#include "ui/window/Workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace faultline;

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

    void scoresOfTheActivatedRunBecomeTheActiveRun() {
        ui::Workspace ws;
        ui::TrainingPanel panel;
        ui::TrainingBinding binding(&ws, &panel);
        QVERIFY(makeProject(ws, "b.faultline"));
        const QString bundle = dir.filePath("run2.flmodel");
        const qint64 run = ws.store()->addRun(ml::trainConfigToJson({}), bundle);
        Q_EMIT panel.activeRunChanged(0, bundle);
        ui::ScoringResult result;
        result.ok = true;
        result.scores.scores = {0.2, 0.9};   // the two test samples, rows 2 and 3
        result.sampleIndex = {2, 3};
        Q_EMIT panel.scoringFinished(result);
        QCOMPARE(ws.activeRunId(), run);
        QCOMPARE(ws.model()->sampleAt(3).score, 0.9);
        QVERIFY(std::isnan(ws.model()->sampleAt(0).score));
        QCOMPARE(ws.store()->scores(run).size(), 2);
    }
};

QTEST_MAIN(TestTrainingBinding)
#include "tst_trainingbinding.moc"
