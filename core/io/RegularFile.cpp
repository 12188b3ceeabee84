#include "core/io/RegularFile.h"

#include "core/io/OsError.h"

#include <QFile>

#include <cerrno>
#include <sys/stat.h>

namespace faultline::core {

QString regularFileProblem(const QString& path) {
    if (path.isEmpty()) return QStringLiteral("no file name given");
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0) {
        const int err = errno;
        return err == ENOENT ? QStringLiteral("file not found") : osReason(err);
    }
    if (S_ISREG(st.st_mode)) return {};
    if (S_ISDIR(st.st_mode)) return QStringLiteral("is a folder, not a file");
    const QString kind = S_ISFIFO(st.st_mode)  ? QStringLiteral("a named pipe (FIFO)")
                         : S_ISSOCK(st.st_mode) ? QStringLiteral("a socket")
                         : S_ISCHR(st.st_mode)  ? QStringLiteral("a character device")
                         : S_ISBLK(st.st_mode)  ? QStringLiteral("a block device")
                                                : QStringLiteral("not a plain file");
    return QStringLiteral("is %1, not a regular file: it is not opened, as reading it could wait forever or never end")
        .arg(kind);
}

} // namespace faultline::core
