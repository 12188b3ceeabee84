#include "core/io/AtomicWrite.h"

#include "core/io/OsError.h"

#include <QFile>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace faultline::core {

QString writeFileAtomically(const QString& path, const char* data, qint64 size) {
    const QString temp = path + QStringLiteral(".tmp");
    QFile file(temp);
    errno = 0;
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered))
        return QStringLiteral("%1: cannot write: %2").arg(path, fileFailureReason(file, errno));
    errno = 0;
    if (file.write(data, size) != size || !file.flush()) {
        const QString reason = fileFailureReason(file, errno);
        file.close();
        QFile::remove(temp);
        return QStringLiteral("%1: cannot write: %2").arg(path, reason);
    }
    file.close();
    // POSIX rename replaces an existing target in one step (QFile::rename refuses to).
    if (std::rename(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) != 0) {
        const QString reason = osReason(errno);
        QFile::remove(temp);
        return QStringLiteral("%1: cannot move into place: %2").arg(path, reason);
    }
    return {};
}

} // namespace faultline::core
