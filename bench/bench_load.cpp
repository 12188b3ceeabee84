// Image decoding throughput of ImageLoader on the demo dataset.
//   bench_load [--data DIR] [--size S] [--repeat R]
// DIR defaults to a freshly generated demo dataset. Prints milliseconds per image for
// loadImage at the original size and resized to S (default 128), and for the header read alone.
#include "core/dataset/DatasetScanner.h"
#include "core/demo/DemoGenerator.h"
#include "core/image/ImageHeader.h"
#include "core/image/ImageLoader.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

using namespace faultline::core;

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QString data;
    int size = 128, repeat = 3;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == "--data" && i + 1 < args.size()) data = args[++i];
        else if (args[i] == "--size" && i + 1 < args.size()) size = args[++i].toInt();
        else if (args[i] == "--repeat" && i + 1 < args.size()) repeat = args[++i].toInt();
    }
    QTextStream out(stdout);
    QTemporaryDir tmp;
    if (data.isEmpty()) {
        data = tmp.filePath("demo");
        if (!generateDemo(data).ok) return 1;
    }
    const ScanResult scan = scanDataset(data);
    if (!scan.ok) { out << scan.error << Qt::endl; return 1; }
    const auto& samples = scan.dataset.samples;
    auto timeIt = [&](const char* label, auto&& fn) {
        QElapsedTimer t;
        t.start();
        qint64 n = 0;
        for (int r = 0; r < repeat; ++r)
            for (const Sample& s : samples) { fn(s.path); ++n; }
        out << label << ": " << t.nsecsElapsed() / 1e6 / double(n) << " ms per image (" << n << " loads)" << Qt::endl;
    };
    timeIt("header only          ", [](const QString& p) { (void)readImageHeader(p); });
    timeIt("loadImage, original  ", [](const QString& p) { (void)loadImage(p); });
    timeIt(qPrintable(QStringLiteral("loadImage, %1x%1 gray").arg(size)), [size](const QString& p) { (void)loadImage(p, {size, 1}); });
    timeIt(qPrintable(QStringLiteral("loadImage, %1x%1 RGB ").arg(size)), [size](const QString& p) { (void)loadImage(p, {size, 3}); });
    return 0;
}
