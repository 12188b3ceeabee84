#pragma once
// Finds the images of a dataset folder, their split, label, defect type and mask, without
// decoding any image. Call from a worker thread for big trees (100k files take seconds, see
// docs/benchmarks/data.md); the progress callback runs on the calling thread.

#include "core/dataset/DatasetLayout.h"
#include "core/io/FileProblem.h"
#include "core/dataset/Sample.h"

#include <QStringList>
#include <QVector>

#include <functional>

namespace faultline::core {

struct ScanOptions {
    bool checkHeaders = true;       // read each file's first bytes: empty, non-image and cut-short files become problems
    double valFraction = 0.1;       // share of train normals held out as Split::Val, in [0,1)
    quint64 seed = 42;              // seeds the validation (and plain-layout test) hold-out
    double plainTestFraction = 0.2; // plain layout: share of normal/ held out as test normals, in [0,1)
    qint64 maxPixels = 100'000'000; // declared sizes above this are problems (as ImageLoadOptions::maxPixels)
};

struct Dataset {
    QString root;                      // absolute
    DatasetLayout layout = DatasetLayout::MvTec;
    QVector<Sample> samples;           // sorted by path; split already applied
    QVector<FileProblem> problems;     // files left out, with the reason, sorted by path
    QString description;               // what was found, e.g. "MVTec AD layout (train/, test/, ground_truth/)"
    QStringList warnings;              // usable but worth knowing: no train normals, masks missing, ...

    int count(Split split, GroundTruth truth) const;
};

struct ScanResult {
    bool ok = false;
    QString error;                     // why the dataset cannot be used at all, naming the folder
    Dataset dataset;
};

// Called with (files checked, files to check); return false to cancel the scan.
using ScanProgressFn = std::function<bool(qint64 done, qint64 total)>;

ScanResult scanDataset(const QString& root, const ScanOptions& options = {}, const ScanProgressFn& progress = {});

} // namespace faultline::core
