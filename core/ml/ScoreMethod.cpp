#include "ScoreMethod.h"

namespace faultline::ml {

namespace {
struct Entry {
    ScoreMethod method;
    const char* name;
};
constexpr Entry kMethods[] = {
    {ScoreMethod::Mse, "mse"},           {ScoreMethod::TopK, "topk"},
    {ScoreMethod::Ssim, "ssim"},         {ScoreMethod::VaeElbo, "vae"},
    {ScoreMethod::LatentKnn, "latent-knn"}, {ScoreMethod::PatchKnn, "patch-knn"},
    {ScoreMethod::ImageKnn, "image-knn"},   {ScoreMethod::TextureKnn, "texture-knn"},
    {ScoreMethod::Knn, "knn"},           {ScoreMethod::DefectMap, "defect-map"},
    {ScoreMethod::Diff, "diff"},
};
} // namespace

bool parseScoreMethod(const QString& text, ScoreMethod* out) {
    const QString t = text.trimmed().toLower();
    for (const Entry& e : kMethods)
        if (t == QLatin1String(e.name)) {
            *out = e.method;
            return true;
        }
    return false;
}

QString scoreMethodName(ScoreMethod method) {
    for (const Entry& e : kMethods)
        if (e.method == method) return QLatin1String(e.name);
    return QStringLiteral("mse");
}

QStringList scoreMethodNames() {
    QStringList names;
    for (const Entry& e : kMethods) names << QLatin1String(e.name);
    return names;
}

ScoreMethod defaultScoreMethod(const QString& model) {
    // The restoration model is trained to produce its defect map: that map is its score.
    if (model == QLatin1String("restore")) return ScoreMethod::DefectMap;
    // Measured on Fashion-MNIST (aligned parts) and the demo weave (texture): see docs/benchmarks/ml.md.
    return ScoreMethod::Knn;
}

} // namespace faultline::ml
