#pragma once
// Finds the entries of a folder whose names are not valid UTF-8 (bytes such as 0xE4 from a
// Latin-1 system). Qt turns such a name into U+FFFD, which encodes back to other bytes, so
// QDir cannot even stat the entry and lists of images would silently lose it (a whole defect
// class, when it is a folder). Read with readdir() on the raw bytes, so each one is reported.
// Thread-safe; one readdir pass per call.

#include "core/io/FileProblem.h"

#include <QByteArray>
#include <QString>
#include <QVector>

namespace faultline::core {

// Name bytes as text for a person: valid UTF-8 kept, every other byte as \xNN.
QString escapedFileName(const QByteArray& name);

// One problem per entry of `dir` (hidden ones excepted) whose name does not survive
// QFile::decodeName/encodeName; folders say that everything in them is left out.
QVector<FileProblem> undecodableEntries(const QString& dir);

} // namespace faultline::core
