// Fuzzes the whole image load path (header check, pixel limit, OpenCV decode, conversion) on
// files written from the input: a decoded image or an error naming the file, never a crash.
#include "core/image/ImageLoader.h"

#include <QDir>
#include <QFile>

#include <cstdint>
#include <cstdlib>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace faultline::core;
    static const QString path = QDir::tempPath() + QStringLiteral("/faultline-fuzz-%1.png").arg(::getpid());
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return 0;
        f.write(reinterpret_cast<const char*>(data), qint64(size));
    }
    ImageLoadOptions options;
    options.size = 16;
    options.channels = (size % 2) ? 1 : 3;
    options.maxPixels = 4'000'000; // keeps one run's memory bounded
    const LoadedImage img = loadImage(path, options);
    if (img.ok()) {
        if (img.image.rows != 16 || img.image.cols != 16 || img.image.channels() != options.channels) std::abort();
    } else if (!img.error.contains(path)) {
        std::abort(); // errors name the file
    }
    return 0;
}
