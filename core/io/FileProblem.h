#pragma once
// A file that a scan or import could not use, and why. Plain value type.

#include <QString>

namespace faultline::core {

struct FileProblem {
    QString path;   // absolute path of the file (or folder)
    QString reason; // for a person: "empty file (0 bytes)", "truncated PNG: ...", ...
};

} // namespace faultline::core
