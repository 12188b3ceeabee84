#include "ui/window/ExportNames.h"

#include <QDir>
#include <QFileInfo>

namespace faultline::ui {

QString suggestedExportPath(const QString& projectPath, const QString& what, const QString& extension,
                            const QString& fallbackFolder) {
    if (projectPath.isEmpty())
        return QDir(fallbackFolder).filePath(QStringLiteral("faultline-%1.%2").arg(what, extension));
    const QFileInfo project(projectPath);
    return project.absoluteDir().filePath(QStringLiteral("%1-%2.%3").arg(project.completeBaseName(), what, extension));
}

} // namespace faultline::ui
