#pragma once
// Writes a whole file under a temporary name and renames it into place, so a reader never
// sees half a file and an interrupted run leaves at most a stray "<name>.tmp". Unlike
// QSaveFile it does not fsync each file: dataset generators write thousands of small images,
// and a lost image after a power cut is regenerated, not lost work. Thread-safe.

#include <QByteArray>
#include <QString>

namespace faultline::core {

// Returns an empty string on success, otherwise "<path>: <reason>".
QString writeFileAtomically(const QString& path, const char* data, qint64 size);
inline QString writeFileAtomically(const QString& path, const QByteArray& bytes) {
    return writeFileAtomically(path, bytes.constData(), bytes.size());
}

} // namespace faultline::core
