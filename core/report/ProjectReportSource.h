#pragma once
// What a project file gives the report: every sample with its effective label (the user's,
// else the dataset's) and its score in the active run (the last scored run when none is
// marked active), that run's training configuration and loss history, its latest committed
// threshold from the audit trail (value, method, note, author, time) and its bundle path.
// Opens its own read connection: call from any one thread.

#include "core/report/ReportData.h"

#include <QString>

namespace faultline::core {

// False with *error naming the file and the reason: missing, not a project, no scored run.
bool reportInputsFromProject(const QString& projectPath, ReportInputs* inputs, QString* error);

} // namespace faultline::core
