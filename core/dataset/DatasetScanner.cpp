#include "core/dataset/DatasetScanner.h"

#include "core/io/HeaderCheck.h"
#include "core/dataset/ImageFileLister.h"
#include "core/dataset/LayoutDetector.h"
#include "core/dataset/UndecodableNames.h"
#include "core/dataset/ValidationSplit.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>

#include <algorithm>

namespace faultline::core {

namespace {

// Salt so the plain layout's test hold-out and the validation hold-out differ for one seed.
constexpr quint64 kTestHoldOutSalt = 0x7465737468656c64ull;

using MaskIndex = QHash<QString, QString>; // image base name -> mask path
constexpr auto kDescend = ImageFileLister::Subfolders::Descend;

// Masks are named <name>_mask.<ext> (MVTec AD) or <name>.<ext>; both are indexed by <name>.
MaskIndex indexMasks(ImageFileLister& lister, const QString& dir) {
    MaskIndex index;
    if (dir.isEmpty() || !QFileInfo(dir).isDir()) return index;
    for (const QString& path : lister.list(dir, ImageFileLister::Subfolders::Report)) {
        QString stem = QFileInfo(path).completeBaseName();
        if (stem.endsWith(QLatin1String("_mask"))) stem.chop(5);
        index.insert(stem, path);
    }
    return index;
}

class Collector {
public:
    Collector(Dataset& dataset, ImageFileLister& lister) : m_data(dataset), m_lister(lister) {}

    void add(const QString& dir, Split split, GroundTruth truth, const QString& defect,
             ImageFileLister::Subfolders subfolders, const MaskIndex* masks = nullptr) {
        for (const QString& path : m_lister.list(dir, subfolders)) {
            Sample s;
            s.path = path;
            s.split = split;
            s.truth = truth;
            s.defect = defect;
            if (masks) s.maskPath = masks->value(QFileInfo(path).completeBaseName());
            m_data.samples.push_back(s);
        }
    }

    // Class folders (good/, <defect>/) under a split folder; files lying beside them are reported.
    QStringList classFolders(const QString& dir) {
        const QDir d(dir);
        m_data.problems += undecodableEntries(dir); // a defect class must not vanish with its folder name
        for (const QFileInfo& f : d.entryInfoList(QDir::Files | QDir::NoDotAndDotDot))
            m_data.problems.push_back({f.absoluteFilePath(), QStringLiteral("not inside a class folder (e.g. good/): ignored")});
        return d.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    }

    void mvtec(const LayoutGuess& guess) {
        const QString train = guess.folder(QStringLiteral("train"));
        const QString test = guess.folder(QStringLiteral("test"));
        const QString truth = guess.folder(QStringLiteral("ground_truth"));
        if (!train.isEmpty()) {
            bool sawGood = false;
            for (const QString& name : classFolders(train)) {
                const QString sub = QDir(train).absoluteFilePath(name);
                if (name.compare(QLatin1String("good"), Qt::CaseInsensitive) == 0) {
                    add(sub, Split::Train, GroundTruth::Normal, QStringLiteral("good"), kDescend);
                    sawGood = true;
                } else {
                    m_data.problems.push_back({sub, QStringLiteral("only train/good/ is used for training: folder ignored")});
                }
            }
            if (!sawGood) m_data.warnings << QStringLiteral("no train/good/ folder in %1").arg(train);
        }
        if (!test.isEmpty()) {
            for (const QString& name : classFolders(test)) {
                const QString sub = QDir(test).absoluteFilePath(name);
                if (name.compare(QLatin1String("good"), Qt::CaseInsensitive) == 0) {
                    add(sub, Split::Test, GroundTruth::Normal, QStringLiteral("good"), kDescend);
                } else {
                    const MaskIndex masks = indexMasks(m_lister, truth.isEmpty() ? QString() : QDir(truth).absoluteFilePath(name));
                    add(sub, Split::Test, GroundTruth::Anomalous, name, kDescend, &masks);
                }
            }
        }
    }

    void plain(const LayoutGuess& guess) {
        const QString normal = guess.folder(QStringLiteral("normal"));
        const QString anomalous = guess.folder(QStringLiteral("anomalous"));
        const QString unlabeled = guess.folder(QStringLiteral("unlabeled"));
        const QString truth = guess.folder(QStringLiteral("ground_truth"));
        if (!normal.isEmpty()) add(normal, Split::Train, GroundTruth::Normal, QStringLiteral("good"), kDescend);
        if (!anomalous.isEmpty()) {
            const MaskIndex topMasks = indexMasks(m_lister, truth);
            add(anomalous, Split::Test, GroundTruth::Anomalous, QString(), ImageFileLister::Subfolders::Skip, &topMasks);
            for (const QString& name : QDir(anomalous).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
                const MaskIndex masks = indexMasks(m_lister, truth.isEmpty() ? QString() : QDir(truth).absoluteFilePath(name));
                add(QDir(anomalous).absoluteFilePath(name), Split::Test, GroundTruth::Anomalous, name, kDescend, &masks);
            }
        }
        if (!unlabeled.isEmpty()) add(unlabeled, Split::Test, GroundTruth::Unknown, QString(), kDescend);
    }

private:
    Dataset& m_data;
    ImageFileLister& m_lister;
};

void addSummaryWarnings(Dataset& data) {
    int anomalous = 0, withMask = 0;
    for (const Sample& s : data.samples)
        if (s.truth == GroundTruth::Anomalous) {
            ++anomalous;
            if (!s.maskPath.isEmpty()) ++withMask;
        }
    if (data.count(Split::Train, GroundTruth::Normal) + data.count(Split::Val, GroundTruth::Normal) == 0)
        data.warnings << QStringLiteral("no normal training images: a model cannot be trained on this dataset");
    if (data.count(Split::Test, GroundTruth::Normal) + data.count(Split::Test, GroundTruth::Anomalous) +
            data.count(Split::Test, GroundTruth::Unknown) == 0)
        data.warnings << QStringLiteral("no test images: nothing to evaluate");
    if (data.layout == DatasetLayout::MvTec && anomalous > 0 && withMask < anomalous)
        data.warnings << QStringLiteral("%1 of %2 anomalous test images have no ground-truth mask (pixel metrics skip them)")
                             .arg(anomalous - withMask).arg(anomalous);
}

} // namespace

int Dataset::count(Split split, GroundTruth truth) const {
    return int(std::count_if(samples.begin(), samples.end(),
                             [&](const Sample& s) { return s.split == split && s.truth == truth; }));
}

ScanResult scanDataset(const QString& root, const ScanOptions& options, const ScanProgressFn& progress) {
    ScanResult result;
    const QFileInfo rootInfo(root);
    if (root.isEmpty() || !rootInfo.exists()) {
        result.error = QStringLiteral("%1: dataset folder not found").arg(root);
        return result;
    }
    if (!rootInfo.isDir()) {
        result.error = QStringLiteral("%1: not a folder").arg(root);
        return result;
    }
    if (!rootInfo.isReadable() || !rootInfo.isExecutable()) {
        result.error = QStringLiteral("%1: folder cannot be read (permission denied)").arg(root);
        return result;
    }
    if (!(options.valFraction >= 0 && options.valFraction < 1) ||
        !(options.plainTestFraction >= 0 && options.plainTestFraction < 1)) {
        result.error = QStringLiteral("validation and test fractions must lie in [0, 1)");
        return result;
    }
    const LayoutGuess guess = detectLayout(root);
    if (!guess.ok) {
        result.error = guess.error;
        return result;
    }
    Dataset& data = result.dataset;
    data.root = rootInfo.absoluteFilePath();
    data.layout = guess.layout;
    data.description = guess.description;

    ImageFileLister lister;
    Collector collect(data, lister);
    if (guess.layout == DatasetLayout::MvTec) collect.mvtec(guess);
    else collect.plain(guess);
    data.problems += lister.takeProblems();

    if (options.checkHeaders && !checkSampleHeaders(data, options.maxPixels, progress)) {
        result.error = QStringLiteral("scan of %1 cancelled").arg(root);
        return result;
    }
    if (data.samples.isEmpty()) {
        result.error = data.problems.isEmpty()
                           ? QStringLiteral("%1: no images found (%2)").arg(root, guess.description)
                           : QStringLiteral("%1: no usable images (%2 files have problems, first: %3: %4)")
                                 .arg(root).arg(data.problems.size())
                                 .arg(data.problems.first().path, data.problems.first().reason);
        result.dataset.problems = data.problems;
        return result;
    }
    if (guess.layout == DatasetLayout::Plain)
        holdOut(data.samples, options.plainTestFraction, options.seed ^ kTestHoldOutSalt, Split::Test);
    holdOut(data.samples, options.valFraction, options.seed, Split::Val);

    std::sort(data.samples.begin(), data.samples.end(), [](const Sample& a, const Sample& b) { return a.path < b.path; });
    std::sort(data.problems.begin(), data.problems.end(),
              [](const FileProblem& a, const FileProblem& b) { return a.path < b.path; });
    addSummaryWarnings(data);
    result.ok = true;
    return result;
}

} // namespace faultline::core
