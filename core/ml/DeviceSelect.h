#pragma once
// Where the networks run. The one place that turns "auto|cpu|cuda" and a thread count into a
// LibTorch device and intra-op thread setting. Thread-safe except applyThreads(), which sets a
// process-wide LibTorch setting (call it from the thread that is about to compute).

#include <QString>

namespace faultline::ml {

enum class DeviceChoice { Auto, Cpu, Cuda };

bool parseDeviceChoice(const QString& text, DeviceChoice* out); // "auto", "cpu", "cuda"
QString deviceChoiceName(DeviceChoice choice);

bool cudaAvailable();
// 0 (or less) means every core the machine has.
int resolveThreads(int requested);
// Sets LibTorch's intra-op threads (it starts with 1 here) to resolveThreads(requested). The
// first call also keeps freed memory in the process for the next batch instead of handing it
// back to the kernel (glibc's malloc; elsewhere nothing); releaseFreedMemory() gives it back.
void applyThreads(int requested);
void releaseFreedMemory();

// What a choice resolves to, for the GUI and logs: "CUDA: <device name>" or "CPU, N threads".
// Cuda when CUDA is missing: *error is set and the text says so.
QString describeDevice(DeviceChoice choice, int threads, QString* error = nullptr);

} // namespace faultline::ml
