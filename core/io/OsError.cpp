#include "core/io/OsError.h"

#include <QFileDevice>

#include <cstring>

namespace faultline::core {

QString osReason(int errnum) {
    if (errnum == 0) return QStringLiteral("unknown operating-system error");
    return QString::fromLocal8Bit(std::strerror(errnum));
}

QString fileFailureReason(const QFileDevice& file, int errnum) {
    if (errnum != 0) return osReason(errnum);
    const QString own = file.errorString();
    if (!own.isEmpty() && own != QLatin1String("Unknown error")) return own;
    switch (file.error()) {
    case QFileDevice::NoError: return QStringLiteral("the write did not complete");
    case QFileDevice::ReadError: return QStringLiteral("read error");
    case QFileDevice::WriteError: return QStringLiteral("write error (the disk may be full)");
    case QFileDevice::FatalError: return QStringLiteral("fatal file error");
    case QFileDevice::ResourceError: return QStringLiteral("out of resources (disk full or too many open files)");
    case QFileDevice::OpenError: return QStringLiteral("cannot be opened");
    case QFileDevice::AbortError: return QStringLiteral("the operation was aborted");
    case QFileDevice::TimeOutError: return QStringLiteral("timed out");
    case QFileDevice::UnspecifiedError: return QStringLiteral("unspecified error");
    case QFileDevice::RemoveError: return QStringLiteral("cannot be removed");
    case QFileDevice::RenameError: return QStringLiteral("cannot be renamed into place");
    case QFileDevice::PositionError: return QStringLiteral("cannot seek");
    case QFileDevice::ResizeError: return QStringLiteral("cannot be resized");
    case QFileDevice::PermissionsError: return QStringLiteral("permission denied");
    case QFileDevice::CopyError: return QStringLiteral("cannot be copied");
    }
    return QStringLiteral("unknown error");
}

} // namespace faultline::core
