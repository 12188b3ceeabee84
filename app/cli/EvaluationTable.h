#pragma once
// Human-readable summary of an evaluation for `faultline-cli evaluate` (without --json).

#include "core/eval/EvaluationReport.h"

#include <QTextStream>

namespace faultline::cli {

void printEvaluationTable(QTextStream& out, const core::EvaluationReport& report);

} // namespace faultline::cli
