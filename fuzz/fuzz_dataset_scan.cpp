// Fuzzes the dataset scanner on generated trees: the input describes files (a folder choice,
// a name and content bytes); the scan must account for every image file it saw, as a sample
// or as a problem with a reason, and never crash.
#include "core/dataset/DatasetScanner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

namespace {

const char* const kFolders[] = {"train/good", "test/good", "test/scratch", "ground_truth/scratch",
                                "normal", "anomalous", "anomalous/cut", "unlabeled", "odd", ""};
const char* const kExtensions[] = {".png", ".jpg", ".bmp", ".tif", ".txt", "_mask.png"};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace faultline::core;
    QTemporaryDir dir;
    if (!dir.isValid()) return 0;
    size_t pos = 0;
    int files = 0;
    while (pos + 3 <= size && files < 24) {
        const char* folder = kFolders[data[pos] % (sizeof(kFolders) / sizeof(kFolders[0]))];
        const char* ext = kExtensions[data[pos + 1] % (sizeof(kExtensions) / sizeof(kExtensions[0]))];
        const size_t len = std::min<size_t>(data[pos + 2], size - pos - 3);
        pos += 3;
        const QString sub = dir.path() + QLatin1Char('/') + QLatin1String(folder);
        QDir().mkpath(sub);
        QFile f(sub + QStringLiteral("/f%1%2").arg(files).arg(QLatin1String(ext)));
        if (f.open(QIODevice::WriteOnly)) f.write(reinterpret_cast<const char*>(data + pos), qint64(len));
        pos += len;
        ++files;
    }
    ScanOptions options;
    options.seed = size;
    const ScanResult result = scanDataset(dir.path(), options);
    if (!result.ok && result.error.isEmpty()) std::abort();
    for (const FileProblem& p : result.dataset.problems) {
        if (p.reason.isEmpty() || p.path.isEmpty()) std::abort();
    }
    for (const Sample& s : result.dataset.samples) {
        if (!QFile::exists(s.path)) std::abort();
    }
    return 0;
}
