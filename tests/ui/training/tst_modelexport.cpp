// File > Export Model with Threshold: the active run's bundle goes out with the threshold the
// user committed in the threshold panel, and without a run or a commit the user is told why.
// The exported bundle then goes through faultline-cli score, whose verdicts must be the
// window's verdicts.
#include "core/threshold/ThresholdMethods.h"
#include "core/threshold/ThresholdSession.h"
#include "core/ml/ModelBundle.h"
#include "tests/ui/IsolatedAppData.h"
#include "tests/ui/ScratchProject.h"
#include "ui/window/MainWindow.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/threshold/ThresholdPanel.h"
#include "ui/window/Workspace.h"

#include "tests/cli/CliRun.h"

#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace faultline;
using ui::MainWindow;

namespace {
QAction* findAction(const MainWindow& w, const QString& text) {
    for (QAction* a : w.menuBar()->findChildren<QAction*>())
        if (a->text() == text) return a;
    return nullptr;
}
} // namespace

class TestModelExport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp;
    QString dataset, bundle;

    void scoreAndWait(MainWindow& w) {
        QSignalSpy scored(w.workspace(), &ui::Workspace::scoringFinished);
        QVERIFY(w.scoreWithBundle(bundle));
        QVERIFY(scored.wait(60000));
        QVERIFY2(scored[0][0].toBool(), qPrintable(scored[0][1].toString()));
        QVERIFY(w.workspace()->activeRunId() > 0);
    }

    void commitFromPanel(MainWindow& w, const QString& text) {
        w.dock(MainWindow::Panel::Threshold)->show();
        ui::ThresholdPanel* panel = w.thresholdPanel();
        auto* note = panel->findChild<QLineEdit*>(QStringLiteral("commitNote"));
        auto* commit = panel->findChild<QPushButton*>(QStringLiteral("commitButton"));
        QVERIFY(note && commit);
        note->clear();
        QTest::keyClicks(note, text);
        const qint64 run = w.workspace()->activeRunId();
        QTest::mouseClick(commit, Qt::LeftButton);
        QTRY_VERIFY(w.workspace()->store()->latestThreshold(run).has_value()
                    && w.workspace()->store()->latestThreshold(run)->note == text);
    }

    void importAndWait(MainWindow& w) {
        QSignalSpy done(w.workspace(), &ui::Workspace::importFinished);
        QVERIFY(w.openPath(dataset));
        QVERIFY(done.wait(20000));
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
    }

private Q_SLOTS:
    void initTestCase() {
        testing::isolateAppData(QStringLiteral("tst_modelexport"));
        dataset = testing::makeScratchDataset(tmp.filePath(QStringLiteral("bottle")));
        bundle = tmp.filePath(QStringLiteral("model.flmodel"));
        testing::trainScratchBundle(dataset, bundle);
    }
    void init() { QDir(ui::Workspace::dataFolder()).removeRecursively(); }

    // Score with Model Bundle on a bundle whose calibration (the committed threshold's section)
    // has one flipped bit: refused by name before any image is scored, no run is created.
    void damagedCalibrationIsRefusedWhenScoring() {
        MainWindow w;
        w.show();
        importAndWait(w);
        QFile in(bundle);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray bytes = in.readAll();
        const qsizetype at = bytes.indexOf("\"mean\":");
        QVERIFY(at > 0);
        const qsizetype digit = at + qsizetype(qstrlen("\"mean\":")) + 2;
        bytes[digit] = char(bytes[digit] ^ 0x01); // still a digit, still valid JSON: only the checksum can tell
        const QString damaged = tmp.filePath(QStringLiteral("damaged-calibration.flmodel"));
        QFile out(damaged);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size());
        out.close();

        const qint64 runBefore = w.workspace()->activeRunId();
        QSignalSpy scored(w.workspace(), &ui::Workspace::scoringFinished);
        QVERIFY(w.scoreWithBundle(damaged));
        QVERIFY(scored.wait(60000));
        QVERIFY(!scored[0][0].toBool());
        const QString error = scored[0][1].toString();
        QVERIFY2(error.contains(damaged) && error.contains(QLatin1String("checksum mismatch")), qPrintable(error));
        QCOMPARE(w.workspace()->activeRunId(), runBefore);
    }

    // Scored with no threshold committed yet: the threshold starts at the 99th percentile of the
    // validation normals (not an arbitrary 0.5), and the panel says which method set it.
    void scoringAppliesTheNormalOnlyDefault() {
        MainWindow w;
        w.show();
        importAndWait(w);
        scoreAndWait(w);
        core::ThresholdSession* session = w.thresholdSession();
        QVERIFY(!session->scores().calibration.empty());
        core::ThresholdSpec spec;
        QVERIFY(core::parseThresholdSpec(QStringLiteral("percentile:99"), &spec, nullptr));
        core::ThresholdInputs inputs;
        inputs.normalValidation = session->scores().calibration;
        const core::ThresholdResult expected = core::computeThreshold(spec, inputs);
        QVERIFY2(expected.defined, qPrintable(expected.explanation));
        QCOMPARE(session->threshold(), expected.value);
        auto* explanation = w.thresholdPanel()->findChild<QLabel*>(QStringLiteral("methodExplanation"));
        QVERIFY(explanation);
        QVERIFY2(explanation->text().contains(QLatin1String("99th percentile of the validation normals")),
                 qPrintable(explanation->text()));
        // The verdicts follow it: the model's rule is the session's.
        QCOMPARE(w.workspace()->model()->decisionRule().threshold(), expected.value);
    }

    void withoutAnActiveRunItIsRefused() {
        MainWindow w;
        w.show();
        QVERIFY(findAction(w, MainWindow::tr("Export &Model with Threshold…")));
        const QString out = tmp.filePath(QStringLiteral("none.flmodel"));
        QVERIFY(!w.exportModelBundle(out));
        QVERIFY2(w.lastError().contains(QLatin1String("no active run")), qPrintable(w.lastError()));
        importAndWait(w);
        QVERIFY(!w.exportModelBundle(out));
        QVERIFY2(w.lastError().contains(QLatin1String("no active run")), qPrintable(w.lastError()));
        QVERIFY(!QFile::exists(out));
    }

    void exportCarriesTheCommittedThreshold() {
        MainWindow w;
        w.show();
        importAndWait(w);
        QSignalSpy scored(w.workspace(), &ui::Workspace::scoringFinished);
        QVERIFY(w.scoreWithBundle(bundle));
        QVERIFY(scored.wait(60000));
        QVERIFY2(scored[0][0].toBool(), qPrintable(scored[0][1].toString()));
        QVERIFY(w.workspace()->activeRunId() > 0);

        // Scored but nothing committed yet: the user is told to commit first.
        const QString out = tmp.filePath(QStringLiteral("export/line3.flmodel"));
        QDir().mkpath(QFileInfo(out).absolutePath());
        QVERIFY(!w.exportModelBundle(out));
        QVERIFY2(w.lastError().contains(QLatin1String("no committed threshold")), qPrintable(w.lastError()));
        QVERIFY(!QFile::exists(out));

        // Commit with a review band from the threshold panel, the way a person does.
        core::ThresholdSession* session = w.thresholdSession();
        const double threshold = session->threshold() * 1.01 + 1e-3;
        session->setThreshold(threshold);
        session->setReviewBand(threshold * 0.9, threshold * 1.1, /*enabled=*/true);
        QCOMPARE(session->threshold(), threshold * 1.1);  // the band's upper edge is the threshold
        w.dock(MainWindow::Panel::Threshold)->show();
        ui::ThresholdPanel* panel = w.thresholdPanel();
        auto* note = panel->findChild<QLineEdit*>(QStringLiteral("commitNote"));
        auto* commit = panel->findChild<QPushButton*>(QStringLiteral("commitButton"));
        QVERIFY(note && commit);
        QTest::keyClicks(note, QStringLiteral("line 3 sign-off"));
        QTest::mouseClick(commit, Qt::LeftButton);
        QTRY_VERIFY(w.workspace()->store()->latestThreshold(w.workspace()->activeRunId()).has_value());

        QVERIFY2(w.exportModelBundle(out), qPrintable(w.lastError()));
        QVERIFY(!QFile::exists(out + QStringLiteral(".tmp")));
        ml::ModelBundle exported, original;
        QString error;
        QVERIFY2(ml::ModelBundle::load(out, &exported, &error), qPrintable(error));
        QVERIFY(ml::ModelBundle::load(bundle, &original, &error));
        const ml::BundleCalibration& cal = exported.calibration;
        QVERIFY(cal.hasThreshold());
        QCOMPARE(cal.threshold, threshold * 1.1);
        QVERIFY(cal.hasReviewBand());
        QCOMPARE(cal.reviewLow, threshold * 0.9);
        QCOMPARE(cal.reviewHigh, threshold * 1.1);
        QCOMPARE(cal.thresholdNote, QStringLiteral("line 3 sign-off"));
        QCOMPARE(cal.thresholdSource, QStringLiteral("manual"));
        QCOMPARE(cal.thresholdMethod, original.metadata.defaultScore);
        const QDateTime when = QDateTime::fromString(cal.thresholdCommitted, Qt::ISODate);
        QVERIFY2(when.isValid() && qAbs(when.secsTo(QDateTime::currentDateTimeUtc())) < 600, qPrintable(cal.thresholdCommitted));
        QCOMPARE(exported.weights, original.weights);
        QCOMPARE(exported.features, original.features);
        QCOMPARE(exported.calibration.methods.size(), original.calibration.methods.size());
        // The source bundle the run points at is left as it was.
        QVERIFY(!original.calibration.hasThreshold());

        // A later commit without a band is what the next export carries.
        session->setReviewBand(threshold * 0.9, threshold * 1.1, /*enabled=*/false);
        session->setThreshold(threshold * 2);
        note->clear();
        QTest::keyClicks(note, QStringLiteral("stricter"));
        QTest::mouseClick(commit, Qt::LeftButton);
        QTRY_COMPARE(w.workspace()->store()->latestThreshold(w.workspace()->activeRunId())->value, threshold * 2);
        QVERIFY2(w.exportModelBundle(out), qPrintable(w.lastError()));
        ml::BundleMetadata meta;
        ml::BundleCalibration again;
        QVERIFY(ml::ModelBundle::loadHeader(out, &meta, &again, &error));
        QCOMPARE(again.threshold, threshold * 2);
        QVERIFY(!again.hasReviewBand());
        QCOMPARE(again.thresholdNote, QStringLiteral("stricter"));
    }

    // The whole path a quality engineer takes: score in the window, commit a threshold with a
    // review band, export, score the dataset with faultline-cli on the line. Every CSV row's
    // verdict must follow the committed threshold and band, and be what the window showed.
    void cliVerdictsFollowTheExportedThreshold() {
        MainWindow w;
        w.show();
        importAndWait(w);
        scoreAndWait(w);

        // Threshold and band edges halfway between neighbouring distinct scores (images the
        // model was fitted on may tie at one score), so every sample has a clear verdict.
        ui::SampleTableModel* model = w.workspace()->model();
        QHash<QString, double> windowScore;
        std::vector<double> distinct;
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex i = model->index(row, 0);
            const QVariant score = i.data(ui::SampleTableModel::ScoreRole);
            QVERIFY2(score.isValid(), qPrintable(i.data(ui::SampleTableModel::NameRole).toString()));
            windowScore.insert(i.data(ui::SampleTableModel::NameRole).toString(), score.toDouble());
            distinct.push_back(score.toDouble());
        }
        QCOMPARE(windowScore.size(), 26);
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        const size_t d = distinct.size();
        QVERIFY2(d >= 4, qPrintable(QString::number(d)));
        const auto between = [&](size_t k) { return (distinct[k - 1] + distinct[k]) / 2.0; };
        const double low = between(1), threshold = between(d / 2), high = between(d - 1);
        QVERIFY(low < threshold && threshold < high);
        QMap<QString, int> expectedCounts;
        for (double score : windowScore)
            ++expectedCounts[score >= high ? QStringLiteral("fail") : score < low ? QStringLiteral("pass") : QStringLiteral("review")];
        core::ThresholdSession* session = w.thresholdSession();
        session->setThreshold(threshold);
        session->setReviewBand(low, high, /*enabled=*/true);
        commitFromPanel(w, QStringLiteral("cli check"));

        const QString out = tmp.filePath(QStringLiteral("line/cli.flmodel"));
        QDir().mkpath(QFileInfo(out).absolutePath());
        QVERIFY2(w.exportModelBundle(out), qPrintable(w.lastError()));

        const QString csv = tmp.filePath(QStringLiteral("line/verdicts.csv"));
        const testing::CliRun run = testing::runCli({"score", "--model", out, "--data", dataset, "--out", csv, "--json"});
        QVERIFY2(run.code == 0, run.err.constData());
        const QJsonObject summary = run.json().value("threshold").toObject();
        QCOMPARE(summary.value("value").toDouble(), high);  // with the band on, its upper edge is the threshold
        QCOMPARE(summary.value("origin").toString(), QStringLiteral("bundle"));
        QCOMPARE(summary.value("note").toString(), QStringLiteral("cli check"));

        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.value(0).split(','), (QList<QByteArray>{"path", "split", "defect", "label", "score", "verdict"}));
        QCOMPARE(lines.size() - 1, windowScore.size());
        QMap<QString, int> counts;
        for (const QByteArray& line : lines.mid(1)) {
            const QList<QByteArray> cells = line.split(',');
            QCOMPARE(cells.size(), 6);
            const QString path = QString::fromUtf8(cells[0]);
            const double score = cells[4].toDouble();
            const QString verdict = QString::fromLatin1(cells[5]);
            const QString expected = score >= high ? QStringLiteral("fail")
                                     : score < low ? QStringLiteral("pass")
                                                   : QStringLiteral("review");
            QVERIFY2(verdict == expected, qPrintable(path + ": " + verdict + " at score " + QString::number(score)));
            // Same bundle, same images: the line scores what the window scored, so the verdict
            // on the line is the one the engineer signed off.
            QVERIFY2(windowScore.contains(path), qPrintable(path));
            QVERIFY2(qAbs(windowScore.value(path) - score) <= 1e-5 * qMax(1.0, qAbs(score)),
                     qPrintable(path + QStringLiteral(": window %1, cli %2").arg(windowScore.value(path)).arg(score)));
            const core::Verdict inWindow = session->decisionRule().verdict(windowScore.value(path));
            const QString windowVerdict = inWindow == core::Verdict::Fail     ? QStringLiteral("fail")
                                          : inWindow == core::Verdict::Review ? QStringLiteral("review")
                                                                              : QStringLiteral("pass");
            QCOMPARE(verdict, windowVerdict);
            ++counts[verdict];
        }
        QCOMPARE(counts, expectedCounts);
        for (const QString& verdict : {QStringLiteral("pass"), QStringLiteral("review"), QStringLiteral("fail")})
            QVERIFY2(counts.value(verdict) > 0, qPrintable(verdict));  // all three rules were exercised
    }
};

QTEST_MAIN(TestModelExport)
#include "tst_modelexport.moc"
