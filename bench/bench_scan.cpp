// Dataset scan speed on a generated MVTec-layout tree of tiny PNG files.
//   bench_scan [--images N] [--dir PATH] [--repeat R] [--threads T] [--keep]
// Prints the time of a scan without header checks (listing only) and with header checks,
// as total seconds and microseconds per file. The tree is made once and reused when --dir
// names an existing one.
#include "core/dataset/DatasetScanner.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <QThreadPool>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <vector>

using namespace faultline::core;

namespace {

QByteArray tinyPng() {
    cv::Mat m(8, 8, CV_8UC1, cv::Scalar(128));
    std::vector<uchar> buf;
    cv::imencode(".png", m, buf);
    return QByteArray(reinterpret_cast<const char*>(buf.data()), int(buf.size()));
}

void writeMany(const QString& dir, const QString& suffix, int n, const QByteArray& bytes) {
    QDir().mkpath(dir);
    for (int i = 0; i < n; ++i) {
        QFile f(QStringLiteral("%1/%2%3.png").arg(dir).arg(i, 6, 10, QLatin1Char('0')).arg(suffix));
        if (f.open(QIODevice::WriteOnly)) f.write(bytes);
    }
}

// 70% train/good, 10% test/good, 20% over five defect folders, each defect image with a mask.
qint64 makeTree(const QString& root, int images) {
    const QByteArray png = tinyPng();
    const int train = images * 7 / 10, good = images / 10, perDefect = (images - train - good) / 5;
    writeMany(root + "/train/good", {}, train, png);
    writeMany(root + "/test/good", {}, good, png);
    for (int d = 0; d < 5; ++d) {
        const QString name = QStringLiteral("defect%1").arg(d);
        writeMany(root + "/test/" + name, {}, perDefect, png);
        writeMany(root + "/ground_truth/" + name, QStringLiteral("_mask"), perDefect, png);
    }
    return qint64(train) + good + 10LL * perDefect;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    int images = 100000, repeat = 3;
    QString root = QDir::tempPath() + "/faultline-bench-scan";
    bool keep = false;
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == "--images" && i + 1 < args.size()) images = args[++i].toInt();
        else if (args[i] == "--dir" && i + 1 < args.size()) root = args[++i];
        else if (args[i] == "--repeat" && i + 1 < args.size()) repeat = std::max(1, args[++i].toInt());
        else if (args[i] == "--threads" && i + 1 < args.size()) QThreadPool::globalInstance()->setMaxThreadCount(args[++i].toInt());
        else if (args[i] == "--keep") keep = true;
    }
    QTextStream out(stdout);
    const bool existed = QDir(root + "/train").exists();
    QElapsedTimer timer;
    timer.start();
    const qint64 files = existed ? -1 : makeTree(root, images);
    if (!existed) out << "generated " << files << " files in " << timer.elapsed() / 1000.0 << " s under " << root << Qt::endl;
    out << "threads in pool: " << QThreadPool::globalInstance()->maxThreadCount() << Qt::endl;

    for (bool headers : {false, true}) {
        std::vector<double> seconds;
        ScanResult res;
        for (int r = 0; r < repeat; ++r) {
            ScanOptions o;
            o.checkHeaders = headers;
            timer.restart();
            res = scanDataset(root, o);
            seconds.push_back(timer.nsecsElapsed() / 1e9);
        }
        const qint64 n = res.dataset.samples.size();
        const qint64 withMasks = n + res.dataset.count(Split::Test, GroundTruth::Anomalous);
        const double s = median(seconds);
        out << (headers ? "scan with header checks: " : "scan, listing only:      ") << s << " s median of " << repeat
            << " for " << n << " images + masks (" << withMasks << " files), " << s * 1e6 / double(withMasks)
            << " us/file, ok=" << res.ok << " problems=" << res.dataset.problems.size() << Qt::endl;
    }
    if (!keep && !existed) QDir(root).removeRecursively();
    return 0;
}
