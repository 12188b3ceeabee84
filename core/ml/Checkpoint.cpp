#include <torch/torch.h>
#include "internal/Checkpoint.h"
#include "CheckpointFile.h"

#include "internal/TorchSerial.h"

#include "core/io/OsError.h"
#include "core/io/RegularFile.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cerrno>

namespace faultline::ml {

namespace {

constexpr int kCheckpointVersion = 1;
// The file: this magic, a SHA-256 of the archive, then the LibTorch archive. LibTorch reads many
// damaged archives without complaint (a flipped weight byte is just another weight), so the
// checksum is what tells damage from a model.
constexpr char kCheckpointMagic[] = "FAULTLINE-CKPT2\n"; // 16 bytes, no terminator written
constexpr int kCheckpointMagicSize = 16;
constexpr int kHashSize = 32;

bool fail(QString* error, const QString& path, const QString& why) {
    if (error) *error = QStringLiteral("checkpoint '%1': %2").arg(path, why);
    return false;
}

QJsonObject stateToJson(const CheckpointState& s) {
    QJsonArray history;
    for (const EpochRecord& e : s.history)
        history.append(QJsonArray{e.epoch, e.trainLoss, e.valLoss, e.seconds});
    return QJsonObject{{QStringLiteral("version"), kCheckpointVersion},
                       {QStringLiteral("epochs_done"), s.epochsDone},
                       {QStringLiteral("best_val_loss"), s.bestValLoss},
                       {QStringLiteral("best_epoch"), s.bestEpoch},
                       {QStringLiteral("epochs_since_best"), s.epochsSinceBest},
                       {QStringLiteral("history"), history},
                       {QStringLiteral("data_fingerprint"), s.dataFingerprint},
                       {QStringLiteral("config"), s.config},
                       {QStringLiteral("first_loss"), s.firstLoss}};
}

} // namespace

bool saveCheckpoint(const QString& path, AnomalyNetImpl& net, torch::optim::Optimizer& optimizer,
                    const CheckpointState& state, QString* error) {
    QByteArray bytes;
    try {
        torch::serialize::OutputArchive archive;
        torch::serialize::OutputArchive model, optim;
        net.save(model);
        optimizer.save(optim);
        archive.write("model", model);
        archive.write("optimizer", optim);
        torch::serialize::OutputArchive extra;
        net.saveTrainingState(extra);
        archive.write("extra", extra);
        archive.write("rng", at::detail::getDefaultCPUGenerator().get_state());
        // best_val_loss may be infinite, which JSON cannot hold: a finite stand-in survives the trip.
        CheckpointState copy = state;
        if (!std::isfinite(copy.bestValLoss)) copy.bestValLoss = std::numeric_limits<double>::max();
        archive.write("state", bytesToTensor(QJsonDocument(stateToJson(copy)).toJson(QJsonDocument::Compact)));
        archive.write("best", bytesToTensor(state.bestWeights));
        bytes = archiveToBytes(archive);
    } catch (const c10::Error& e) {
        if (error) *error = QStringLiteral("checkpoint '%1': cannot serialise: %2").arg(path, QString::fromUtf8(e.what_without_backtrace()));
        return false;
    }
    const QByteArray sealed = sealCheckpointArchive(bytes);
    QSaveFile file(path);
    errno = 0;
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered) || file.write(sealed) != sealed.size() || !file.commit()) {
        const int err = errno;
        if (error) *error = QStringLiteral("checkpoint '%1': cannot be written: %2").arg(path, core::fileFailureReason(file, err));
        return false;
    }
    return true;
}

// The verified archive bytes of the checkpoint at path.
static bool readVerified(const QString& path, QByteArray* archiveBytes, QString* error) {
    if (const QString why = core::regularFileProblem(path); !why.isEmpty()) return fail(error, path, why);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return fail(error, path, file.errorString());
    const QByteArray whole = file.readAll();
    if (whole.size() != file.size()) return fail(error, path, QStringLiteral("cannot be read: %1").arg(file.errorString()));
    if (!whole.startsWith(QByteArray(kCheckpointMagic, kCheckpointMagicSize))) {
        const bool older = whole.startsWith("PK\x03\x04"); // a bare LibTorch archive, as earlier versions wrote
        return fail(error, path, older ? QStringLiteral("written by an earlier version without a checksum; start without resume")
                                       : QStringLiteral("is damaged or not a Faultline checkpoint (wrong magic bytes); "
                                                        "start without resume"));
    }
    if (whole.size() < kCheckpointMagicSize + kHashSize)
        return fail(error, path, QStringLiteral("is truncated; start without resume"));
    const QByteArray bytes = whole.mid(kCheckpointMagicSize + kHashSize);
    if (QCryptographicHash::hash(bytes, QCryptographicHash::Sha256) != whole.mid(kCheckpointMagicSize, kHashSize))
        return fail(error, path, QStringLiteral("is damaged (checksum mismatch); start without resume"));
    *archiveBytes = bytes;
    return true;
}

bool loadCheckpoint(const QString& path, AnomalyNetImpl& net, torch::optim::Optimizer& optimizer,
                    CheckpointState* state, QString* error) {
    QByteArray bytes;
    if (!readVerified(path, &bytes, error)) return false;
    try {
        torch::serialize::InputArchive archive;
        archiveFromBytes(bytes, &archive);
        torch::Tensor stateBytes, best, rng;
        archive.read("state", stateBytes);
        const QJsonObject o = QJsonDocument::fromJson(tensorToBytes(stateBytes)).object();
        if (o.value(QStringLiteral("version")).toInt() != kCheckpointVersion) {
            if (error) *error = QStringLiteral("checkpoint '%1': written by another version; start without resume").arg(path);
            return false;
        }
        CheckpointState s;
        s.epochsDone = o.value(QStringLiteral("epochs_done")).toInt();
        s.bestValLoss = o.value(QStringLiteral("best_val_loss")).toDouble();
        if (s.bestValLoss >= std::numeric_limits<double>::max()) s.bestValLoss = std::numeric_limits<double>::infinity();
        s.bestEpoch = o.value(QStringLiteral("best_epoch")).toInt();
        s.epochsSinceBest = o.value(QStringLiteral("epochs_since_best")).toInt();
        for (const QJsonValue& v : o.value(QStringLiteral("history")).toArray()) {
            const QJsonArray a = v.toArray();
            s.history.append(EpochRecord{a.at(0).toInt(), a.at(1).toDouble(), a.at(2).toDouble(), a.at(3).toDouble()});
        }
        s.dataFingerprint = o.value(QStringLiteral("data_fingerprint")).toString();
        s.config = o.value(QStringLiteral("config")).toObject();
        s.firstLoss = o.value(QStringLiteral("first_loss")).toDouble();
        archive.read("best", best);
        s.bestWeights = tensorToBytes(best);
        torch::serialize::InputArchive model, optim;
        archive.read("model", model);
        archive.read("optimizer", optim);
        net.load(model);
        optimizer.load(optim);
        // Checkpoints from before networks kept state of their own have none: the defaults stand.
        torch::serialize::InputArchive extra;
        if (archive.try_read("extra", extra)) net.loadTrainingState(extra);
        archive.read("rng", rng);
        at::Generator generator = at::detail::getDefaultCPUGenerator(); // a handle sharing the default state
        generator.set_state(rng);
        *state = s;
    } catch (const c10::Error& e) {
        if (error)
            *error = QStringLiteral("checkpoint '%1' is damaged or does not match this model: %2")
                         .arg(path, QString::fromUtf8(e.what_without_backtrace()));
        return false;
    } catch (const std::exception& e) { // the archive reader also throws torch::jit::ErrorReport
        if (error)
            *error = QStringLiteral("checkpoint '%1' is damaged or does not match this model: %2")
                         .arg(path, QString::fromUtf8(e.what()).left(300));
        return false;
    }
    return true;
}

QByteArray sealCheckpointArchive(const QByteArray& archive) {
    return QByteArray(kCheckpointMagic, kCheckpointMagicSize) + QCryptographicHash::hash(archive, QCryptographicHash::Sha256) + archive;
}

QByteArray checkpointArchive(const QByteArray& sealed) {
    return sealed.size() < kCheckpointMagicSize + kHashSize ? QByteArray() : sealed.mid(kCheckpointMagicSize + kHashSize);
}

bool inspectCheckpoint(const QString& path, CheckpointSummary* out, QString* error, int maxInputSize) {
    QByteArray bytes;
    if (!readVerified(path, &bytes, error)) return false;
    TrainConfig config;
    try {
        torch::serialize::InputArchive archive;
        archiveFromBytes(bytes, &archive);
        torch::Tensor stateBytes;
        archive.read("state", stateBytes);
        config = trainConfigFromJson(QJsonDocument::fromJson(tensorToBytes(stateBytes)).object()
                                         .value(QStringLiteral("config")).toObject());
    } catch (const c10::Error& e) {
        return fail(error, path, QStringLiteral("is damaged: %1").arg(QString::fromUtf8(e.what_without_backtrace()).left(300)));
    } catch (const std::exception& e) {
        return fail(error, path, QStringLiteral("is damaged: %1").arg(QString::fromUtf8(e.what()).left(300)));
    }
    if (const QString bad = validateTrainConfig(config); !bad.isEmpty())
        return fail(error, path, QStringLiteral("holds an invalid training configuration: %1").arg(bad));
    if (config.size > maxInputSize)
        return fail(error, path, QStringLiteral("describes a %1 px network, over the %2 px allowed here").arg(config.size).arg(maxInputSize));
    NetSpec spec{config.model, config.size, config.channels,
                 std::vector<int64_t>(config.widths.begin(), config.widths.end()), config.latent, config.klWeight, {}};
    QString why;
    AnomalyNetPtr net;
    try {
        net = makeNet(spec, &why);
    } catch (const std::exception& e) {
        return fail(error, path, QStringLiteral("cannot build the network it describes: %1").arg(QString::fromUtf8(e.what()).left(300)));
    }
    if (!net) return fail(error, path, why);
    torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(config.learningRate));
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    const torch::Tensor saved = generator.get_state();
    CheckpointState state;
    const bool ok = loadCheckpoint(path, *net, optimizer, &state, error);
    generator.set_state(saved);
    if (!ok) return false;
    if (out) *out = CheckpointSummary{state.epochsDone, config.model, config.size, config.channels};
    return true;
}

} // namespace faultline::ml
