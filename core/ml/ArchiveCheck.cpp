#include "internal/ArchiveCheck.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace faultline::ml {

namespace {

class Reader {
public:
    explicit Reader(const QByteArray& b) : m_data(reinterpret_cast<const uint8_t*>(b.constData())), m_size(uint64_t(b.size())) {}
    uint64_t size() const { return m_size; }
    bool has(uint64_t at, uint64_t n) const { return at <= m_size && n <= m_size - at; }
    uint64_t le(uint64_t at, int bytes) const { // caller checked has(at, bytes)
        uint64_t v = 0;
        for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | m_data[at + uint64_t(i)];
        return v;
    }
    uint8_t byte(uint64_t at) const { return m_data[at]; }
    const uint8_t* at(uint64_t at) const { return m_data + at; }

private:
    const uint8_t* m_data;
    uint64_t m_size;
};

constexpr uint32_t kEndOfDirectory = 0x06054b50, kZip64Locator = 0x07064b50, kZip64End = 0x06064b50;
constexpr uint32_t kDirectoryEntry = 0x02014b50, kLocalHeader = 0x04034b50;

// Walks one pickle's opcodes and checks each declared length against the bytes left. Stops
// (accepting) at STOP or at an opcode it does not know: LibTorch refuses those itself.
QString pickleProblem(const Reader& r, uint64_t begin, uint64_t end, const QString& name) {
    uint64_t p = begin;
    auto need = [&](uint64_t n, const char* what) -> QString {
        if (n <= end - p) return {};
        return QStringLiteral("archive entry '%1' declares a %2-byte %3 at byte %4, %5 bytes remain")
            .arg(name).arg(n).arg(QLatin1String(what)).arg(p - begin).arg(end - p);
    };
    auto line = [&]() -> bool { // a newline-terminated argument
        const void* nl = std::memchr(r.at(p), '\n', size_t(end - p));
        if (!nl) return false;
        p = uint64_t(static_cast<const uint8_t*>(nl) - r.at(0)) + 1;
        return true;
    };
    while (p < end) {
        const uint8_t op = r.byte(p++);
        int fixed = -1;     // bytes of a fixed-size argument
        int lengthBytes = 0; // bytes of a length that prefixes data
        switch (op) {
        case '.': return {}; // STOP
        case 0x80: case 'q': case 'h': case 'K': fixed = 1; break;
        case 'M': fixed = 2; break;
        case 'r': case 'j': case 'J': fixed = 4; break;
        case 'G': fixed = 8; break;
        case 0x95: fixed = 8; break; // FRAME: its length is checked below
        case 0x8c: case 'U': case 'C': case 0x8a: lengthBytes = 1; break;
        case 'X': case 'T': case 'B': case 0x8b: lengthBytes = 4; break;
        case 0x8d: case 0x8e: case 0x96: lengthBytes = 8; break;
        case 'c': // GLOBAL: module and name lines
            if (!line() || !line()) return need(end - p + 1, "global name");
            continue;
        case 'I': case 'L': case 'F': case 'S': case 'V': case 'p': case 'g': case 'P':
            if (!line()) return need(end - p + 1, "text argument");
            continue;
        case '(': case ')': case 't': case 0x85: case 0x86: case 0x87: case ']': case '}': case 'e': case 'a':
        case 'u': case 's': case 0x88: case 0x89: case 'N': case 'Q': case 'R': case 'b': case 0x81: case 0x94:
        case 0x93: case 0x8f: case 0x90: case 0x91: case 0x92: case '0': case '1': case '2': case 'l': case 'd':
        case 'o': case 0x97: case 0x98:
            fixed = 0;
            break;
        default: return {};
        }
        if (fixed >= 0) {
            if (QString bad = need(uint64_t(fixed), "argument"); !bad.isEmpty()) return bad;
            if (op == 'r') { // LONG_BINPUT: the reader grows its memo to the index
                const uint64_t index = r.le(p, 4);
                if (index > end - begin)
                    return QStringLiteral("archive entry '%1' stores memo entry %2 at byte %3 of a %4-byte pickle")
                        .arg(name).arg(index).arg(p - 1 - begin).arg(end - begin);
            }
            if (op == 0x95) {
                const uint64_t frame = r.le(p, 8);
                p += 8;
                if (QString bad = need(frame, "frame"); !bad.isEmpty()) return bad;
                continue;
            }
            p += uint64_t(fixed);
            continue;
        }
        if (QString bad = need(uint64_t(lengthBytes), "length"); !bad.isEmpty()) return bad;
        const uint64_t n = r.le(p, lengthBytes);
        p += uint64_t(lengthBytes);
        if (QString bad = need(n, op == 0x8a || op == 0x8b ? "integer" : "string"); !bad.isEmpty()) return bad;
        p += n;
    }
    return {};
}

// CRC-32 of an entry's content: over the bytes for a stored entry, over the inflated bytes
// (exactly `size` of them) for a deflated one. False when the content does not inflate to size.
bool contentCrc(const Reader& r, uint64_t data, uint64_t compressed, uint64_t size, bool deflated, uint32_t* crc) {
    if (!deflated) {
        uLong c = crc32(0L, Z_NULL, 0);
        for (uint64_t done = 0; done < size;) { // zlib takes uInt lengths
            const uInt chunk = uInt(std::min<uint64_t>(size - done, 1u << 30));
            c = crc32(c, r.at(data + done), chunk);
            done += chunk;
        }
        *crc = uint32_t(c);
        return true;
    }
    std::vector<Bytef> out(size_t(size) + 1);
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return false;
    z.next_in = const_cast<Bytef*>(r.at(data));
    z.avail_in = uInt(compressed);
    z.next_out = out.data();
    z.avail_out = uInt(out.size());
    const int rc = inflate(&z, Z_FINISH);
    const uint64_t produced = z.total_out;
    inflateEnd(&z);
    if (rc != Z_STREAM_END || produced != size) return false;
    *crc = uint32_t(crc32(crc32(0L, Z_NULL, 0), out.data(), uInt(size)));
    return true;
}

} // namespace

QString archiveSizeProblem(const QByteArray& zip) {
    const Reader r(zip);
    if (r.size() < 22) return QStringLiteral("archive of %1 bytes is too short to be a zip").arg(r.size());
    uint64_t eocd = r.size() - 22;
    const uint64_t lowest = r.size() > 22 + 65535 ? r.size() - 22 - 65535 : 0;
    while (r.le(eocd, 4) != kEndOfDirectory) {
        if (eocd == lowest) return QStringLiteral("archive has no zip directory (end record not found)");
        --eocd;
    }
    uint64_t entries = r.le(eocd + 10, 2), dirSize = r.le(eocd + 12, 4), dirOffset = r.le(eocd + 16, 4);
    if (entries == 0xFFFF || dirSize == 0xFFFFFFFF || dirOffset == 0xFFFFFFFF) {
        if (eocd < 20 || r.le(eocd - 20, 4) != kZip64Locator) return QStringLiteral("archive's zip64 locator is missing");
        const uint64_t end64 = r.le(eocd - 20 + 8, 8);
        if (!r.has(end64, 56) || r.le(end64, 4) != kZip64End) return QStringLiteral("archive's zip64 end record is damaged");
        entries = r.le(end64 + 32, 8);
        dirSize = r.le(end64 + 40, 8);
        dirOffset = r.le(end64 + 48, 8);
    }
    if (!r.has(dirOffset, dirSize)) return QStringLiteral("archive's zip directory lies outside the file");
    if (entries > dirSize / 46) return QStringLiteral("archive's zip directory declares %1 entries in %2 bytes").arg(entries).arg(dirSize);
    uint64_t p = dirOffset;
    for (uint64_t i = 0; i < entries; ++i) {
        if (!r.has(p, 46) || r.le(p, 4) != kDirectoryEntry) return QStringLiteral("archive's zip directory entry %1 is damaged").arg(i);
        const uint64_t method = r.le(p + 10, 2), nameLength = r.le(p + 28, 2), extraLength = r.le(p + 30, 2),
                       commentLength = r.le(p + 32, 2);
        uint64_t compressed = r.le(p + 20, 4), uncompressed = r.le(p + 24, 4), local = r.le(p + 42, 4);
        if (!r.has(p + 46, nameLength + extraLength + commentLength))
            return QStringLiteral("archive's zip directory entry %1 is cut short").arg(i);
        const QString name = QString::fromUtf8(reinterpret_cast<const char*>(r.at(p + 46)), qsizetype(nameLength));
        // Zip64 extra field: 64-bit values for whichever of the three fields hold 0xFFFFFFFF.
        for (uint64_t e = p + 46 + nameLength, extraEnd = e + extraLength; e + 4 <= extraEnd;) {
            const uint64_t id = r.le(e, 2), length = r.le(e + 2, 2);
            if (e + 4 + length > extraEnd) break;
            if (id == 0x0001) {
                uint64_t q = e + 4;
                for (uint64_t* field : {&uncompressed, &compressed, &local})
                    if (*field == 0xFFFFFFFF && q + 8 <= e + 4 + length) { *field = r.le(q, 8); q += 8; }
            }
            e += 4 + length;
        }
        // Stored entries hold exactly their size; deflated ones (LibTorch compresses some code
        // files) expand at most 1032-fold, deflate's limit.
        if (method != 0 && method != 8)
            return QStringLiteral("archive entry '%1' uses compression method %2, which LibTorch does not write").arg(name).arg(method);
        if (method == 0 && compressed != uncompressed)
            return QStringLiteral("archive entry '%1' declares %2 bytes stored but %3 bytes of content").arg(name).arg(compressed).arg(uncompressed);
        if (method == 8 && uncompressed / 1032 > compressed + 1024)
            return QStringLiteral("archive entry '%1' declares %2 bytes inflated from %3, beyond what deflate can expand").arg(name).arg(uncompressed).arg(compressed);
        if (!r.has(local, 30) || r.le(local, 4) != kLocalHeader) return QStringLiteral("archive entry '%1' has a damaged local header").arg(name);
        const uint64_t data = local + 30 + r.le(local + 26, 2) + r.le(local + 28, 2);
        if (!r.has(data, compressed))
            return QStringLiteral("archive entry '%1' declares %2 bytes, but only %3 follow it").arg(name).arg(compressed)
                .arg(data < r.size() ? r.size() - data : 0);
        // LibTorch does not check the zip's CRC-32s; damage inside an entry would reach its
        // pickle and TorchScript parsers, which are not made for hostile input.
        uint32_t crc = 0;
        const uint32_t declaredCrc = uint32_t(r.le(p + 16, 4));
        if (method == 8 && compressed > 0xFFFFFFFFu)
            return QStringLiteral("archive entry '%1' is a deflated entry over 4 GiB").arg(name);
        if (!contentCrc(r, data, compressed, uncompressed, method == 8, &crc))
            return QStringLiteral("archive entry '%1' does not inflate to its declared %2 bytes").arg(name).arg(uncompressed);
        if (crc != declaredCrc) return QStringLiteral("archive entry '%1' is damaged (CRC-32 mismatch)").arg(name);
        if (method == 0 && name.endsWith(QLatin1String("pkl"))) // data.pkl, constants.pkl, *.debug_pkl
            if (QString bad = pickleProblem(r, data, data + uncompressed, name); !bad.isEmpty()) return bad;
        p += 46 + nameLength + extraLength + commentLength;
    }
    return {};
}

} // namespace faultline::ml
