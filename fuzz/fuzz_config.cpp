// Fuzzes the training configuration reader: any bytes parsed as JSON go through
// trainConfigFromJson (missing or mistyped fields keep their defaults) and validateTrainConfig
// (a config is either usable or refused with a message). A config that validates must survive
// a round trip through trainConfigToJson unchanged. Never a crash.
#include "core/ml/TrainConfig.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdlib>

using namespace faultline::ml;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    // A model bundle stores the config as an object; anything else reads as an empty object.
    const TrainConfig config = trainConfigFromJson(doc.object());
    const QString problem = validateTrainConfig(config);
    if (!problem.isEmpty()) return 0;
    const TrainConfig again = trainConfigFromJson(trainConfigToJson(config));
    if (!validateTrainConfig(again).isEmpty()) std::abort();
    if (again.model != config.model || again.size != config.size || again.channels != config.channels ||
        again.epochs != config.epochs || again.batchSize != config.batchSize || again.seed != config.seed ||
        again.widths != config.widths || again.latent != config.latent || again.device != config.device ||
        again.learningRate != config.learningRate || again.valFraction != config.valFraction)
        std::abort();
    return 0;
}
