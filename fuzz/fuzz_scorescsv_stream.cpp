// Fuzzes the scores CSV reader fed as a stream: the input is delivered by a sequential device
// in pieces of 1 to 64 bytes (the first byte picks the size), as a pipe or a slow disk would,
// and the result must equal reading the same bytes from memory: the same records, problems,
// warnings and error. A stream cut anywhere must not change what is read. Never a crash.
#include "core/eval/ScoresCsv.h"

#include <QIODevice>

#include <cmath>
#include <cstddef>
#include <cstdint>

using namespace faultline::core;

namespace {

class TrickleDevice : public QIODevice {
public:
    TrickleDevice(QByteArray bytes, qint64 piece) : m_bytes(std::move(bytes)), m_piece(piece) {}
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_bytes.size() - m_pos + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char* out, qint64 max) override {
        const qint64 n = std::min({max, m_piece, qint64(m_bytes.size()) - m_pos});
        if (n <= 0) return m_pos >= m_bytes.size() ? -1 : 0;
        std::memcpy(out, m_bytes.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_bytes;
    qint64 m_piece;
    qint64 m_pos = 0;
};

bool same(const ScoresReadResult& a, const ScoresReadResult& b) {
    if (a.ok != b.ok || a.error != b.error || a.records.size() != b.records.size() ||
        a.problems.size() != b.problems.size() || a.warnings != b.warnings)
        return false;
    for (qsizetype i = 0; i < a.records.size(); ++i) {
        const ScoreRecord& x = a.records[i];
        const ScoreRecord& y = b.records[i];
        if (x.path != y.path || x.split != y.split || x.defect != y.defect || x.label != y.label || x.score != y.score)
            return false;
    }
    for (qsizetype i = 0; i < a.problems.size(); ++i)
        if (a.problems[i].line != b.problems[i].line || a.problems[i].reason != b.problems[i].reason) return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const qint64 piece = 1 + data[0] % 64;
    const QByteArray bytes(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    TrickleDevice stream(bytes, piece);
    stream.open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    const ScoresReadResult streamed = readScoresCsv(stream, QStringLiteral("fuzz.csv"));
    const ScoresReadResult whole = parseScoresCsv(bytes, QStringLiteral("fuzz.csv"));
    if (!same(streamed, whole)) __builtin_trap();
    for (const ScoreRecord& r : streamed.records)
        if (!std::isfinite(r.score) || r.path.isEmpty()) __builtin_trap();
    for (const CsvRowProblem& p : streamed.problems)
        if (p.line < 1 || p.reason.isEmpty()) __builtin_trap();
    return 0;
}
