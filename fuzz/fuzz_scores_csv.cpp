// Fuzzes the scores CSV parser: any bytes must give records and per-line problems, never a crash.
#include "core/ScoresCsv.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace faultline::core;
    const QByteArray bytes(reinterpret_cast<const char*>(data), int(size));
    const ScoresReadResult result = parseScoresCsv(bytes, QStringLiteral("fuzz.csv"));
    for (const ScoreRecord& r : result.records) {
        if (!std::isfinite(r.score)) std::abort(); // non-finite scores must be reported, not returned
    }
    for (const CsvRowProblem& p : result.problems) {
        if (p.line < 1 || p.reason.isEmpty()) std::abort(); // every problem names a line and a reason
    }
    if (!result.ok && result.error.isEmpty()) std::abort();
    return 0;
}
