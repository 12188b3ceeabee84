#pragma once
// Checks that a path names a regular file before anything opens it. open() on a named pipe
// with no writer blocks forever, and a device or socket is never a bundle, a checkpoint, a CSV,
// an IDX file or a project; stat() answers without opening, so it cannot block. Thread-safe.

#include <QString>

namespace faultline::core {

// Empty when `path` (symlinks followed) is a regular file; otherwise the reason in words, without
// the path: "file not found", "is a folder, not a file", "is a named pipe (FIFO), not a regular
// file: it is not opened, as reading it could wait forever", ...
QString regularFileProblem(const QString& path);

} // namespace faultline::core
