// Fuzzes the scores CSV reader and everything downstream of it: any bytes must give either a
// file-level error or records that are all usable (finite score, non-empty path), problems
// with valid line numbers, and metrics in range. Never a crash.
#include "core/eval/EvaluationReport.h"
#include "core/eval/ScoresCsv.h"

#include <cmath>
#include <cstddef>
#include <cstdint>

using namespace faultline::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const ScoresReadResult read = parseScoresCsv(bytes, QStringLiteral("fuzz.csv"));
    if (!read.ok) {
        if (read.error.isEmpty() || !read.records.isEmpty()) __builtin_trap();
        return 0;
    }
    for (const ScoreRecord& r : read.records)
        if (!std::isfinite(r.score) || r.path.isEmpty()) __builtin_trap();
    for (const CsvRowProblem& p : read.problems)
        if (p.line < 1 || p.reason.isEmpty()) __builtin_trap();

    EvaluationOptions options;
    options.bootstrap.resamples = 20; // keep each input fast
    const EvaluationReport report = evaluateScores(read.records, options);
    for (const std::optional<double>& v : {report.auroc, report.averagePrecision, report.auprTrapezoid})
        if (v && !(*v >= -1e-12 && *v <= 1.0 + 1e-12)) __builtin_trap();
    for (const ThresholdResult& t : report.thresholds)
        if (t.defined != std::isfinite(t.value) || t.explanation.isEmpty()) __builtin_trap();
    report.toJson();
    return 0;
}
