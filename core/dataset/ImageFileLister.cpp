#include "core/dataset/ImageFileLister.h"

#include "core/dataset/UndecodableNames.h"

#include <QChar>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

namespace faultline::core {

bool hasImageExtension(const QString& fileName) {
    const int dot = fileName.lastIndexOf(QLatin1Char('.'));
    if (dot < 0) return false;
    const QStringView ext = QStringView(fileName).mid(dot + 1);
    for (const char* known : {"png", "jpg", "jpeg", "bmp", "tif", "tiff"})
        if (ext.compare(QLatin1String(known), Qt::CaseInsensitive) == 0) return true;
    return false;
}

QStringList ImageFileLister::list(const QString& dir, Subfolders subfolders) {
    QStringList out;
    walk(QDir(dir).absolutePath(), subfolders, out);
    out.sort();
    return out;
}

QVector<FileProblem> ImageFileLister::takeProblems() {
    QVector<FileProblem> out;
    out.swap(m_problems);
    return out;
}

void ImageFileLister::walk(const QString& dir, Subfolders subfolders, QStringList& out) {
    const QString canonical = QFileInfo(dir).canonicalFilePath();
    if (canonical.isEmpty()) {
        m_problems.push_back({dir, QStringLiteral("folder vanished or cannot be resolved")});
        return;
    }
    if (m_visited.contains(canonical)) {
        m_problems.push_back({dir, QStringLiteral("symlink loop or folder reached twice (%1): skipped").arg(canonical)});
        return;
    }
    m_visited.insert(canonical);
    const QFileInfo dirInfo(dir);
    if (!dirInfo.isReadable() || !dirInfo.isExecutable()) {
        m_problems.push_back({dir, QStringLiteral("folder cannot be read (permission denied)")});
        return;
    }
    // Names Qt cannot round-trip are found on the raw bytes and reported, never lost.
    m_problems += undecodableEntries(dir);
    // No type filter: a dangling link must show up as a problem rather than vanish.
    QDirIterator it(dir, QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot);
    QStringList subdirs;
    while (it.hasNext()) {
        it.next();
        const QFileInfo info = it.fileInfo();
        const QString name = info.fileName();
        if (name.startsWith(QLatin1Char('.'))) continue; // .DS_Store, editor swap files: hidden on purpose
        if (name.contains(QChar::ReplacementCharacter) && !info.exists() && !info.isSymLink()) continue; // reported above
        if (info.isSymLink() && !info.exists()) {
            m_problems.push_back({info.absoluteFilePath(), QStringLiteral("broken symbolic link")});
        } else if (info.isDir()) {
            if (subfolders == Subfolders::Descend) subdirs.push_back(info.absoluteFilePath());
            else if (subfolders == Subfolders::Report)
                m_problems.push_back({info.absoluteFilePath(), QStringLiteral("unexpected subfolder: ignored")});
        } else if (!info.isFile()) {
            m_problems.push_back({info.absoluteFilePath(), QStringLiteral("not a regular file: ignored")});
        } else if (hasImageExtension(name)) {
            out.push_back(info.absoluteFilePath());
        } else {
            m_problems.push_back({info.absoluteFilePath(), QStringLiteral("not an image file extension: ignored")});
        }
    }
    for (const QString& sub : subdirs) walk(sub, subfolders, out);
}

} // namespace faultline::core
