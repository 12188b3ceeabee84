#pragma once
// Operating-system failures in words. QFileDevice::errorString() says "Unknown error" when a
// buffered write or a QSaveFile commit fails (ENOSPC, EDQUOT, EIO, ...); the errno saved at the
// failure says what happened. Thread-safe.

#include <QString>

class QFileDevice;

namespace faultline::core {

// strerror() of `errnum` ("No space left on device"); "unknown operating-system error" for 0.
QString osReason(int errnum);

// Why `file` failed: errnum's words when it is set, else the device's own message when that is
// not "Unknown error", else the QFileDevice::FileError mapped to words.
QString fileFailureReason(const QFileDevice& file, int errnum);

} // namespace faultline::core
