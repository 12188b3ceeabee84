#pragma once
// The small project the window tests score: an MVTec layout of 32 x 32 stripes (20 train normals,
// enough for a validation split; 3 test normals; 3 test images with a bright scratch), a tiny
// `ae` bundle trained on it by faultline-cli, and the window opened on it and scored.

#include "ui/window/MainWindow.h"
#include "ui/window/Workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QSignalSpy>
#include <QtTest>

namespace faultline::testing {

inline QString makeScratchDataset(const QString& root) {
    auto write = [&](const QString& rel, int shade, bool scratch) {
        QDir().mkpath(QFileInfo(root + '/' + rel).absolutePath());
        QImage img(32, 32, QImage::Format_Grayscale8);
        // Vertical stripes with a little texture of their own per image, so the validation
        // normals' scores have a spread to calibrate on.
        const uint seed = qHash(rel);
        for (int y = 0; y < 32; ++y) {
            uchar* line = img.scanLine(y);
            for (int x = 0; x < 32; ++x) line[x] = uchar(shade + (x % 8) * 8 + (x * 7 + y * 13 + seed) % 6);
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

// faultline-cli train, 16 px, one epoch; QVERIFY fails the calling test when it does not succeed.
inline void trainScratchBundle(const QString& dataset, const QString& bundle) {
    QProcess train;
    train.start(QStringLiteral(FAULTLINE_CLI_PATH),
                {"train", "--data", dataset, "--out", bundle, "--size", "16", "--epochs", "1", "--batch", "8",
                 "--threads", "2", "--device", "cpu", "--val-fraction", "0.2"});
    QVERIFY(train.waitForFinished(120000));
    QVERIFY2(train.exitCode() == 0, train.readAllStandardError().constData());
}

// Opens the dataset in the window (a new project) and scores it with the bundle: the active run.
inline void openAndScore(ui::MainWindow& w, const QString& dataset, const QString& bundle) {
    QSignalSpy imported(w.workspace(), &ui::Workspace::importFinished);
    QVERIFY(w.openPath(dataset));
    QVERIFY(imported.wait(20000));
    QVERIFY2(imported[0][0].toBool(), qPrintable(imported[0][1].toString()));
    QSignalSpy scored(w.workspace(), &ui::Workspace::scoringFinished);
    QVERIFY(w.scoreWithBundle(bundle));
    QVERIFY(scored.wait(60000));
    QVERIFY2(scored[0][0].toBool(), qPrintable(scored[0][1].toString()));
    QVERIFY(w.workspace()->activeRunId() > 0);
}

} // namespace faultline::testing
