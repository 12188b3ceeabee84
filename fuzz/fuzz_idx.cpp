// Fuzzes the IDX parser (Fashion-MNIST's format): any bytes give an array whose declared
// dimensions match its data, or an error naming the input; never a crash or a huge allocation.
#include "core/dataset/IdxReader.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace faultline::core;
    const QByteArray bytes(reinterpret_cast<const char*>(data), int(size));
    constexpr qint64 kLimit = 1 << 20; // bytes a fuzz input may declare
    const IdxReadResult r = parseIdx(bytes, QStringLiteral("fuzz.idx"), kLimit);
    if (!r.ok) {
        if (!r.error.contains(QLatin1String("fuzz.idx"))) std::abort();
        return 0;
    }
    qint64 product = r.array.dims.isEmpty() ? 0 : 1;
    for (int d : r.array.dims) product *= d;
    if (product != r.array.data.size() || product > kLimit) std::abort();
    if (r.array.count() > 0 && r.array.itemSize() * r.array.count() != product) std::abort();
    return 0;
}
