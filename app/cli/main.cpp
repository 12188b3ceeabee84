// faultline-cli: dispatches to the self-registered subcommands.
#include "CliCommand.h"
#include "CliContext.h"
#include "MlCommands.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>

#include <algorithm>
#include <map>
#include <new>

using namespace faultline::cli;

namespace {

void printUsage(QTextStream& s, const std::map<QString, std::unique_ptr<CliCommand>>& commands) {
    s << "Usage: faultline-cli <command> [options]\n\n"
         "Image anomaly detection, headless: import, train, score, evaluate, report.\n\nCommands:\n";
    for (const auto& [name, cmd] : commands) s << "  " << name.leftJustified(12) << cmd->summary() << '\n';
    s << "\nRun 'faultline-cli <command> --help' for a command's options.\n"
         "Exit codes: 0 ok, 1 usage error, 2 input error, 3 the work failed.\n";
    s.flush();
}

// `report` lays out text (its charts and the PDF), and fonts need a QGuiApplication: on the
// offscreen platform unless one is chosen, so no display is needed. Every other command starts
// with a QCoreApplication.
std::unique_ptr<QCoreApplication> makeApplication(int& argc, char** argv) {
    if (argc >= 2 && qstrcmp(argv[1], "report") == 0) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
        return std::make_unique<QGuiApplication>(argc, argv);
    }
    return std::make_unique<QCoreApplication>(argc, argv);
}

} // namespace

int main(int argc, char* argv[]) {
    const std::unique_ptr<QCoreApplication> app = makeApplication(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("faultline-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Faultline"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FAULTLINE_VERSION));

    std::map<QString, std::unique_ptr<CliCommand>> commands;
    std::size_t collected = 0;
    auto collect = [&] {
        for (; collected < commandFactories().size(); ++collected) {
            auto cmd = commandFactories()[collected]();
            const QString name = cmd->name();
            commands.emplace(name, std::move(cmd));
        }
    };
    collect();

    QStringList args = QCoreApplication::arguments();
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.size() >= 2 && args[1] == QLatin1String("--version")) {
        out << "faultline-cli " << FAULTLINE_VERSION << Qt::endl;
        return kExitOk;
    }
    // Only the usage text and the commands that are not built in need the LibTorch plugin.
    if (args.size() < 2 || !commands.count(args[1])) {
        QString error;
        if (!loadMlCommands(&error)) {
            err << "faultline-cli: " << error << Qt::endl;
            return kExitWorkFailed;
        }
        collect();
    }
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h") ||
        args[1] == QLatin1String("help")) {
        printUsage(args.size() < 2 ? err : out, commands);
        return args.size() < 2 ? kExitUsage : kExitOk;
    }
    auto it = commands.find(args[1]);
    if (it == commands.end()) {
        err << "faultline-cli: unknown command '" << args[1] << "'\n\n";
        printUsage(err, commands);
        return kExitUsage;
    }
    CliCommand& cmd = *it->second;

    QCommandLineParser parser;
    parser.setApplicationDescription(cmd.summary());
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Show this help."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Machine-readable JSON on stdout."));
    parser.addOption(helpOption);
    parser.addOption(jsonOption);
    cmd.addOptions(parser);

    QStringList cmdArgs = args;
    cmdArgs.removeAt(1);
    if (!parser.parse(cmdArgs)) {
        err << "faultline-cli " << cmd.name() << ": " << parser.errorText() << "\n"
            << "Run 'faultline-cli " << cmd.name() << " --help' for usage." << Qt::endl;
        return kExitUsage;
    }
    if (parser.isSet(helpOption)) {
        // helpText() names the binary by its path; users type the command by its name.
        QString help = parser.helpText();
        const int eol = help.indexOf(QLatin1Char('\n'));
        help.replace(0, eol, QStringLiteral("Usage: faultline-cli %1 [options]").arg(cmd.name()));
        out << help;
        out.flush();
        return kExitOk;
    }
    CliContext ctx(parser.isSet(jsonOption));
    // Last line of defence: an allocation that fails anywhere (a huge input, a low ulimit -v)
    // ends with a message and exit 3 instead of std::terminate's abort.
    try {
        return cmd.run(parser, ctx);
    } catch (const std::bad_alloc&) {
        return ctx.fail(kExitWorkFailed, QStringLiteral("%1: out of memory; the input is too large for the memory "
                                                        "this process may use").arg(cmd.name()));
    }
}
