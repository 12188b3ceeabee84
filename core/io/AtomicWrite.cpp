#include "core/io/AtomicWrite.h"

#include <QFile>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace faultline::core {

QString writeFileAtomically(const QString& path, const char* data, qint64 size) {
    const QString temp = path + QStringLiteral(".tmp");
    QFile file(temp);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    if (file.write(data, size) != size || !file.flush()) {
        const QString reason = file.errorString();
        file.close();
        QFile::remove(temp);
        return QStringLiteral("%1: cannot write: %2").arg(path, reason);
    }
    file.close();
    // POSIX rename replaces an existing target in one step (QFile::rename refuses to).
    if (std::rename(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) != 0) {
        const QString reason = QString::fromLocal8Bit(std::strerror(errno));
        QFile::remove(temp);
        return QStringLiteral("%1: cannot move into place: %2").arg(path, reason);
    }
    return {};
}

} // namespace faultline::core
