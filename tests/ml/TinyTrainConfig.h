#pragma once
// The small, fast training setup the ML tests share: a few thousand weights, two threads, CPU,
// small memory banks. Tests change only what they are about.

#include "core/ml/TrainConfig.h"

#include <QString>

namespace faultline::testing {

inline ml::TrainConfig tinyTrainConfig(const QString& bundlePath, int size = 16) {
    ml::TrainConfig c;
    c.model = QStringLiteral("ae");
    c.size = size;
    c.channels = 1;
    c.epochs = 2;
    c.batchSize = 16;
    c.widths = {8, 16, 32};
    c.latent = 16;
    c.threads = 2;
    c.device = QStringLiteral("cpu");
    c.memoryBankSize = 64;
    c.textureBankSize = 4096;
    c.progressEvery = 1;
    c.bundlePath = bundlePath;
    return c;
}

} // namespace faultline::testing
