// faultline: the workbench window. Wiring only.
//   faultline            opens the last project, or offers the demo
//   faultline --demo     generates the demo dataset into the user's data folder and opens it
//   faultline PATH       opens a project file or imports a dataset folder
#include "core/ml/DeviceSelect.h"
#include "ui/MainWindow.h"
#include "ui/RecentProjects.h"
#include "ui/SampleTableModel.h"
#include "ui/Theme.h"
#include "ui/Workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

using namespace faultline;
using namespace faultline::ui;

namespace {
constexpr int kScreenshotSettleMs = 1500;  // let thumbnails arrive before grabbing

// Hidden: grab the window into a PNG once the project is loaded, then quit (docs screenshots).
void scheduleScreenshot(MainWindow* window, const QString& file) {
    auto grab = [window, file] {
        QTimer::singleShot(kScreenshotSettleMs, window, [window, file] {
            const bool ok = window->grab().save(file);
            QApplication::exit(ok ? 0 : 3);
        });
    };
    if (window->workspace()->isImporting())
        QObject::connect(window->workspace(), &Workspace::importFinished, window, grab, Qt::SingleShotConnection);
    else
        grab();
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
    QCommandLineOption size(QStringLiteral("window-size"), QStringLiteral("WIDTHxHEIGHT"), QStringLiteral("size"));
    size.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({demo, theme, screenshot, size});
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
    if (parser.isSet(screenshot)) {
        if (parser.isSet(demo))
            QObject::connect(window.workspace(), &Workspace::demoReady, &window,
                             [&window, file = parser.value(screenshot)] { scheduleScreenshot(&window, file); },
                             Qt::SingleShotConnection);
        else
            scheduleScreenshot(&window, parser.value(screenshot));
    }
    return app.exec();
}
