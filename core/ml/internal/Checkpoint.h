#pragma once
// Private to faultline_ml. Training state written after every epoch so a run can resume exactly:
// model, optimiser, finished epoch, the CPU random generator, early-stopping state and the best
// weights so far. Written atomically; loading errors name the file.

#include "AnomalyNet.h"
#include "core/ml/Trainer.h"

#include <QByteArray>
#include <QJsonObject>

namespace faultline::ml {

struct CheckpointState {
    int epochsDone = 0;
    double bestValLoss = std::numeric_limits<double>::infinity();
    int bestEpoch = 0;
    int epochsSinceBest = 0;
    QVector<EpochRecord> history;
    QString dataFingerprint;
    QJsonObject config;       // trainConfigToJson() of the run that wrote it
    QByteArray bestWeights;   // moduleToBytes() of the best epoch's network
    double firstLoss = 0.0;   // first reported training loss, for the "did not fall" check
};

bool saveCheckpoint(const QString& path, AnomalyNetImpl& net, torch::optim::Optimizer& optimizer,
                    const CheckpointState& state, QString* error);
bool loadCheckpoint(const QString& path, AnomalyNetImpl& net, torch::optim::Optimizer& optimizer,
                    CheckpointState* state, QString* error);

} // namespace faultline::ml
