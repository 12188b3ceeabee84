#include "core/io/OutputGuard.h"

#include "core/io/OsError.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace faultline::core {

void OutputGuard::addInputFile(const QString& path, const QString& role) {
    if (!path.isEmpty()) m_inputs.push_back({resolve(path), role, false});
}

void OutputGuard::addInputTree(const QString& dir, const QString& role) {
    if (!dir.isEmpty()) m_inputs.push_back({resolve(dir), role, true});
}

QString OutputGuard::resolve(const QString& path) {
    QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QStringList rest;
    // Walk up to the deepest part that exists; canonicalize it, keep the rest as written.
    while (!absolute.isEmpty()) {
        const QFileInfo info(absolute);
        if (info.exists()) {
            const QString canonical = info.canonicalFilePath();
            if (!canonical.isEmpty()) {
                QString out = canonical;
                for (auto it = rest.crbegin(); it != rest.crend(); ++it) out += QLatin1Char('/') + *it;
                return QDir::cleanPath(out);
            }
        }
        const int slash = absolute.lastIndexOf(QLatin1Char('/'));
        if (slash <= 0) break;
        rest << absolute.mid(slash + 1);
        absolute.truncate(slash);
    }
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

QString OutputGuard::conflict(const QString& path, const QString& option) const {
    const QString out = resolve(path);
    for (const Input& in : m_inputs) {
        if (out == in.path) {
            return in.tree ? QStringLiteral("%1: %2 names %3, which this run reads; write it outside").arg(path, option, in.role)
                           : QStringLiteral("%1: %2 is %3, which this run reads: writing there would destroy it")
                                 .arg(path, option, in.role);
        }
        if (in.tree && out.startsWith(in.path + QLatin1Char('/'))) {
            return QStringLiteral("%1: %2 lies inside %3 (%4), which this run reads: it could overwrite an input image, "
                                  "and the next scan would pick up what is written there; write it outside")
                .arg(path, option, in.role, in.path);
        }
    }
    return {};
}

QString OutputGuard::holdsInput(const QString& folder, const QString& option) const {
    const QString out = resolve(folder);
    for (const Input& in : m_inputs)
        if (in.path == out || in.path.startsWith(out + QLatin1Char('/')))
            return QStringLiteral("%1: %2 holds %3 (%4), which this run reads; choose a folder outside it")
                .arg(folder, option, in.role, in.path);
    return {};
}

QString OutputGuard::probeWritable(const QString& dir) {
    // O_EXCL on a fresh name: never touches an existing file; removed at once.
    const QByteArray probe = QFile::encodeName(QDir(dir).filePath(
        QStringLiteral(".faultline-write-check-%1").arg(qint64(::getpid()))));
    const int fd = ::open(probe.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return osReason(errno);
    ::close(fd);
    ::unlink(probe.constData());
    return {};
}

QString OutputGuard::checkFile(const QString& path, const QString& option) const {
    if (path.isEmpty()) return QStringLiteral("%1: no file name given").arg(option);
    if (const QString bad = conflict(path, option); !bad.isEmpty()) return bad;
    const QFileInfo info(path);
    if (info.isDir()) return QStringLiteral("%1: %2 is a folder; give a file name").arg(path, option);
    const QFileInfo folder(info.absolutePath());
    if (!folder.exists()) return QStringLiteral("%1: %2: the folder %3 does not exist").arg(path, option, folder.filePath());
    if (!folder.isDir()) return QStringLiteral("%1: %2: %3 is not a folder").arg(path, option, folder.filePath());
    if (const QString why = probeWritable(folder.filePath()); !why.isEmpty())
        return QStringLiteral("%1: %2: cannot write in %3: %4").arg(path, option, folder.filePath(), why);
    return {};
}

QString OutputGuard::checkFolder(const QString& path, const QString& option) const {
    if (path.isEmpty()) return QStringLiteral("%1: no folder given").arg(option);
    if (const QString bad = conflict(path, option); !bad.isEmpty()) return bad;
    const QFileInfo info(path);
    if (info.exists() && !info.isDir()) return QStringLiteral("%1: %2 is a file, not a folder").arg(path, option);
    if (!QDir().mkpath(path)) {
        // mkpath hides errno: find the deepest existing parent and say why it refuses.
        QString parent = info.absoluteFilePath();
        while (!QFileInfo(parent).exists() && parent.lastIndexOf(QLatin1Char('/')) > 0)
            parent.truncate(parent.lastIndexOf(QLatin1Char('/')));
        const QString why = probeWritable(parent);
        return QStringLiteral("%1: %2: cannot create the folder: %3")
            .arg(path, option, why.isEmpty() ? QStringLiteral("a part of the path is not a folder") : why);
    }
    if (const QString why = probeWritable(path); !why.isEmpty())
        return QStringLiteral("%1: %2: cannot write in the folder: %3").arg(path, option, why);
    return {};
}

} // namespace faultline::core
