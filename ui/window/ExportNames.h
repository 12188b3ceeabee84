#pragma once
// The file name an export dialog proposes: the open project's folder and name plus what is
// exported ("line3-scores.csv", "line3-model.flmodel"), so exports of different projects do
// not overwrite each other by default. Pure function.

#include <QString>

namespace faultline::ui {

// projectPath empty (no project): fallbackFolder/faultline-<what>.<extension>.
QString suggestedExportPath(const QString& projectPath, const QString& what, const QString& extension,
                            const QString& fallbackFolder);

} // namespace faultline::ui
