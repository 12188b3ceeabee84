#include "core/project/ProjectStore.h"
#include "core/threshold/ThresholdSession.h"
#include "ui/dataset/LabelController.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/threshold/ThresholdBinding.h"
#include "ui/window/Workspace.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace faultline;
using core::GroundTruth;
using ui::SampleTableModel;

class TestThresholdBinding : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir;

    // Ten samples; the first five normal, the rest anomalous; scores 0.0 .. 0.9 except sample 3.
    qint64 makeScoredProject(ui::Workspace& ws, const QString& name) {
        if (!ws.createProject(dir.filePath(name))) return 0;
        QVector<core::Sample> samples;
        for (int i = 0; i < 10; ++i) {
            core::Sample s;
            s.path = dir.filePath(QStringLiteral("img/%1.png").arg(i));
            s.split = i == 0 ? core::Split::Val : core::Split::Test;
            s.truth = i < 5 ? GroundTruth::Normal : GroundTruth::Anomalous;
            s.defect = i < 5 ? QStringLiteral("good") : QStringLiteral("crack");
            samples << s;
        }
        // A training image: the model has seen it, so it must not count in the metrics even
        // with a score that would be a false alarm at every threshold used below.
        core::Sample train;
        train.path = dir.filePath(QStringLiteral("img/train.png"));
        train.split = core::Split::Train;
        train.truth = GroundTruth::Normal;
        train.defect = QStringLiteral("good");
        samples << train;
        if (!ws.store()->replaceDataset(dir.path(), samples)) return 0;
        ws.openProject(ws.projectPath());
        QVector<core::RunScore> scores;
        for (const ui::SampleRow& r : ws.model()->samples())
            if (r.name == QLatin1String("img/train.png")) scores.push_back({r.id, 0.95});
            else if (r.name != QLatin1String("img/3.png")) scores.push_back({r.id, r.name.mid(4, 1).toInt() / 10.0});
        return ws.addScoredRun(QJsonObject{}, QJsonObject{}, QString(), scores);
    }

private Q_SLOTS:
    void scoresAndLabelsReachTheSession() {
        ui::Workspace ws;
        core::ThresholdSession session;
        ui::ThresholdBinding binding(&ws, &session);
        QVERIFY(makeScoredProject(ws, "a.faultline") > 0);
        // The scored test samples are judged; the unscored, the training and the validation
        // sample are not (buildEvaluationSet's rule, the one `faultline-cli evaluate` follows).
        QCOMPARE(session.sampleCount(), 8);
        QCOMPARE(binding.indexForRow(ws.model()->rowForPath(dir.filePath("img/train.png"))), -1);
        QCOMPARE(binding.indexForRow(ws.model()->rowForPath(dir.filePath("img/0.png"))), -1);
        QCOMPARE(session.scores().calibration, std::vector<double>{0.0});  // the validation normal
        session.setThreshold(0.45);
        QCOMPARE(session.metrics().counts.tp, 5);
        QCOMPARE(session.metrics().counts.tn, 3);
        QCOMPARE(session.metrics().counts.fp, 0);
        // Labelling a normal sample anomalous moves it in the confusion matrix at once.
        const int row = ws.model()->rowForPath(dir.filePath("img/4.png"));
        QVERIFY(ws.labels()->label({row}, GroundTruth::Anomalous));
        QCOMPARE(session.metrics().counts.fn, 1);
        // Clearing the label falls back to the dataset's truth.
        QVERIFY(ws.labels()->label({row}, GroundTruth::Unknown));
        QCOMPARE(session.metrics().counts.fn, 0);
        QCOMPARE(binding.rowForIndex(binding.indexForRow(row)), row);
        QCOMPARE(binding.indexForRow(ws.model()->rowForPath(dir.filePath("img/3.png"))), -1);
        // Labelling the validation sample anomalous takes it out of the calibration set.
        const int val = ws.model()->rowForPath(dir.filePath("img/0.png"));
        QVERIFY(ws.labels()->label({val}, GroundTruth::Anomalous));
        QVERIFY(session.scores().calibration.empty());
        QCOMPARE(session.threshold(), 0.45);  // the threshold stays where the user put it
        QVERIFY(ws.labels()->label({val}, GroundTruth::Unknown));
        QCOMPARE(session.scores().calibration.size(), size_t(1));
    }

    void thresholdDrivesVerdicts() {
        ui::Workspace ws;
        core::ThresholdSession session;
        ui::ThresholdBinding binding(&ws, &session);
        QVERIFY(makeScoredProject(ws, "b.faultline") > 0);
        session.setThreshold(0.65);
        QCOMPARE(ws.model()->threshold(), 0.65);
        const int row = ws.model()->rowForPath(dir.filePath("img/6.png"));
        QCOMPARE(ws.model()->verdictAt(row), SampleTableModel::Verdict::Pass);
        session.setReviewBand(0.55, 0.75, /*enabled=*/true);
        QCOMPARE(ws.model()->verdictAt(row), SampleTableModel::Verdict::Review);
        QVERIFY(ws.model()->decisionRule() == session.decisionRule());
        QCOMPARE(ws.model()->threshold(), 0.75);  // the band's upper edge is the threshold
    }

    void commitsGoToTheAuditTrailAndComeBack() {
        const QString path = dir.filePath("c.faultline");
        qint64 run = 0;
        {
            ui::Workspace ws;
            core::ThresholdSession session;
            ui::ThresholdBinding binding(&ws, &session);
            run = makeScoredProject(ws, "c.faultline");
            QVERIFY(run > 0);
            session.setThreshold(0.35);
            session.commit(QStringLiteral("first"));
            session.setReviewBand(0.3, 0.6, /*enabled=*/true);
            session.setThreshold(0.5);
            session.commit(QStringLiteral("with band"));
            const QVector<core::ThresholdCommit> trail = ws.store()->thresholds(run);
            QCOMPARE(trail.size(), 2);
            QCOMPARE(trail[0].value, 0.35);
            QCOMPARE(trail[0].note, QStringLiteral("first"));
            QCOMPARE(*trail[1].low, 0.3);
        }
        ui::Workspace ws;
        core::ThresholdSession session;
        ui::ThresholdBinding binding(&ws, &session);
        QVERIFY(ws.openProject(path));
        QCOMPARE(ws.activeRunId(), run);
        QCOMPARE(session.committedThreshold(), 0.5);   // reopening resumes at the last commit
        QCOMPARE(session.threshold(), 0.5);
        QVERIFY(session.reviewBandEnabled());
    }

    void commitWithoutARunIsRefused() {
        ui::Workspace ws;
        core::ThresholdSession session;
        ui::ThresholdBinding binding(&ws, &session);
        QVERIFY(ws.createProject(dir.filePath("d.faultline")));
        QSignalSpy errors(&binding, &ui::ThresholdBinding::errorOccurred);
        session.commit(QStringLiteral("nothing scored"));
        QCOMPARE(errors.size(), 1);
        QVERIFY(!session.hasCommittedThreshold());
    }
};

QTEST_MAIN(TestThresholdBinding)
#include "tst_thresholdbinding.moc"
