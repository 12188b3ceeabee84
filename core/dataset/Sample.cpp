#include "core/dataset/Sample.h"

namespace faultline::core {

QString splitName(Split split) {
    switch (split) {
    case Split::Train: return QStringLiteral("train");
    case Split::Val: return QStringLiteral("val");
    case Split::Test: return QStringLiteral("test");
    }
    return {};
}

bool parseSplit(const QString& text, Split* out) {
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("train")) *out = Split::Train;
    else if (t == QLatin1String("val") || t == QLatin1String("validation")) *out = Split::Val;
    else if (t == QLatin1String("test")) *out = Split::Test;
    else return false;
    return true;
}

QString truthName(GroundTruth truth) {
    switch (truth) {
    case GroundTruth::Normal: return QStringLiteral("normal");
    case GroundTruth::Anomalous: return QStringLiteral("anomalous");
    case GroundTruth::Unknown: return QStringLiteral("unknown");
    }
    return {};
}

} // namespace faultline::core
