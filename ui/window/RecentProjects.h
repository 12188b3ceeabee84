#pragma once
// The list of recently opened projects, newest first, kept in QSettings. Paths that no longer
// exist are dropped when the list is read.

#include <QStringList>

namespace faultline::ui {

class RecentProjects {
public:
    static constexpr int kMaxEntries = 8;
    static QStringList list();
    static void add(const QString& path);
    static void remove(const QString& path);
    static QString last();   // empty when none
};

} // namespace faultline::ui
