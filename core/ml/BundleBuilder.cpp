#include <torch/torch.h>
#include "internal/BundleBuilder.h"

#include "internal/ClassicalBanks.h"
#include "internal/ClassicalScores.h"
#include "internal/KCenterCoreset.h"
#include "internal/NeighbourFeatures.h"
#include "internal/NeighbourIndex.h"
#include "internal/ScoreEngine.h"
#include "internal/TorchSerial.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <map>

namespace faultline::ml {

namespace {
constexpr int64_t kScoreBatch = 64;           // images per inference batch while building banks
constexpr int64_t kMaxLatentRows = 20000;     // latent codes kept for latent-knn
constexpr int64_t kCandidatesPerBankRow = 8;  // patch candidates gathered per coreset row
constexpr int64_t kLatentK = 5;               // neighbours for the calibration of latent-knn
constexpr int64_t kMaxImageRows = 20000;      // image descriptors kept for image-knn
constexpr double kMinSpread = 1e-6;           // floor of the validation spread that scales knn
constexpr int64_t kAlignmentImages = 2000;    // training images the alignment check compares against
constexpr double kAlignedShiftSpread = 2.0;   // a shift must move normals this many spreads away to count as aligned

// Random rows of a [N,D] tensor, at most `count`, seeded.
torch::Tensor sampleRows(const torch::Tensor& rows, int64_t count, at::Generator& gen) {
    if (rows.size(0) <= count) return rows;
    return rows.index_select(0, torch::randperm(rows.size(0), gen).slice(0, 0, count));
}

// Whether whole-image distances mean anything here. Aligned parts: a view shifted by an eighth of
// the side lies far from every normal view. Texture: the shifted view is just as normal. Both
// views are crops of the same size, so no wrapped seam or border tells them apart.
bool imagesAligned(const ImageSet& train, const ImageSet& val, torch::Device device) {
    auto crop = [](const torch::Tensor& x, bool shifted) {
        const int64_t s = x.size(2) / 8, h = x.size(2) - s, w = x.size(3) - s;
        return x.slice(2, shifted ? s : 0, (shifted ? s : 0) + h).slice(3, shifted ? s : 0, (shifted ? s : 0) + w);
    };
    std::vector<torch::Tensor> bankRows, same, moved;
    for (int64_t start = 0; start < std::min(train.count(), kAlignmentImages); start += kScoreBatch) {
        auto x = train.range(start, std::min({train.count(), kAlignmentImages, start + kScoreBatch})).to(device);
        bankRows.push_back(imageDescriptors(crop(x, false)));
    }
    const auto bank = torch::cat(bankRows);
    for (int64_t start = 0; start < val.count(); start += kScoreBatch) {
        auto x = val.range(start, std::min(val.count(), start + kScoreBatch)).to(device);
        same.push_back(knnDistance(imageDescriptors(crop(x, false)), bank, 1).to(torch::kCPU, torch::kFloat64));
        moved.push_back(knnDistance(imageDescriptors(crop(x, true)), bank, 1).to(torch::kCPU, torch::kFloat64));
    }
    auto a = torch::cat(same), m = torch::cat(moved);
    const double spread = a.size(0) > 1 ? std::max(kMinSpread, a.std().item<double>()) : kMinSpread;
    return (m.mean().item<double>() - a.mean().item<double>()) / spread >= kAlignedShiftSpread;
}

// Mean and spread of two lists of validation scores: {mean a, spread a, mean b, spread b}.
std::vector<double> meansAndSpreads(const std::vector<float>& a, const std::vector<float>& b) {
    std::vector<double> out;
    for (const std::vector<float>* v : {&a, &b}) {
        auto t = torch::tensor(*v, torch::kFloat64);
        out.push_back(t.mean().item<double>());
        out.push_back(t.size(0) > 1 ? std::max(kMinSpread, t.std().item<double>()) : 1.0);
    }
    return out;
}

// Mean and spread of image-knn and texture-knn over the validation normals (their calibration
// scores), so that `knn` can compare a whole-image distance with a window distance, then 1 when
// the images are aligned.
torch::Tensor knnScale(const std::vector<float>& image, const std::vector<float>& texture, bool aligned) {
    std::vector<double> scale = meansAndSpreads(image, texture);
    scale.push_back(aligned ? 1.0 : 0.0);
    return torch::tensor(scale, torch::kFloat64);
}

// Every supported score of every validation sample (image, or window of a tiled image), in order.
std::map<ScoreMethod, std::vector<float>> validationScores(AnomalyNetImpl& net, const FeatureBanks& banks,
                                                           const ImageSet& val, torch::Device device) {
    const std::vector<ScoreMethod> methods = supportedMethods(net, banks);
    std::map<ScoreMethod, std::vector<float>> scores;
    for (int64_t start = 0; start < val.count(); start += kScoreBatch) {
        auto x = val.range(start, std::min(val.count(), start + kScoreBatch)).to(device);
        BatchScores s = scoreBatch(net, banks, x, methods, kLatentK);
        for (auto& [m, t] : s.scores) {
            auto c = t.to(torch::kCPU, torch::kFloat32).contiguous();
            scores[m].insert(scores[m].end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
        }
    }
    return scores;
}
} // namespace

QString dataFingerprint(const QString& root, const QStringList& paths) {
    const QDir dir(root);
    QStringList lines;
    for (const QString& p : paths)
        lines << dir.relativeFilePath(p) + QLatin1Char('\t') + QString::number(QFileInfo(p).size());
    lines.sort();
    return QString::fromLatin1(
        QCryptographicHash::hash(lines.join(QLatin1Char('\n')).toUtf8(), QCryptographicHash::Sha256).toHex());
}

bool buildBundle(BundleInputs& in, QString* error) {
    const TrainConfig& config = *in.config;
    AnomalyNetImpl& net = *in.net;
    torch::NoGradGuard noGrad;
    net.eval();
    FeatureBanks banks;
    auto gen = at::detail::createCPUGenerator(config.seed + 1);
    try {
        const int64_t n = in.train->count();
        std::vector<torch::Tensor> codes, oneClass, patches, images, windows;
        int64_t perImage = 0, windowsPerImage = 0;
        const int64_t batches = (n + kScoreBatch - 1) / kScoreBatch;
        for (int64_t start = 0; start < n; start += kScoreBatch) {
            if (in.progress && start > 0 && !in.progress(start / kScoreBatch, batches)) {
                in.cancelled = true;
                if (error) *error = QStringLiteral("training was cancelled");
                return false;
            }
            auto x = in.train->range(start, std::min(n, start + kScoreBatch)).to(in.device);
            NetOutput out = net.run(x);
            codes.push_back(out.code.to(torch::kCPU, torch::kFloat32));
            oneClass.push_back(oneClassFeatures(out.code, out.features).to(torch::kCPU));
            auto f = out.features.to(torch::kCPU, torch::kFloat32);
            const int64_t b = f.size(0), positions = f.size(2) * f.size(3);
            if (perImage == 0) {
                const int64_t wanted = int64_t(config.memoryBankSize) * kCandidatesPerBankRow;
                perImage = std::clamp<int64_t>((wanted + n - 1) / n, 1, positions);
            }
            auto rows = f.permute({0, 2, 3, 1}).reshape({b, positions, f.size(1)});
            for (int64_t i = 0; i < b; ++i) {
                auto pick = torch::randperm(positions, gen).slice(0, 0, perImage);
                patches.push_back(rows[i].index_select(0, pick));
            }
            images.push_back(imageDescriptors(x).to(torch::kCPU));
            auto t = textureDescriptors(x).to(torch::kCPU);
            const int64_t cells = t.size(2) * t.size(3);
            if (windowsPerImage == 0) windowsPerImage = std::clamp<int64_t>((config.textureBankSize + n - 1) / n, 1, cells);
            auto w = t.permute({0, 2, 3, 1}).reshape({b, cells, t.size(1)});
            for (int64_t i = 0; i < b; ++i)
                windows.push_back(w[i].index_select(0, torch::randperm(cells, gen).slice(0, 0, windowsPerImage)));
        }
        if (in.progress && !in.progress(batches, batches)) {
            in.cancelled = true;
            if (error) *error = QStringLiteral("training was cancelled");
            return false;
        }
        banks.latent = torch::cat(codes);
        if (banks.latent.size(0) > kMaxLatentRows)
            banks.latent = banks.latent.index_select(0, torch::randperm(banks.latent.size(0), gen).slice(0, 0, kMaxLatentRows));
        banks.patches = coresetSubsample(torch::cat(patches), config.memoryBankSize, config.seed + 2);
        // The texture bank is a plain random sample unless textureCoreset asks for a greedy
        // coreset of it: picks x rows x 128 multiply-adds, a minute on 2 cores for 8,192 of 32,768.
        banks.images = sampleRows(torch::cat(images), kMaxImageRows, gen).contiguous();
        banks.texture = textureBankFromSample(sampleRows(torch::cat(windows), config.textureBankSize, gen).contiguous(), config);
        // The validation normals are scored once: their image-knn and texture-knn scores give
        // the knn scale, from which their knn scores follow without scoring them again.
        buildPixelBanks(*in.train, config.seed + 3, &banks);
        QString why;
        if (!buildOneClassBanks(torch::cat(oneClass), config, &banks, &why)) {
            if (error) *error = QStringLiteral("building the model bundle '%1' failed: %2").arg(config.bundlePath, why);
            return false;
        }
        FeatureBanks deviceBanks = banks.to(in.device);
        // Calibrate with the search the bundle will score with (the scorer builds the same index).
        KnnIndex index = KnnIndex::Exact;
        parseKnnIndex(config.knnIndex, &index);
        if (index != KnnIndex::Exact && in.device.is_cpu()) {
            QString why;
            deviceBanks.textureIndex = NeighbourIndex::build(banks.texture, index, &why);
            if (!deviceBanks.textureIndex) {
                if (error) *error = QStringLiteral("building the model bundle '%1' failed: %2").arg(config.bundlePath, why);
                return false;
            }
        }
        std::map<ScoreMethod, std::vector<float>> valScores = validationScores(net, deviceBanks, *in.val, in.device);
        const std::vector<float>& imageVal = valScores[ScoreMethod::ImageKnn];
        const std::vector<float>& textureVal = valScores[ScoreMethod::TextureKnn];
        in.imagesAligned = imagesAligned(*in.train, *in.val, in.device);
        banks.knnScale = knnScale(imageVal, textureVal, in.imagesAligned);
        auto knn = combineKnn(torch::tensor(imageVal), torch::tensor(textureVal), banks.knnScale).contiguous();
        valScores[ScoreMethod::Knn].assign(knn.data_ptr<float>(), knn.data_ptr<float>() + knn.numel());
        const auto latentVal = valScores.find(ScoreMethod::LatentKnn);
        if (!imageVal.empty() && latentVal != valScores.end() && latentVal->second.size() == imageVal.size()) {
            // The units in which `fused-knn` averages image-knn and latent-knn.
            banks.fusedScale = torch::tensor(meansAndSpreads(imageVal, latentVal->second), torch::kFloat64);
            auto fused = fuseKnn(torch::tensor(imageVal), torch::tensor(latentVal->second), banks.fusedScale).contiguous();
            valScores[ScoreMethod::FusedKnn].assign(fused.data_ptr<float>(), fused.data_ptr<float>() + fused.numel());
        }
        // An image scores as its worst window (one window unless tiled), as the Scorer scores it.
        for (auto& [m, v] : valScores) v = perImageMax(*in.val, v);

        torch::serialize::OutputArchive featureArchive;
        writeBanks(featureArchive, banks);
        QByteArray featureBytes = archiveToBytes(featureArchive);

        ModelBundle bundle;
        bundle.metadata = in.metadata;
        bundle.metadata.faultlineVersion = QStringLiteral(FAULTLINE_VERSION);
        bundle.metadata.torchVersion = QStringLiteral(TORCH_VERSION);
        if (bundle.metadata.normalisation.isEmpty()) bundle.metadata.normalisation = QStringLiteral("unit-range");
        bundle.metadata.trainConfig = trainConfigToJson(config);
        bundle.metadata.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        ScoreMethod def = defaultScoreMethod(config.model);
        if (!config.scoreMethod.isEmpty()) parseScoreMethod(config.scoreMethod, &def);
        bundle.metadata.defaultScore = scoreMethodName(def);
        for (auto& [m, v] : valScores)
            bundle.calibration.methods.append(ScoreCalibration::fromScores(scoreMethodName(m), std::move(v)));
        // The lot drift check's reference: the same validation normals, decoded at their stored size.
        bundle.calibration.referenceImages = core::imageStatisticsOfFiles(in.val->paths());
        net.to(torch::kCPU);
        bundle.weights = net.weightsToBytes();
        bundle.features = std::move(featureBytes);
        return bundle.save(config.bundlePath, error);
    } catch (const c10::Error& e) {
        if (error)
            *error = QStringLiteral("building the model bundle '%1' failed: %2")
                         .arg(config.bundlePath, QString::fromUtf8(e.what_without_backtrace()));
        return false;
    } catch (const std::exception& e) { // a TorchScript backbone's layer that stopped giving a tensor
        if (error)
            *error = QStringLiteral("building the model bundle '%1' failed: %2").arg(config.bundlePath, QString::fromUtf8(e.what()));
        return false;
    }
}

} // namespace faultline::ml
