#pragma once
// One faultline-cli subcommand. Each command lives in its own file and registers itself
// with FAULTLINE_CLI_COMMAND; main.cpp only dispatches.

#include <QCommandLineParser>
#include <QString>

#include <memory>
#include <vector>

namespace faultline::cli {

class CliContext;

// Process exit codes shared by every subcommand.
enum ExitCode : int {
    kExitOk = 0,          // the work was done
    kExitUsage = 1,       // bad arguments or options
    kExitInputError = 2,  // a file or dataset could not be read
    kExitWorkFailed = 3,  // the work itself failed (training diverged, disk full, ...)
};

class CliCommand {
public:
    virtual ~CliCommand() = default;
    virtual QString name() const = 0;
    virtual QString summary() const = 0;
    // Adds the command's options; --help and --json are added by the dispatcher.
    virtual void addOptions(QCommandLineParser& parser) const = 0;
    // Runs after parsing succeeded; returns an ExitCode.
    virtual int run(const QCommandLineParser& parser, CliContext& ctx) = 0;
};

using CommandFactory = std::unique_ptr<CliCommand> (*)();

// Static registry filled before main() by FAULTLINE_CLI_COMMAND.
std::vector<CommandFactory>& commandFactories();
bool registerCommand(CommandFactory factory);

} // namespace faultline::cli

#define FAULTLINE_CLI_COMMAND(Class)                                                   \
    namespace {                                                                        \
    const bool kRegistered##Class = ::faultline::cli::registerCommand(                 \
        []() -> std::unique_ptr<::faultline::cli::CliCommand> { return std::make_unique<Class>(); }); \
    }
