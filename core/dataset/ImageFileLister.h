#pragma once
// Lists the image files under a folder without opening them: follows symlinks but never
// loops, reports unreadable folders and non-image files instead of skipping them silently.
// Not thread-safe per instance; create one per scan.

#include "core/io/FileProblem.h"

#include <QSet>
#include <QStringList>
#include <QVector>

namespace faultline::core {

bool hasImageExtension(const QString& fileName); // png, jpg, jpeg, bmp, tif, tiff (any case)

class ImageFileLister {
public:
    enum class Subfolders { Descend, Report, Skip }; // Skip: the caller lists them itself

    // Image files (absolute paths, sorted) under dir. Problems (unreadable folder, symlink
    // loop, broken link, non-image file, subfolder where none belongs) go to problems().
    QStringList list(const QString& dir, Subfolders subfolders);

    const QVector<FileProblem>& problems() const { return m_problems; }
    QVector<FileProblem> takeProblems();

private:
    void walk(const QString& dir, Subfolders subfolders, QStringList& out);

    QSet<QString> m_visited; // canonical paths of folders already listed
    QVector<FileProblem> m_problems;
};

} // namespace faultline::core
