// faultline: the workbench window. Wiring only.
//   faultline            opens the last project, or offers the demo
//   faultline --demo     generates the demo dataset into the user's data folder and opens it
//   faultline PATH       opens a project file or imports a dataset folder
#include "core/ml/DeviceSelect.h"
#include "core/threshold/ThresholdSession.h"
#include "ui/dataset/DatasetBrowser.h"
#include "ui/inspection/InspectionView.h"
#include "ui/methods/MethodsBinding.h"
#include "ui/window/MainWindow.h"
#include "ui/window/RecentProjects.h"
#include "ui/dataset/SampleTableModel.h"
#include "ui/window/Theme.h"
#include "ui/window/Workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QSettings>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>
#include <functional>

using namespace faultline;
using namespace faultline::ui;

namespace {
constexpr int kScreenshotSettleMs = 6000;  // let thumbnails and the inspection arrive before grabbing
constexpr int kIdlePollMs = 100;

// Runs `then` once the window has no background task left (import, demo, scoring).
void whenIdle(MainWindow* window, std::function<void()> then) {
    Workspace* ws = window->workspace();
    if (!ws->isBusy()) {
        then();
        return;
    }
    auto* timer = new QTimer(window);
    QObject::connect(timer, &QTimer::timeout, window, [ws, timer, then] {
        if (ws->isBusy()) return;
        timer->deleteLater();
        then();
    });
    timer->start(kIdlePollMs);
}

// Hidden: grab the window into a PNG once everything is loaded, then quit (docs screenshots).
void grabAndQuit(MainWindow* window, const QString& file, int settleMs) {
    QTimer::singleShot(settleMs, window, [window, file] {
        const bool ok = window->grab().save(file);
        QApplication::exit(ok ? 0 : 3);
    });
}
} // namespace

int main(int argc, char* argv[]) {
    QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("faultline"));
    QApplication::setOrganizationName(QStringLiteral("Faultline"));
    QApplication::setApplicationDisplayName(QStringLiteral("Faultline"));
    QApplication::setApplicationVersion(QStringLiteral(FAULTLINE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.faultline.Faultline"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Image anomaly detection workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Generate the demo dataset and open it."));
    const QCommandLineOption theme(QStringLiteral("theme"), QStringLiteral("light or dark."), QStringLiteral("name"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save the window as PNG and quit."),
                                  QStringLiteral("file"));
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    const QCommandLineOption score(QStringLiteral("score"),
                                   QStringLiteral("Score the opened project with this model bundle."),
                                   QStringLiteral("bundle"));
    QCommandLineOption select(QStringLiteral("select"), QStringLiteral("Sample row to select."), QStringLiteral("row"));
    select.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption threshold(QStringLiteral("threshold"), QStringLiteral("Threshold to show."), QStringLiteral("value"));
    threshold.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption table(QStringLiteral("table"), QStringLiteral("Show the table view."));
    table.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption size(QStringLiteral("window-size"), QStringLiteral("WIDTHxHEIGHT"), QStringLiteral("size"));
    size.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption pane(QStringLiteral("pane"), QStringLiteral("Inspection pane: 1-4."), QStringLiteral("n"));
    pane.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption training(QStringLiteral("training"), QStringLiteral("Show the training panel."));
    training.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption methods(QStringLiteral("methods"), QStringLiteral("Show the methods panel and compare."));
    methods.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption settle(QStringLiteral("settle"), QStringLiteral("Milliseconds before the screenshot."), QStringLiteral("ms"));
    settle.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption checkSet(QStringLiteral("check-training-set"),
                                QStringLiteral("Check the training set with the active run after scoring."));
    checkSet.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({demo, theme, score, screenshot, select, threshold, table, size, pane, training, methods, settle, checkSet});
    parser.addPositionalArgument(QStringLiteral("path"), QStringLiteral("A project file or a dataset folder."),
                                 QStringLiteral("[path]"));
    parser.process(app);

    applyTheme(parseTheme(parser.isSet(theme) ? parser.value(theme) : QSettings().value(QStringLiteral("theme")).toString()));
    MainWindow window;
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
    }
    window.setDeviceDescription(ml::describeDevice(ml::DeviceChoice::Auto, /*threads=*/0));
    window.show();

    const QStringList args = parser.positionalArguments();
    if (parser.isSet(demo)) {
        window.openDemo();
    } else if (!args.isEmpty()) {
        window.openPath(args.first());
    } else if (const QString last = RecentProjects::last(); !last.isEmpty()) {
        window.openProject(last);   // a damaged last project shows its error and the welcome page
    }
    // The demo and imports run in the background: the steps below wait for them.
    const auto present = [&] {
        if (parser.isSet(threshold)) window.thresholdSession()->setThreshold(parser.value(threshold).toDouble());
        if (parser.isSet(table)) window.browser()->viewTabs()->setCurrentIndex(1);
        if (parser.isSet(select)) window.browser()->setCurrentSourceRow(parser.value(select).toInt());
        else if (parser.isSet(checkSet)) window.browser()->moveCurrent(1);  // the most suspect image
        if (parser.isSet(pane))
            window.inspectionView()->setCurrentPane(InspectionView::Pane(std::clamp(parser.value(pane).toInt(), 1, 4) - 1));
        if (parser.isSet(training)) window.dock(MainWindow::Panel::Training)->raise();
        if (parser.isSet(methods)) {
            window.dock(MainWindow::Panel::Methods)->raise();
            window.methodsBinding()->compare(/*everyModel=*/false);
        }
        if (parser.isSet(screenshot))
            grabAndQuit(&window, parser.value(screenshot),
                        parser.isSet(settle) ? parser.value(settle).toInt() : kScreenshotSettleMs);
    };
    QTimer::singleShot(0, &window, [&] {
        whenIdle(&window, [&] {
            if (parser.isSet(score)) window.scoreWithBundle(parser.value(score));
            whenIdle(&window, [&] {
                if (parser.isSet(checkSet)) window.checkTrainingSet();
                whenIdle(&window, present);
            });
        });
    });
    return app.exec();
}
