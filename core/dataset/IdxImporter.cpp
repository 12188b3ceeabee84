#include "core/dataset/IdxImporter.h"

#include "core/image/ImageCodecs.h"
#include "core/io/AtomicWrite.h"
#include "core/dataset/IdxReader.h"
#include "core/io/OsError.h"
#include "core/io/OutputGuard.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentMap>

#include <opencv2/imgcodecs.hpp>

#include <cerrno>
#include <mutex>

namespace faultline::core {

namespace {

constexpr int kBlock = 512; // images per parallel batch, between progress calls
const QString kMarker = QStringLiteral("idx_import.json");

struct Job {
    const IdxArray* images;
    int index;
    QString path;
};

QString writeJob(const Job& job) {
    const int rows = job.images->dims[1], cols = job.images->dims[2];
    const cv::Mat img(rows, cols, CV_8UC1,
                      const_cast<char*>(job.images->data.constData() + qint64(job.index) * rows * cols));
    std::vector<uchar> png;
    if (!codecs::encode(".png", img, png))
        return QStringLiteral("%1: PNG encoding failed %2").arg(job.path, codecs::problem()).trimmed();
    return writeFileAtomically(job.path, reinterpret_cast<const char*>(png.data()), qint64(png.size()));
}

IdxImportResult inputFailure(const QString& error) {
    IdxImportResult r;
    r.error = error;
    r.inputError = true;
    return r;
}

// Reads an image/label pair and checks they fit together.
QString readPair(const QString& imagesPath, const QString& labelsPath, int classes, IdxArray* images, IdxArray* labels) {
    IdxReadResult im = readIdx(imagesPath);
    if (!im.ok) return im.error;
    if (im.array.dims.size() != 3)
        return QStringLiteral("%1: expected images (3 dimensions: count, rows, columns), found %2 dimension(s)")
            .arg(imagesPath).arg(im.array.dims.size());
    if (im.array.dims[1] < 1 || im.array.dims[2] < 1)
        return QStringLiteral("%1: the images are %2x%3 pixels (rows x columns): an image needs at least 1x1")
            .arg(imagesPath).arg(im.array.dims[1]).arg(im.array.dims[2]);
    IdxReadResult lb = readIdx(labelsPath);
    if (!lb.ok) return lb.error;
    if (lb.array.dims.size() != 1)
        return QStringLiteral("%1: expected labels (1 dimension), found %2").arg(labelsPath).arg(lb.array.dims.size());
    if (lb.array.count() != im.array.count())
        return QStringLiteral("%1 holds %2 labels but %3 holds %4 images").arg(labelsPath).arg(lb.array.count())
            .arg(imagesPath).arg(im.array.count());
    for (qsizetype i = 0; i < lb.array.data.size(); ++i)
        if (quint8(lb.array.data[i]) >= classes)
            return QStringLiteral("%1: label %2 of item %3 is outside 0..%4").arg(labelsPath).arg(quint8(lb.array.data[i])).arg(i).arg(classes - 1);
    *images = std::move(im.array);
    *labels = std::move(lb.array);
    return {};
}

QString prepareFolder(const QString& outDir) {
    QDir dir(outDir);
    if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
        if (!dir.exists(kMarker))
            return QStringLiteral("%1: folder is not empty and holds no earlier import; choose an empty or new folder").arg(outDir);
        for (const char* sub : {"train", "test"})
            if (dir.exists(QLatin1String(sub)) && !QDir(dir.filePath(QLatin1String(sub))).removeRecursively())
                return QStringLiteral("%1: cannot remove the earlier import's %2/").arg(outDir, QLatin1String(sub));
    }
    if (!QDir().mkpath(outDir)) {
        QString parent = QFileInfo(outDir).absoluteFilePath();
        while (!QFileInfo::exists(parent) && parent.lastIndexOf(QLatin1Char('/')) > 0)
            parent.truncate(parent.lastIndexOf(QLatin1Char('/')));
        return QStringLiteral("%1: cannot create folder: %2").arg(outDir, OutputGuard::probeWritable(parent));
    }
    return {};
}

} // namespace

QString fashionMnistDir() { return QStringLiteral("/usr/share/datasets/fashion-mnist"); }

QStringList fashionMnistClassFolders() {
    return {QStringLiteral("t-shirt_top"), QStringLiteral("trouser"), QStringLiteral("pullover"), QStringLiteral("dress"),
            QStringLiteral("coat"), QStringLiteral("sandal"), QStringLiteral("shirt"), QStringLiteral("sneaker"),
            QStringLiteral("bag"), QStringLiteral("ankle_boot")};
}

IdxImportOptions defaultFashionMnist() {
    const QDir d(fashionMnistDir());
    IdxImportOptions o;
    o.trainImages = d.filePath(QStringLiteral("train-images-idx3-ubyte.gz"));
    o.trainLabels = d.filePath(QStringLiteral("train-labels-idx1-ubyte.gz"));
    o.testImages = d.filePath(QStringLiteral("t10k-images-idx3-ubyte.gz"));
    o.testLabels = d.filePath(QStringLiteral("t10k-labels-idx1-ubyte.gz"));
    return o;
}

IdxImportResult importIdx(const IdxImportOptions& o, const QString& outDir, const IdxProgressFn& progress) {
    const int classes = int(o.classFolders.size());
    if (classes < 2) return inputFailure(QStringLiteral("at least two class folder names are needed"));
    if (o.normalClass < 0 || o.normalClass >= classes)
        return inputFailure(QStringLiteral("normal class %1 is outside 0..%2").arg(o.normalClass).arg(classes - 1));
    for (const QString& folder : o.classFolders)
        if (folder.isEmpty() || folder.contains(QLatin1Char('/')) || folder == QLatin1String("good") || folder.startsWith(QLatin1Char('.')))
            return inputFailure(QStringLiteral("'%1' cannot be a class folder name").arg(folder));

    // An earlier import is emptied before writing: the IDX files must not lie inside it.
    OutputGuard guard;
    for (const QString& in : {o.trainImages, o.trainLabels, o.testImages, o.testLabels})
        guard.addInputFile(in, QStringLiteral("the IDX file ") + in);
    if (const QString bad = guard.holdsInput(outDir, QStringLiteral("the output folder")); !bad.isEmpty())
        return inputFailure(bad);

    IdxArray trainImages, trainLabels, testImages, testLabels;
    if (QString e = readPair(o.trainImages, o.trainLabels, classes, &trainImages, &trainLabels); !e.isEmpty()) return inputFailure(e);
    if (QString e = readPair(o.testImages, o.testLabels, classes, &testImages, &testLabels); !e.isEmpty()) return inputFailure(e);

    IdxImportResult result;
    if (QString e = prepareFolder(outDir); !e.isEmpty()) {
        result.error = e;
        result.inputError = e.contains(QLatin1String("not empty"));
        return result;
    }
    const QDir root(outDir);
    QVector<Job> jobs;
    root.mkpath(QStringLiteral("train/good"));
    for (int i = 0; i < int(trainLabels.count()); ++i)
        if (quint8(trainLabels.data[i]) == o.normalClass) {
            jobs.push_back({&trainImages, i, root.filePath(QStringLiteral("train/good/%1.png").arg(i, 5, 10, QLatin1Char('0')))});
            ++result.trainGood;
        }
    for (int i = 0; i < int(testLabels.count()); ++i) {
        const int label = quint8(testLabels.data[i]);
        const QString folder = label == o.normalClass ? QStringLiteral("good") : o.classFolders[label];
        root.mkpath(QStringLiteral("test/") + folder);
        jobs.push_back({&testImages, i, root.filePath(QStringLiteral("test/%1/%2.png").arg(folder).arg(i, 5, 10, QLatin1Char('0')))});
        ++(label == o.normalClass ? result.testGood : result.testAnomalous);
    }
    if (result.trainGood == 0) return inputFailure(QStringLiteral("%1: no training image has label %2").arg(o.trainLabels).arg(o.normalClass));

    QSaveFile marker(root.filePath(kMarker));
    errno = 0;
    const QJsonObject info{{"normal_class", o.normalClass}, {"normal_folder", o.classFolders[o.normalClass]},
                           {"train_images", o.trainImages}, {"test_images", o.testImages}};
    if (!marker.open(QIODevice::WriteOnly | QIODevice::Unbuffered) || marker.write(QJsonDocument(info).toJson()) < 0 || !marker.commit()) {
        result.error = QStringLiteral("%1: cannot write: %2").arg(marker.fileName(), fileFailureReason(marker, errno));
        return result;
    }
    std::mutex lock;
    QString firstError;
    for (int start = 0; start < jobs.size(); start += kBlock) {
        if (progress && !progress(start, int(jobs.size()))) {
            result.error = QStringLiteral("import into %1 cancelled").arg(outDir);
            return result;
        }
        QtConcurrent::blockingMap(jobs.begin() + start, jobs.begin() + std::min<qsizetype>(start + kBlock, jobs.size()),
                                  [&](const Job& job) {
                                      const QString e = writeJob(job);
                                      if (e.isEmpty()) return;
                                      const std::lock_guard<std::mutex> guard(lock);
                                      if (firstError.isEmpty()) firstError = e;
                                  });
        if (!firstError.isEmpty()) {
            result.error = firstError;
            return result;
        }
    }
    if (progress) progress(int(jobs.size()), int(jobs.size()));
    result.ok = true;
    return result;
}

} // namespace faultline::core
