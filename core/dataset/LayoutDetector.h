#pragma once
// Decides which layout a dataset folder uses from its subfolder names alone (no file is
// opened), and finds the actual spelling of each well-known folder (Train/, NORMAL/ are accepted).

#include "core/dataset/DatasetLayout.h"

#include <QHash>
#include <QString>

namespace faultline::core {

struct LayoutGuess {
    bool ok = false;
    DatasetLayout layout = DatasetLayout::MvTec;
    QString description;              // what was found, for a person
    QString error;                    // why no layout fits, naming the folders found
    QHash<QString, QString> folders;  // lower-case well-known name -> absolute path as spelled on disk
    QString folder(const QString& key) const { return folders.value(key); }
};

LayoutGuess detectLayout(const QString& root);

} // namespace faultline::core
