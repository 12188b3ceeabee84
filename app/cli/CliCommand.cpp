#include "CliCommand.h"

namespace faultline::cli {

std::vector<CommandFactory>& commandFactories() {
    static std::vector<CommandFactory> factories;
    return factories;
}

bool registerCommand(CommandFactory factory) {
    commandFactories().push_back(factory);
    return true;
}

} // namespace faultline::cli
