#pragma once
// The built-in demo dataset: a woven fabric with five kinds of defect, in MVTec AD layout,
// made entirely by the program (no download) and fully determined by a seed. The workbench
// opens it by default; `faultline-cli demo` writes it. Call generateDemo from a worker thread
// (about a second of CPU for the default size); the progress callback runs on the calling thread.

#include "core/demo/DemoDefects.h"

#include <QString>
#include <QVector>

#include <functional>
#include <optional>

namespace faultline::core {

struct DemoOptions {
    quint64 seed = 1;
    int size = 256;       // image side in pixels
    int trainGood = 240;  // train/good images
    int testGood = 40;    // test/good images
    int perDefect = 12;   // test images per defect type (five types)
};

// One image of the plan: where it goes and the seeds that make it.
struct DemoItem {
    QString imagePath;                 // relative to the output folder, forward slashes
    QString maskPath;                  // relative mask path, empty for good images
    std::optional<DemoDefect> defect;  // none for good images
    quint64 textureSeed = 0;           // demoTexture(textureSeed, size) is the image before the defect
    quint64 defectSeed = 0;
};

struct DemoImage {
    cv::Mat image; // CV_8UC1, as written to disk
    cv::Mat mask;  // CV_8UC1 0/255, empty for good images
};

// Every image the generator writes, in a fixed order.
QVector<DemoItem> demoPlan(const DemoOptions& options);
DemoImage renderDemoItem(const DemoItem& item, int size);

struct DemoResult {
    bool ok = false;
    QString error;     // names the file or folder and the reason
    int images = 0;
    int masks = 0;
};

// Called with (images done, images total); return false to cancel.
using DemoProgressFn = std::function<bool(int done, int total)>;

// Writes the dataset under outDir (created if needed). outDir must be empty or hold a demo
// dataset written before (recognised by its demo.json), which is then replaced. Every file
// is written to a temporary name and renamed into place.
DemoResult generateDemo(const QString& outDir, const DemoOptions& options = {}, const DemoProgressFn& progress = {});

// Where the workbench keeps its demo dataset: <cache location>/demo-fabric-v1.
QString defaultDemoFolder();

// True when dir holds a complete demo written with these options (marker matches, every
// planned file present). Checks names only; does not decode.
bool isCompleteDemo(const QString& dir, const DemoOptions& options = {});

// Generates the demo into dir unless isCompleteDemo already holds; for the workbench's start.
DemoResult ensureDemo(const QString& dir, const DemoOptions& options = {}, const DemoProgressFn& progress = {});

} // namespace faultline::core
