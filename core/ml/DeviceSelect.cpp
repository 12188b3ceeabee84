#include <torch/torch.h>
#include "internal/DeviceSelectTorch.h"

#include <QThread>

#include <climits>
#include <mutex>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace faultline::ml {

bool parseDeviceChoice(const QString& text, DeviceChoice* out) {
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("auto")) *out = DeviceChoice::Auto;
    else if (t == QLatin1String("cpu")) *out = DeviceChoice::Cpu;
    else if (t == QLatin1String("cuda")) *out = DeviceChoice::Cuda;
    else return false;
    return true;
}

QString deviceChoiceName(DeviceChoice choice) {
    switch (choice) {
    case DeviceChoice::Auto: return QStringLiteral("auto");
    case DeviceChoice::Cpu: return QStringLiteral("cpu");
    case DeviceChoice::Cuda: return QStringLiteral("cuda");
    }
    return QStringLiteral("auto");
}

bool cudaAvailable() { return torch::cuda::is_available(); }

int resolveThreads(int requested) {
    if (requested > 0) return requested;
    return std::max(1, QThread::idealThreadCount());
}

namespace {
void keepFreedMemoryForReuse() {
#if defined(__GLIBC__)
    static std::once_flag once;
    std::call_once(once, [] {
        // glibc hands blocks from 128 KiB up straight back to the kernel and trims the heap
        // whenever 128 KiB lie free at its top, so every batch's activations were faulted in
        // afresh, page by page (a fifth of training time). Keep blocks up to glibc's largest
        // heap block (32 MiB) in the heap, and freed memory in the process for the next batch.
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, INT_MAX);
    });
#endif
}
} // namespace

void releaseFreedMemory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

void applyThreads(int requested) {
    keepFreedMemoryForReuse();
    const int n = resolveThreads(requested);
    if (torch::get_num_threads() != n) torch::set_num_threads(n);
}

bool resolveDevice(DeviceChoice choice, torch::Device* device, QString* error) {
    const bool cuda = cudaAvailable();
    if (choice == DeviceChoice::Cuda && !cuda) {
        if (error)
            *error = QStringLiteral("CUDA was requested but this LibTorch has no CUDA support or no GPU "
                                    "is visible; use --device cpu or auto");
        return false;
    }
    *device = (choice != DeviceChoice::Cpu && cuda) ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    return true;
}

QString describeDevice(DeviceChoice choice, int threads, QString* error) {
    torch::Device device(torch::kCPU);
    QString why;
    if (!resolveDevice(choice, &device, &why)) {
        if (error) *error = why;
        return QStringLiteral("unavailable: ") + why;
    }
    if (device.is_cuda()) {
        // The device name needs the CUDA runtime headers, which a CPU build lacks; the count is portable.
        return QStringLiteral("CUDA device 0 of %1").arg(int(torch::cuda::device_count()));
    }
    return QStringLiteral("CPU, %1 threads").arg(resolveThreads(threads));
}

} // namespace faultline::ml
