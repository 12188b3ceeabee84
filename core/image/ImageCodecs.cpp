#include "core/image/ImageCodecs.h"

#include "core/image/ImageCodecTable.h"

#include <QDir>
#include <QFileInfo>
#include <QLibrary>

#include <mutex>

namespace faultline::core::codecs {

namespace {

constexpr const char* kModuleName = "faultline-codecs.so";

struct Loaded {
    const ImageCodecTable* table = nullptr;
    QString problem;
};

const Loaded& loaded() {
    static Loaded state;
    static std::once_flag once;
    std::call_once(once, [] {
        QStringList tried;
        for (const QString& path : moduleCandidates()) {
            if (!QFileInfo(path).isFile()) {
                tried << QStringLiteral("%1: not found").arg(QDir::cleanPath(path));
                continue;
            }
            auto* library = new QLibrary(path); // never unloaded: decoded images may run its code
            using Entry = const ImageCodecTable* (*)();
            if (library->load()) {
                if (auto entry = reinterpret_cast<Entry>(library->resolve("faultline_image_codecs_v1"))) {
                    state.table = entry();
                    return;
                }
                tried << QStringLiteral("%1: no faultline_image_codecs_v1 entry (another version)").arg(QDir::cleanPath(path));
            } else {
                tried << QStringLiteral("%1: %2").arg(QDir::cleanPath(path), library->errorString());
            }
            delete library;
        }
        state.problem = QStringLiteral("the image codecs (%1) could not be loaded; tried %2")
                            .arg(QLatin1String(kModuleName), tried.join(QStringLiteral("; ")));
    });
    return state;
}

} // namespace

QStringList moduleCandidates() {
    const QString name = QLatin1String(kModuleName);
    QStringList out;
    const QFileInfo exe(QStringLiteral("/proc/self/exe"));
    const QString exePath = exe.canonicalFilePath();
    if (!exePath.isEmpty()) {
        const QDir here = QFileInfo(exePath).absoluteDir();
        out << here.filePath(name) << here.filePath(QStringLiteral("../lib/faultline/") + name);
    }
    out << QDir(QStringLiteral(FAULTLINE_CODECS_BUILD_DIR)).filePath(name)
        << QDir(QStringLiteral(FAULTLINE_CODECS_INSTALL_DIR)).filePath(name);
    return out;
}

QString problem() { return loaded().problem; }

cv::Mat decode(const cv::Mat& buffer, int flags) {
    const Loaded& l = loaded();
    return l.table ? l.table->decode(buffer, flags) : cv::Mat();
}

bool encode(const std::string& extension, const cv::Mat& image, std::vector<uchar>& out, const std::vector<int>& params) {
    const Loaded& l = loaded();
    return l.table && l.table->encode(extension, image, out, params);
}

cv::Mat read(const std::string& path, int flags) {
    const Loaded& l = loaded();
    return l.table ? l.table->read(path, flags) : cv::Mat();
}

bool write(const std::string& path, const cv::Mat& image, const std::vector<int>& params) {
    const Loaded& l = loaded();
    return l.table && l.table->write(path, image, params);
}

} // namespace faultline::core::codecs
