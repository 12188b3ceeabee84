// File > Export Model with Threshold: the active run's bundle goes out with the threshold the
// user committed in the threshold panel, and without a run or a commit the user is told why.
#include "core/ThresholdSession.h"
#include "core/ml/ModelBundle.h"
#include "ui/MainWindow.h"
#include "ui/ThresholdPanel.h"
#include "ui/Workspace.h"

#include <QDockWidget>
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
// MVTec layout: 20 train normals (enough for a validation split), 3 test normals, 3 scratches.
QString makeDataset(const QString& root) {
    auto write = [&](const QString& rel, int shade, bool scratch) {
        QDir().mkpath(QFileInfo(root + '/' + rel).absolutePath());
        QImage img(32, 32, QImage::Format_Grayscale8);
        for (int y = 0; y < 32; ++y) {
            uchar* line = img.scanLine(y);
            for (int x = 0; x < 32; ++x) line[x] = uchar(shade + (x % 8) * 8);  // vertical stripes
            if (scratch && y == 16)
                for (int x = 4; x < 28; ++x) line[x] = 255;
        }
        img.save(root + '/' + rel);
    };
    for (int i = 0; i < 20; ++i) write(QStringLiteral("train/good/%1.png").arg(i, 3, 10, QLatin1Char('0')), 80 + i, false);
    for (int i = 0; i < 3; ++i) write(QStringLiteral("test/good/%1.png").arg(i, 3, 10, QLatin1Char('0')), 90 + i, false);
    for (int i = 0; i < 3; ++i) write(QStringLiteral("test/scratch/%1.png").arg(i, 3, 10, QLatin1Char('0')), 90, true);
    return root;
}

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

    void importAndWait(MainWindow& w) {
        QSignalSpy done(w.workspace(), &ui::Workspace::importFinished);
        QVERIFY(w.openPath(dataset));
        QVERIFY(done.wait(20000));
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FaultlineTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_modelexport"));
        QDir(ui::Workspace::dataFolder()).removeRecursively();
        dataset = makeDataset(tmp.filePath(QStringLiteral("bottle")));
        bundle = tmp.filePath(QStringLiteral("model.flmodel"));
        QProcess train;
        train.start(QStringLiteral(FAULTLINE_CLI_PATH),
                    {"train", "--data", dataset, "--out", bundle, "--size", "16", "--epochs", "1", "--batch", "8",
                     "--threads", "2", "--device", "cpu", "--val-fraction", "0.2"});
        QVERIFY(train.waitForFinished(120000));
        QVERIFY2(train.exitCode() == 0, train.readAllStandardError().constData());
    }
    void init() { QDir(ui::Workspace::dataFolder()).removeRecursively(); }

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
        QCOMPARE(cal.threshold, threshold);
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
};

QTEST_MAIN(TestModelExport)
#include "tst_modelexport.moc"
