#include <torch/torch.h>
#include "internal/Checkpoint.h"

#include "internal/TorchSerial.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace faultline::ml {

namespace {

constexpr int kCheckpointVersion = 1;

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
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error) *error = QStringLiteral("checkpoint '%1': cannot be written: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool loadCheckpoint(const QString& path, AnomalyNetImpl& net, torch::optim::Optimizer& optimizer,
                    CheckpointState* state, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = QStringLiteral("checkpoint '%1': %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = file.readAll();
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
        archive.read("rng", rng);
        at::Generator generator = at::detail::getDefaultCPUGenerator(); // a handle sharing the default state
        generator.set_state(rng);
        *state = s;
    } catch (const c10::Error& e) {
        if (error)
            *error = QStringLiteral("checkpoint '%1' is damaged or does not match this model: %2")
                         .arg(path, QString::fromUtf8(e.what_without_backtrace()));
        return false;
    }
    return true;
}

} // namespace faultline::ml
