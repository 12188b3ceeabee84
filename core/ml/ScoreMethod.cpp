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
    {ScoreMethod::PixelL1Mean, "pixel-l1-mean"},       {ScoreMethod::PixelL2Mean, "pixel-l2-mean"},
    {ScoreMethod::PixelL1Nearest, "pixel-l1-nearest"}, {ScoreMethod::PixelL2Nearest, "pixel-l2-nearest"},
    {ScoreMethod::SsimNearest, "ssim-nearest"},        {ScoreMethod::HistCorrel, "hist-correl"},
    {ScoreMethod::HistChiSqr, "hist-chisqr"},          {ScoreMethod::HistBhattacharyya, "hist-bhattacharyya"},
    {ScoreMethod::OcSvm, "ocsvm"},                     {ScoreMethod::IForest, "iforest"},
    {ScoreMethod::Ganomaly, "ganomaly"},               {ScoreMethod::FusedKnn, "fused-knn"},
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

bool methodNeedsNetwork(ScoreMethod method) { return method != ScoreMethod::Knn && method != ScoreMethod::TextureKnn; }

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
    if (model == QLatin1String("ganomaly")) return ScoreMethod::Ganomaly;
    // A pretrained backbone is there for its patch features: PatchCore's memory bank.
    if (model == QLatin1String("backbone")) return ScoreMethod::PatchKnn;
    // Measured on Fashion-MNIST (aligned parts) and the demo weave (texture): see docs/benchmarks/ml.md.
    return ScoreMethod::Knn;
}

} // namespace faultline::ml
