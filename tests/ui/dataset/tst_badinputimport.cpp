// The bad-input corpus (tests/BadInputCorpus.h, the same files faultline-cli is tested with)
// dropped onto the workbench window: every bad file is shown to the user with its name and the
// reason, the good images are imported, and nothing crashes.
#include "tests/BadInputCorpus.h"

#include "tests/ui/IsolatedAppData.h"
#include "ui/dataset/DatasetBrowser.h"
#include "ui/window/MainWindow.h"
#include "ui/dataset/SampleFilterProxy.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/window/Workspace.h"

#include <QDropEvent>
#include <QMessageBox>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace faultline;
using namespace faultline::testing;
using ui::MainWindow;

class TestBadInputImport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase() {
        testing::isolateAppData(QStringLiteral("tst_badinputimport"));
        QVERIFY(m_tmp.isValid());
    }

    void droppedCorpusNamesEveryBadFile() {
        const QString root = m_tmp.filePath(QStringLiteral("corpus"));
        const QStringList good = writeGoodFiles(root);
        const QVector<BadFile> bad = badImageFiles();
        for (const BadFile& f : bad) QVERIFY2(writeBadFile(root, f), qPrintable(f.file));
        // Passes the header check (nothing is decoded at import), so it is imported like a good one.
        QVERIFY(writeBytes(root + QStringLiteral("/normal/damaged.png"), pngCorruptData()));

        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        // The same path a person takes: drag the folder onto the window and drop it.
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(root)});
        const QPoint pos = w.rect().center();
        QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy done(w.workspace(), &ui::Workspace::importFinished);
        QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &drop);
        QVERIFY(done.wait(30000));
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));

        // The good images and the one only decoding can reject are in the project.
        QCOMPARE(w.workspace()->model()->rowCount(), good.size() + 1);
        QCOMPARE(w.workspace()->lastImport().problems.size(), bad.size());

        // What the user sees: a message listing each left-out file with its reason.
        QMessageBox* shown = nullptr;
        for (QMessageBox* box : w.findChildren<QMessageBox*>(QStringLiteral("errorMessage")))
            if (box->isVisible()) shown = box;
        QVERIFY(shown);
        const QString text = shown->text();
        QVERIFY2(text.contains(QStringLiteral("left out")), qPrintable(text));
        for (const BadFile& f : bad) {
            const QString line = QStringLiteral("%1/%2: ").arg(QFileInfo(root).absoluteFilePath(), f.file);
            const qsizetype at = text.indexOf(line);
            QVERIFY2(at >= 0, qPrintable(QStringLiteral("%1 not listed in:\n%2").arg(f.file, text)));
            QVERIFY2(text.mid(at + line.size()).section(QLatin1Char('\n'), 0, 0).contains(f.reason),
                     qPrintable(QStringLiteral("%1: reason '%2' missing in:\n%3").arg(f.file, f.reason, text)));
        }
        // The window goes on to show the imported images.
        QCOMPARE(w.browser()->proxy()->rowCount(), good.size() + 1);
    }

    // The workbench opens projects, scores CSVs and model bundles through the same readers as
    // faultline-cli: a named pipe is refused by name instead of blocking the window forever.
    void namedPipesAreRefused() {
        const QString pipe = m_tmp.filePath(QStringLiteral("pipe.faultline"));
        QVERIFY(::mkfifo(QFile::encodeName(pipe).constData(), 0600) == 0);
        ui::Workspace project;
        QVERIFY(!project.openProject(pipe));
        QVERIFY2(project.lastError().contains(pipe) && project.lastError().contains(QStringLiteral("named pipe")),
                 qPrintable(project.lastError()));

        ui::Workspace ws;
        const QString root = m_tmp.filePath(QStringLiteral("pipes-data"));
        writeGoodFiles(root);
        QVERIFY(ws.createProject(m_tmp.filePath(QStringLiteral("pipes.faultline"))));
        QSignalSpy imported(&ws, &ui::Workspace::importFinished);
        QVERIFY(ws.startImport(root));
        QVERIFY(imported.wait(30000));
        QVERIFY2(imported[0][0].toBool(), qPrintable(imported[0][1].toString()));

        QCOMPARE(ws.importScoresCsv(pipe), qint64(0));
        QVERIFY2(ws.lastError().contains(QStringLiteral("named pipe")), qPrintable(ws.lastError()));

        QSignalSpy scored(&ws, &ui::Workspace::scoringFinished);
        QVERIFY(ws.startScoring(pipe));
        QVERIFY(scored.wait(30000));
        QVERIFY(!scored[0][0].toBool());
        QVERIFY2(scored[0][1].toString().contains(QStringLiteral("named pipe")), qPrintable(scored[0][1].toString()));
    }

    // Exporting scores into the dataset folder or onto the open project is refused before writing.
    void exportIntoTheDatasetIsRefused() {
        ui::Workspace ws;
        const QString root = m_tmp.filePath(QStringLiteral("export-data"));
        writeGoodFiles(root);
        const QString projectPath = m_tmp.filePath(QStringLiteral("export.faultline"));
        QVERIFY(ws.createProject(projectPath));
        QSignalSpy imported(&ws, &ui::Workspace::importFinished);
        QVERIFY(ws.startImport(root));
        QVERIFY(imported.wait(30000));
        const QString image = root + QStringLiteral("/normal/g0.png");
        const QByteArray before = [&] { QFile f(image); f.open(QIODevice::ReadOnly); return f.readAll(); }();
        QVERIFY(!ws.exportCsv(image));
        QVERIFY2(ws.lastError().contains(QStringLiteral("lies inside the project's dataset folder")), qPrintable(ws.lastError()));
        QFile after(image);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), before);
        QVERIFY(!ws.exportCsv(projectPath));
        QVERIFY2(ws.lastError().contains(QStringLiteral("is the open project")), qPrintable(ws.lastError()));
        QVERIFY(ws.exportCsv(m_tmp.filePath(QStringLiteral("export.csv"))));
    }
};

QTEST_MAIN(TestBadInputImport)
#include "tst_badinputimport.moc"
