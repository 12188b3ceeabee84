#include <torch/torch.h>
#include "BundleBuilder.h"

#include "ScoreEngine.h"
#include "TorchSerial.h"

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
        std::vector<torch::Tensor> codes, patches;
        int64_t perImage = 0;
        for (int64_t start = 0; start < n; start += kScoreBatch) {
            auto x = in.train->range(start, std::min(n, start + kScoreBatch)).to(in.device);
            NetOutput out = net.run(x);
            codes.push_back(out.code.to(torch::kCPU, torch::kFloat32));
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
        }
        banks.latent = torch::cat(codes);
        if (banks.latent.size(0) > kMaxLatentRows)
            banks.latent = banks.latent.index_select(0, torch::randperm(banks.latent.size(0), gen).slice(0, 0, kMaxLatentRows));
        banks.patches = coresetSubsample(torch::cat(patches), config.memoryBankSize, config.seed + 2);

        torch::serialize::OutputArchive featureArchive;
        featureArchive.write("latent", banks.latent);
        featureArchive.write("patches", banks.patches);
        QByteArray featureBytes = archiveToBytes(featureArchive);

        FeatureBanks deviceBanks{banks.latent.to(in.device), banks.patches.to(in.device)};
        const std::vector<ScoreMethod> methods = supportedMethods(net, deviceBanks);
        std::map<ScoreMethod, std::vector<float>> valScores;
        for (int64_t start = 0; start < in.val->count(); start += kScoreBatch) {
            auto x = in.val->range(start, std::min(in.val->count(), start + kScoreBatch)).to(in.device);
            BatchScores s = scoreBatch(net, deviceBanks, x, methods, kLatentK);
            for (auto& [m, t] : s.scores) {
                auto c = t.to(torch::kCPU, torch::kFloat32).contiguous();
                valScores[m].insert(valScores[m].end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
            }
        }
        ModelBundle bundle;
        bundle.metadata = in.metadata;
        bundle.metadata.faultlineVersion = QStringLiteral(FAULTLINE_VERSION);
        bundle.metadata.torchVersion = QStringLiteral(TORCH_VERSION);
        bundle.metadata.normalisation = QStringLiteral("unit-range");
        bundle.metadata.trainConfig = trainConfigToJson(config);
        bundle.metadata.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        ScoreMethod def = defaultScoreMethod(config.model);
        if (!config.scoreMethod.isEmpty()) parseScoreMethod(config.scoreMethod, &def);
        bundle.metadata.defaultScore = scoreMethodName(def);
        for (auto& [m, v] : valScores)
            bundle.calibration.methods.append(ScoreCalibration::fromScores(scoreMethodName(m), std::move(v)));
        net.to(torch::kCPU);
        bundle.weights = moduleToBytes(net);
        bundle.features = std::move(featureBytes);
        return bundle.save(config.bundlePath, error);
    } catch (const c10::Error& e) {
        if (error)
            *error = QStringLiteral("building the model bundle '%1' failed: %2")
                         .arg(config.bundlePath, QString::fromUtf8(e.what_without_backtrace()));
        return false;
    }
}

} // namespace faultline::ml
