#include "core/dataset/LayoutDetector.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>

namespace faultline::core {

QString layoutName(DatasetLayout layout) {
    return layout == DatasetLayout::MvTec ? QStringLiteral("mvtec") : QStringLiteral("plain");
}

namespace {

const QStringList kMvTecFolders = {QStringLiteral("train"), QStringLiteral("test"), QStringLiteral("ground_truth")};
const QStringList kPlainFolders = {QStringLiteral("normal"), QStringLiteral("anomalous"), QStringLiteral("unlabeled"),
                                   QStringLiteral("ground_truth")};

QString joinFolders(const QStringList& names) {
    QStringList shown;
    for (const QString& n : names) shown << n + QLatin1Char('/');
    return shown.join(QStringLiteral(", "));
}

} // namespace

LayoutGuess detectLayout(const QString& root) {
    LayoutGuess guess;
    const QDir dir(root);
    const QStringList subdirs = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString& name : subdirs) {
        const QString key = name.toLower();
        if ((kMvTecFolders.contains(key) || kPlainFolders.contains(key)) && !guess.folders.contains(key))
            guess.folders.insert(key, dir.absoluteFilePath(name));
    }
    const bool mvtec = guess.folders.contains(QStringLiteral("train")) || guess.folders.contains(QStringLiteral("test"));
    const bool plain = guess.folders.contains(QStringLiteral("normal")) || guess.folders.contains(QStringLiteral("anomalous")) ||
                       guess.folders.contains(QStringLiteral("unlabeled"));
    QStringList present;
    for (const QString& key : (mvtec ? kMvTecFolders : kPlainFolders))
        if (guess.folders.contains(key)) present << QFileInfo(guess.folders.value(key)).fileName();

    if (mvtec && plain) {
        guess.error = QStringLiteral("ambiguous layout: both MVTec AD folders (train/, test/) and plain folders "
                                     "(normal/, anomalous/, unlabeled/) are present in %1").arg(root);
        return guess;
    }
    if (mvtec) {
        guess.ok = true;
        guess.layout = DatasetLayout::MvTec;
        guess.description = QStringLiteral("MVTec AD layout (%1)").arg(joinFolders(present));
        return guess;
    }
    if (plain) {
        guess.ok = true;
        guess.layout = DatasetLayout::Plain;
        guess.description = QStringLiteral("plain layout (%1)").arg(joinFolders(present));
        return guess;
    }
    // A folder of MVTec AD categories (bottle/, cable/, ...) is a common first try.
    QStringList categories;
    for (const QString& name : subdirs) {
        const QDir sub(dir.absoluteFilePath(name));
        if (sub.exists(QStringLiteral("train")) || sub.exists(QStringLiteral("test"))) categories << name;
    }
    if (!categories.isEmpty()) {
        guess.error = QStringLiteral("%1 holds several datasets (MVTec AD categories); open one of: %2")
                          .arg(root, categories.join(QStringLiteral(", ")));
        return guess;
    }
    guess.error = QStringLiteral("layout not recognised in %1: expected train/ and test/ (MVTec AD) or normal/, "
                                 "anomalous/, unlabeled/ (plain); found %2")
                      .arg(root, subdirs.isEmpty() ? QStringLiteral("no subfolders")
                                                   : QStringLiteral("folders ") + joinFolders(subdirs));
    return guess;
}

} // namespace faultline::core
