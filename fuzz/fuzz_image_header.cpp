// Fuzzes the header parser that guards every decode (decompression-bomb limit, empty and
// cut-short files): any bytes give a header or a problem, never a crash or a negative size.
#include "core/image/ImageHeader.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace faultline::core;
    const QByteArray bytes(reinterpret_cast<const char*>(data), int(size));
    const QByteArray tail = bytes.right(1024);
    const ImageHeader header = parseImageHeader(bytes, tail, qint64(size));
    if (header.width < 0 || header.height < 0 || header.pixels() < 0) std::abort();
    if (size == 0 && header.ok()) std::abort(); // an empty file is never a usable image
    return 0;
}
