#pragma once
// The commands that need LibTorch (train, score, drift, report) live in a plugin, faultline-cli-ml.so, so that
// scan, evaluate, demo, import-idx and merge-scores start without loading LibTorch (~0.4 s).
// Loading it runs its FAULTLINE_CLI_COMMAND registrations into this executable's registry.
// Called on the main thread before dispatch; loading twice is a no-op.

#include <QString>
#include <QStringList>

namespace faultline::cli {

// Where the plugin is looked for, in order: next to the executable (build tree), then the
// installed library folder.
QStringList mlPluginCandidates();
// Loads the plugin; false with *error naming every path tried and the loader's reason.
bool loadMlCommands(QString* error);

} // namespace faultline::cli
