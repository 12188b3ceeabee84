#include "core/demo/DemoGenerator.h"

#include "core/image/ImageCodecs.h"
#include "core/io/AtomicWrite.h"
#include "core/demo/DemoRandom.h"
#include "core/demo/DemoTexture.h"
#include "core/io/OsError.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentMap>

#include <opencv2/imgcodecs.hpp>

#include <atomic>
#include <cerrno>
#include <mutex>

namespace faultline::core {

namespace {

constexpr int kBlock = 16;                  // images per parallel batch, between progress calls
constexpr int kPngCompression = 3;          // zlib level; with the RLE strategy below, twice as fast as the default on noisy texture
const QString kMarker = QStringLiteral("demo.json");

enum Stream : quint64 { kTrainGood = 1, kTestGood = 2, kDefectBase = 10 };

QString numbered(int i) { return QStringLiteral("%1").arg(i, 3, 10, QLatin1Char('0')); }

QString writePng(const QString& path, const cv::Mat& image) {
    std::vector<uchar> bytes;
    if (!codecs::encode(".png", image, bytes, {cv::IMWRITE_PNG_COMPRESSION, kPngCompression, cv::IMWRITE_PNG_STRATEGY, cv::IMWRITE_PNG_STRATEGY_RLE}))
        return QStringLiteral("%1: PNG encoding failed %2").arg(path, codecs::problem()).trimmed();
    return writeFileAtomically(path, reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size()));
}

QString prepareFolder(const QString& outDir) {
    QDir dir(outDir);
    if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
        if (!dir.exists(kMarker))
            return QStringLiteral("%1: folder is not empty and holds no earlier demo dataset; choose an empty or new folder")
                .arg(outDir);
        for (const char* sub : {"train", "test", "ground_truth"})
            if (dir.exists(QLatin1String(sub)) && !QDir(dir.filePath(QLatin1String(sub))).removeRecursively())
                return QStringLiteral("%1: cannot remove the earlier demo dataset's %2/").arg(outDir, QLatin1String(sub));
    }
    if (!QDir().mkpath(outDir)) return QStringLiteral("%1: cannot create folder").arg(outDir);
    return {};
}

QJsonObject markerFor(const DemoOptions& o) {
    return QJsonObject{{"generator", "faultline demo"}, {"version", 1}, {"seed", QString::number(o.seed)},
                     {"size", o.size}, {"train_good", o.trainGood}, {"test_good", o.testGood},
                     {"per_defect", o.perDefect}};
}

QString writeMarker(const QString& outDir, const DemoOptions& o) {
    QJsonObject info = markerFor(o);
    QJsonArray defects;
    for (DemoDefect d : allDemoDefects()) defects.append(demoDefectName(d));
    info.insert("defects", defects);
    QSaveFile file(QDir(outDir).filePath(kMarker));
    errno = 0;
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered) || file.write(QJsonDocument(info).toJson()) < 0 || !file.commit())
        return QStringLiteral("%1: cannot write: %2").arg(file.fileName(), fileFailureReason(file, errno));
    return {};
}

} // namespace

QVector<DemoItem> demoPlan(const DemoOptions& o) {
    QVector<DemoItem> plan;
    for (int i = 0; i < o.trainGood; ++i)
        plan.push_back({QStringLiteral("train/good/%1.png").arg(numbered(i)), {}, std::nullopt,
                        DemoRandom::derive(o.seed, kTrainGood, quint64(i)), 0});
    for (int i = 0; i < o.testGood; ++i)
        plan.push_back({QStringLiteral("test/good/%1.png").arg(numbered(i)), {}, std::nullopt,
                        DemoRandom::derive(o.seed, kTestGood, quint64(i)), 0});
    for (DemoDefect d : allDemoDefects()) {
        const QString name = demoDefectName(d);
        const quint64 stream = kDefectBase + 2 * quint64(d);
        for (int i = 0; i < o.perDefect; ++i)
            plan.push_back({QStringLiteral("test/%1/%2.png").arg(name, numbered(i)),
                            QStringLiteral("ground_truth/%1/%2_mask.png").arg(name, numbered(i)), d,
                            DemoRandom::derive(o.seed, stream, quint64(i)), DemoRandom::derive(o.seed, stream + 1, quint64(i))});
    }
    return plan;
}

DemoImage renderDemoItem(const DemoItem& item, int size) {
    cv::Mat picture = demoTexture(item.textureSeed, size);
    DemoImage out;
    if (item.defect) {
        DefectedImage d = applyDemoDefect(picture, *item.defect, item.defectSeed);
        picture = d.image;
        out.mask = d.mask;
    }
    picture.convertTo(out.image, CV_8U, 255.0);
    return out;
}

DemoResult generateDemo(const QString& outDir, const DemoOptions& options, const DemoProgressFn& progress) {
    DemoResult result;
    if (options.size < 32 || options.size > 4096 || options.trainGood < 1 || options.testGood < 0 || options.perDefect < 0) {
        result.error = QStringLiteral("demo options out of range: size 32..4096, at least one training image");
        return result;
    }
    if (QString e = prepareFolder(outDir); !e.isEmpty()) { result.error = e; return result; }
    if (QString e = writeMarker(outDir, options); !e.isEmpty()) { result.error = e; return result; }
    const QDir root(outDir);
    const QVector<DemoItem> plan = demoPlan(options);
    for (const DemoItem& item : plan) {
        QDir().mkpath(QFileInfo(root.filePath(item.imagePath)).absolutePath());
        if (!item.maskPath.isEmpty()) QDir().mkpath(QFileInfo(root.filePath(item.maskPath)).absolutePath());
    }

    std::mutex errorLock;
    QString firstError;
    std::atomic_int masks{0};
    const auto make = [&](const DemoItem& item) {
        const DemoImage img = renderDemoItem(item, options.size);
        QString e = writePng(root.filePath(item.imagePath), img.image);
        if (e.isEmpty() && !img.mask.empty()) {
            e = writePng(root.filePath(item.maskPath), img.mask);
            ++masks;
        }
        if (!e.isEmpty()) {
            const std::lock_guard<std::mutex> lock(errorLock);
            if (firstError.isEmpty()) firstError = e;
        }
    };
    for (int start = 0; start < plan.size(); start += kBlock) {
        if (progress && !progress(start, int(plan.size()))) {
            result.error = QStringLiteral("demo generation into %1 cancelled").arg(outDir);
            return result;
        }
        QVector<DemoItem> block = plan.mid(start, kBlock);
        QtConcurrent::blockingMap(block, make);
        if (!firstError.isEmpty()) {
            result.error = firstError;
            return result;
        }
    }
    if (progress) progress(int(plan.size()), int(plan.size()));
    result.ok = true;
    result.images = int(plan.size());
    result.masks = masks;
    return result;
}

QString defaultDemoFolder() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("demo-fabric-v1"));
}

bool isCompleteDemo(const QString& dir, const DemoOptions& options) {
    QFile marker(QDir(dir).filePath(kMarker));
    if (!marker.open(QIODevice::ReadOnly)) return false;
    const QJsonObject found = QJsonDocument::fromJson(marker.readAll()).object();
    const QJsonObject expected = markerFor(options);
    for (auto it = expected.begin(); it != expected.end(); ++it)
        if (found.value(it.key()) != it.value()) return false;
    const QDir root(dir);
    for (const DemoItem& item : demoPlan(options))
        if (!root.exists(item.imagePath) || (!item.maskPath.isEmpty() && !root.exists(item.maskPath))) return false;
    return true;
}

DemoResult ensureDemo(const QString& dir, const DemoOptions& options, const DemoProgressFn& progress) {
    if (!isCompleteDemo(dir, options)) return generateDemo(dir, options, progress);
    DemoResult result;
    result.ok = true;
    for (const DemoItem& item : demoPlan(options)) {
        ++result.images;
        if (!item.maskPath.isEmpty()) ++result.masks;
    }
    return result;
}

} // namespace faultline::core
