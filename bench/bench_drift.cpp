// Lot drift check: how often the rule flags an unchanged lot, and how small a darkening it sees.
//   bench_drift [--trials N] [--lot N] [--side PX]
// One reference of N demo fabric normals (seeds 1000...), against `trials` lots of N other demo
// normals each (fresh seeds per lot): counts the lots the rule flags (KS p < 0.01 and PSI > 0.25
// on any image statistic), and how many would be flagged by either condition alone. Then the
// first 30 of those lots made 2%, 5%, 10% and 20% darker: how many are flagged. Image statistics
// only (no model); pixels go through 8 bits as a PNG would.
#include "core/demo/DemoTexture.h"
#include "core/eval/DriftReport.h"

#include <QCoreApplication>
#include <QTextStream>

#include <algorithm>

using namespace faultline::core;

namespace {

QVector<ImageStatistics> lot(quint64 firstSeed, int n, int side, double factor) {
    QVector<ImageStatistics> stats;
    for (int i = 0; i < n; ++i) {
        cv::Mat bytes, unit;
        demoTexture(firstSeed + quint64(i), side).convertTo(bytes, CV_8U, 255.0 * factor);
        bytes.convertTo(unit, CV_32F, 1.0 / 255.0);
        stats.append(imageStatistics(unit));
    }
    return stats;
}

int intArg(const QStringList& args, const QString& name, int fallback) {
    const int at = int(args.indexOf(name));
    return at >= 0 && at + 1 < args.size() ? args[at + 1].toInt() : fallback;
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int trials = intArg(args, QStringLiteral("--trials"), 200);
    const int n = intArg(args, QStringLiteral("--lot"), 40);
    const int side = intArg(args, QStringLiteral("--side"), 64);
    QTextStream out(stdout);
    DriftSample reference;
    reference.images = lot(1000, n, side, 1.0);
    int flagged = 0, anyKs = 0, anyPsi = 0;
    const double factors[] = {0.98, 0.95, 0.9, 0.8};
    int darker[4] = {0, 0, 0, 0};
    const int darkTrials = std::min(trials, 30);
    for (int t = 0; t < trials; ++t) {
        const quint64 seed = 100000 + quint64(t) * 1000;
        DriftSample same;
        same.images = lot(seed, n, side, 1.0);
        const DriftReport r = compareLot(reference, same, QString());
        flagged += r.drift;
        bool ks = false, psi = false;
        for (const DriftFigure& f : r.figures) {
            ks = ks || f.significant;
            psi = psi || f.shifted;
        }
        anyKs += ks;
        anyPsi += psi;
        if (t >= darkTrials) continue;
        for (int k = 0; k < 4; ++k) {
            DriftSample dark;
            dark.images = lot(seed, n, side, factors[k]);
            darker[k] += compareLot(reference, dark, QString()).drift;
        }
    }
    out << "reference and lots of " << n << " demo normals, " << side << " px\n"
        << "unchanged lots flagged: " << flagged << " / " << trials << " (KS p < 0.01 alone: " << anyKs
        << ", PSI > 0.25 alone: " << anyPsi << ")\n";
    for (int k = 0; k < 4; ++k)
        out << "lots " << qRound((1.0 - factors[k]) * 100) << "% darker flagged: " << darker[k] << " / " << darkTrials << '\n';
    return 0;
}
