#pragma once
// Refuses, before any work starts, an output that would destroy or pollute an input: a CSV,
// bundle, checkpoint, map folder or report path that is an input file (the model, a scores CSV,
// an IDX file, a dataset image) or lies inside the dataset folder being read, and an output
// that cannot be written at all (missing folder, read-only mount, no permission). Paths are
// compared after resolving symlinks, so `D/../D/x.png` and a link to D are caught too. Files are
// checked with stat() and a probe file in the target folder; nothing is opened for reading.
// A value type: fill it on one thread, then query it from any.

#include <QString>
#include <QVector>

namespace faultline::core {

class OutputGuard {
public:
    // A file this run reads, named for messages ("the model bundle", "the scores CSV").
    void addInputFile(const QString& path, const QString& role);
    // A folder this run reads everything under (the dataset).
    void addInputTree(const QString& dir, const QString& role);

    // Empty when `path` is neither an input file nor inside an input folder; otherwise
    // "<path>: <option> ..." saying which input it would destroy. No file-system writes.
    QString conflict(const QString& path, const QString& option) const;

    // Empty when no input file lies inside `folder` (an output folder that may be emptied first).
    QString holdsInput(const QString& folder, const QString& option) const;

    // For an output file: conflict(), then that it is not a folder, that its folder exists and
    // that a file can be created there (the OS reason in words when not). Empty when writable.
    QString checkFile(const QString& path, const QString& option) const;

    // For an output folder (anomaly maps): conflict(), that it is not a file, then creates it
    // and checks that a file can be created inside. Empty when writable.
    QString checkFolder(const QString& path, const QString& option) const;

    // Absolute path with symlinks resolved in every part that exists (the rest kept as given).
    static QString resolve(const QString& path);

    // Empty when a new file can be created in `dir`; otherwise the OS reason in words.
    static QString probeWritable(const QString& dir);

private:
    struct Input {
        QString path; // resolved
        QString role;
        bool tree = false;
    };
    QVector<Input> m_inputs;
};

} // namespace faultline::core
