// Fuzzes opening a project database written from the input (seeded with a real project): a
// damaged, foreign or truncated file is refused with an error naming it, and a file that opens
// can be read through every query the workbench makes on opening a project. Never a crash.
#include "core/project/ProjectStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdint>
#include <cstdlib>
#include <unistd.h>

using namespace faultline::core;

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    static QCoreApplication app(*argc, *argv); // Qt SQL loads its SQLite driver through the application
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const QString path = QDir::tempPath() + QStringLiteral("/faultline-fuzz-%1.faultline").arg(::getpid());
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) QFile::remove(path + QLatin1String(suffix));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return 0;
        f.write(reinterpret_cast<const char*>(data), qint64(size));
    }
    ProjectStore store;
    if (!store.open(path, ProjectStore::OpenExisting, /*busyTimeoutMs=*/0)) {
        if (store.isOpen() || !store.lastError().contains(QFileInfo(path).absoluteFilePath())) std::abort();
        return 0;
    }
    store.schemaVersion();
    store.datasetRoot();
    for (const ProjectSample& s : store.samples()) {
        store.toSample(s);
        store.label(s.id);
    }
    store.sampleCount();
    store.labels();
    for (const TrainingRun& r : store.runs()) {
        store.scores(r.id);
        store.thresholds(r.id);
        store.latestThreshold(r.id);
    }
    store.meta(QStringLiteral("dataset_layout"));
    store.close();
    return 0;
}
