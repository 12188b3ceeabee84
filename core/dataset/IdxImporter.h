#pragma once
// Turns IDX image/label files (Fashion-MNIST as Debian's dataset-fashion-mnist installs it)
// into the one-class protocol in MVTec AD layout: the training images of one class become
// train/good/; the whole IDX test set becomes test/, the normal class in test/good/ and every
// other class in test/<class name>/. Images are written as 8-bit gray PNG, named after their
// index in the IDX file. Call from a worker thread; progress runs on the calling thread.

#include <QString>
#include <QStringList>

#include <functional>

namespace faultline::core {

QString fashionMnistDir();               // /usr/share/datasets/fashion-mnist
QStringList fashionMnistClassFolders();  // "t-shirt_top", "trouser", ... "ankle_boot"

struct IdxImportOptions {
    QString trainImages, trainLabels;    // IDX files, plain or .gz
    QString testImages, testLabels;
    int normalClass = 0;                 // label value of the normal class
    QStringList classFolders = fashionMnistClassFolders(); // folder name per label value
};

IdxImportOptions defaultFashionMnist(); // the four files under fashionMnistDir()

struct IdxImportResult {
    bool ok = false;
    QString error;        // names the file and the reason
    bool inputError = false; // the error is about the input files or options (not about writing)
    int trainGood = 0;
    int testGood = 0;
    int testAnomalous = 0;
};

using IdxProgressFn = std::function<bool(int done, int total)>; // false cancels

// outDir must be empty, new, or hold an earlier import (recognised by its idx_import.json).
IdxImportResult importIdx(const IdxImportOptions& options, const QString& outDir, const IdxProgressFn& progress = {});

} // namespace faultline::core
