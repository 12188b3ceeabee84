#include "MlCommands.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibrary>

namespace faultline::cli {

QStringList mlPluginCandidates() {
    const QString name = QStringLiteral("faultline-cli-ml.so");
    const QDir here(QCoreApplication::applicationDirPath());
    return {here.filePath(name), here.filePath(QStringLiteral("../lib/faultline/") + name),
            QDir(QStringLiteral(FAULTLINE_CLI_PLUGIN_DIR)).filePath(name)};
}

bool loadMlCommands(QString* error) {
    static bool loaded = false;
    if (loaded) return true;
    QStringList tried;
    for (const QString& path : mlPluginCandidates()) {
        if (!QFileInfo(path).isFile()) {
            tried << QStringLiteral("%1: not found").arg(QDir::cleanPath(path));
            continue;
        }
        // Never unloaded: the registered command factories point into it.
        auto* library = new QLibrary(path);
        if (library->load()) {
            loaded = true;
            return true;
        }
        tried << QStringLiteral("%1: %2").arg(QDir::cleanPath(path), library->errorString());
        delete library;
    }
    *error = QStringLiteral("the LibTorch commands (train, score, drift, report) could not be loaded; tried %1")
                 .arg(tried.join(QStringLiteral("; ")));
    return false;
}

} // namespace faultline::cli
