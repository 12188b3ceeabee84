// Fuzzes the model bundle reader on files written from the input: ModelBundle::load and
// loadHeader either succeed with metadata that passed the reader's checks, or fail with an
// error naming the file. Never a crash, never an allocation the file's own size does not back.
#include "core/ml/ModelBundle.h"

#include <QDir>
#include <QFile>

#include <cstdint>
#include <cstdlib>
#include <unistd.h>

using namespace faultline::ml;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const QString path = QDir::tempPath() + QStringLiteral("/faultline-fuzz-%1.flmodel").arg(::getpid());
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return 0;
        f.write(reinterpret_cast<const char*>(data), qint64(size));
    }
    BundleMetadata meta;
    BundleCalibration cal;
    QString error;
    const bool headerOk = ModelBundle::loadHeader(path, &meta, &cal, &error);
    if (!headerOk && !error.contains(path)) std::abort();
    if (headerOk) {
        if (meta.formatVersion < ModelBundle::kOldestFormatVersion || meta.formatVersion > ModelBundle::kFormatVersion || meta.size < 8 || meta.size % 8 != 0 ||
            (meta.channels != 1 && meta.channels != 3))
            std::abort();
        // The calibration read back from arbitrary JSON must still answer queries sanely.
        for (const ScoreCalibration& c : cal.methods) {
            if (c.count != int(c.scores.size())) std::abort();
            c.quantile(0.5);
        }
        cal.hasThreshold();
        cal.hasReviewBand();
        calibrationToJson(cal);
    }
    ModelBundle bundle;
    QString loadError;
    const bool loaded = ModelBundle::load(path, &bundle, &loadError);
    if (loaded && !headerOk) std::abort(); // a full load checks at least what the header read checks
    if (!loaded && !loadError.contains(path)) std::abort();
    return 0;
}
