#pragma once
// Window tests run with QStandardPaths' test mode and their own application name, so settings,
// recent projects and the data folder never touch the user's, and start empty.

#include "ui/window/Workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QString>

namespace faultline::testing {

inline void isolateAppData(const QString& testName) {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FaultlineTest"));
    QCoreApplication::setApplicationName(testName);
    QDir(ui::Workspace::dataFolder()).removeRecursively();
}

} // namespace faultline::testing
