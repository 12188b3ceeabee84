// A high-resolution inspection set with small defects, for measuring tiling against shrinking
// (docs/benchmarks/ml.md, "Large images: tiles against shrinking"):
//   bench_hires --out DIR [--size 1024] [--train 60] [--test-good 20] [--per-defect 12] [--seed 1]
// The surface is the demo's woven fabric drawn at --size px (its threads stay 8 px apart, so a
// larger image holds more threads, as a higher-resolution camera would). The defects are drawn
// here, small and of this program's own making (spots of 6 to 14 px, scratches 1 to 2 px wide and
// 24 to 80 px long), with their masks, in MVTec AD layout; `bench_ml demo --data DIR` measures it.
#include "core/demo/DemoTexture.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>
#include <random>

using namespace faultline;

namespace {

QString arg(const QStringList& args, const QString& name, const QString& fallback) {
    const int i = int(args.indexOf(name));
    return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
}

// A small defect on `image` (8-bit grey); its mask (0/255) is returned.
cv::Mat drawDefect(cv::Mat& image, bool scratch, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const int size = image.rows;
    cv::Mat canvas = cv::Mat::zeros(image.size(), CV_8U);
    const cv::Point c(int(40 + u(rng) * (size - 80)), int(40 + u(rng) * (size - 80)));
    double shift = 0.0;
    if (scratch) {
        const double length = 24 + u(rng) * 56, angle = u(rng) * CV_PI;
        const cv::Point d(int(std::cos(angle) * length / 2), int(std::sin(angle) * length / 2));
        cv::line(canvas, c - d, c + d, cv::Scalar(255), 1 + int(u(rng) * 2), cv::LINE_8);
        shift = 60 + u(rng) * 30;
    } else {
        cv::circle(canvas, c, 3 + int(u(rng) * 5), cv::Scalar(255), cv::FILLED, cv::LINE_8);
        shift = (u(rng) < 0.5 ? -1.0 : 1.0) * (50 + u(rng) * 30);
    }
    cv::Mat weight, f;
    canvas.convertTo(weight, CV_32F, 1.0 / 255.0);
    cv::GaussianBlur(weight, weight, cv::Size(3, 3), 0.7);
    image.convertTo(f, CV_32F);
    f += weight * shift;
    f.convertTo(image, CV_8U);
    return canvas;
}

cv::Mat fabric(quint64 seed, int size) {
    cv::Mat out;
    core::demoTexture(seed, size).convertTo(out, CV_8U, 255.0);
    return out;
}

bool write(const QString& path, const cv::Mat& m) {
    QDir().mkpath(QFileInfo(path).path());
    return cv::imwrite(path.toStdString(), m);
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString outDir = arg(args, "--out", QString());
    if (outDir.isEmpty()) {
        std::fprintf(stderr, "usage: bench_hires --out DIR [--size 1024] [--train 60] [--test-good 20] [--per-defect 12] [--seed 1]\n");
        return 1;
    }
    const int size = arg(args, "--size", "1024").toInt();
    const int train = arg(args, "--train", "60").toInt(), testGood = arg(args, "--test-good", "20").toInt();
    const int perDefect = arg(args, "--per-defect", "12").toInt();
    const quint64 seed = arg(args, "--seed", "1").toULongLong();
    std::mt19937_64 rng(seed);
    quint64 texture = seed * 100000;
    auto name = [](int i) { return QStringLiteral("%1.png").arg(i, 3, 10, QLatin1Char('0')); };
    for (int i = 0; i < train; ++i)
        if (!write(outDir + "/train/good/" + name(i), fabric(++texture, size))) return 2;
    for (int i = 0; i < testGood; ++i)
        if (!write(outDir + "/test/good/" + name(i), fabric(++texture, size))) return 2;
    for (const char* kind : {"spot", "scratch"}) {
        for (int i = 0; i < perDefect; ++i) {
            cv::Mat image = fabric(++texture, size);
            const cv::Mat mask = drawDefect(image, QLatin1String(kind) == QLatin1String("scratch"), rng);
            if (!write(outDir + "/test/" + kind + "/" + name(i), image) ||
                !write(outDir + "/ground_truth/" + kind + "/" + QStringLiteral("%1_mask.png").arg(i, 3, 10, QLatin1Char('0')), mask))
                return 2;
        }
    }
    QTextStream(stdout) << "wrote " << train << " train, " << testGood << " test normals and " << 2 * perDefect
                        << " defects (spot, scratch) at " << size << " px to " << outDir << "\n";
    return 0;
}
